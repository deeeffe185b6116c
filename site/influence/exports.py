"""Open-data exports of the published mandates: CSV, JSON and the CSV's Table Schema.

Each export is a generator over ``queryset.iterator()``: rows are read from the database in
chunks and written out one by one, so memory does not grow with the number of mandates.
The callers pass a queryset that is already limited to consenting representatives.
"""

import csv
import json

from django.db.models import Prefetch

from home.departments import DEPARTMENTS
from positions.models import Theme

from .models import BodyKind, BodyLevel, MandateRole

CHUNK_SIZE = 500
THEME_SEPARATOR = "|"
CSV_SEPARATORS = {",": ",", ";": ";"}
# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection": a
# company named =HYPERLINK(…) becomes a link that leaks the sheet). Such cells get a leading
# apostrophe, which spreadsheets read as "text" and hide; the import removes it again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def spreadsheet_text(cell: str) -> str:
    """The value a spreadsheet_safe() cell stands for (used by the CSV import)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


# (name, type, title, description, required, enum)
FIELDS = [
    ("representant", "string", "Mandataire", "Nom et prénom du mandataire.", True, None),
    ("entreprise", "string", "Entreprise", "Entreprise que dirige le mandataire.", False, None),
    ("fonction", "string", "Fonction", "Fonction du mandataire dans son entreprise.", False, None),
    (
        "departement_representant",
        "string",
        "Département du mandataire",
        "Code du département (texte sur deux caractères, 09 pour l'Ariège).",
        False,
        list(DEPARTMENTS),
    ),
    ("instance", "string", "Instance", "Nom de l'instance où siège le mandataire.", True, None),
    (
        "type_instance",
        "string",
        "Type d'instance",
        "; ".join(f"{code} : {label}" for code, label in BodyKind.choices),
        True,
        BodyKind.values,
    ),
    (
        "niveau",
        "string",
        "Niveau",
        "; ".join(f"{code} : {label}" for code, label in BodyLevel.choices),
        True,
        BodyLevel.values,
    ),
    (
        "departement_instance",
        "string",
        "Département de l'instance",
        "Code du département ; vide pour une instance régionale ou nationale.",
        False,
        list(DEPARTMENTS),
    ),
    (
        "role",
        "string",
        "Rôle",
        "; ".join(f"{code} : {label}" for code, label in MandateRole.choices),
        True,
        MandateRole.values,
    ),
    ("debut", "date", "Début du mandat", "Date de début (AAAA-MM-JJ).", True, None),
    ("fin", "date", "Fin du mandat", "Date de fin, vide si le mandat est en cours.", False, None),
    (
        "themes",
        "string",
        "Thèmes suivis",
        f"Identifiants des thèmes, séparés par « {THEME_SEPARATOR} ».",
        False,
        None,
    ),
    (
        "formation",
        "date",
        "Formation suivie le",
        "Date de la formation de mandataire, vide si elle n'a pas encore été suivie.",
        False,
        None,
    ),
]
FIELD_NAMES = [name for name, *_ in FIELDS]


def export_queryset(queryset):
    """The one query shape every export reads: joins for the row, themes fetched per chunk.

    Themes are sorted by slug (ASCII) so the output is identical on SQLite and PostgreSQL,
    whose collations order accented names differently.
    """
    return (
        queryset.select_related("representative", "body")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
        .order_by("body__name", "representative__name", "start_date", "pk")
    )


def mandate_record(mandate):
    """One mandate as plain values keyed by the export's field names.

    Themes are a list and missing dates are None; the CSV writer turns None into an empty
    cell, which the Table Schema declares as its missing value.
    """
    person, body = mandate.representative, mandate.body
    return {
        "representant": person.name,
        "entreprise": person.company,
        "fonction": person.position,
        "departement_representant": person.department_code,
        "instance": body.name,
        "type_instance": body.kind,
        "niveau": body.level,
        "departement_instance": body.department_code,
        "role": mandate.role,
        "debut": mandate.start_date.isoformat(),
        "fin": mandate.end_date.isoformat() if mandate.end_date else None,
        "themes": [theme.slug for theme in mandate.themes.all()],
        "formation": (
            mandate.training_completed_on.isoformat() if mandate.training_completed_on else None
        ),
    }


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def iter_csv(queryset, separator=","):
    """CSV lines, header first. The ";" variant starts with a BOM: it exists for French
    spreadsheet users, and Excel only recognises UTF-8 when the file says so with a BOM.
    """
    writer = csv.writer(_Line(), delimiter=separator, lineterminator="\r\n")
    if separator == ";":
        yield "\ufeff"
    yield writer.writerow(FIELD_NAMES)
    for mandate in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        record = mandate_record(mandate)
        record["themes"] = THEME_SEPARATOR.join(record["themes"])
        yield writer.writerow([spreadsheet_safe(record[name]) for name in FIELD_NAMES])


def iter_json(queryset, metadata):
    """A JSON document ``{...metadata, "mandats": [...]}`` written record by record."""
    head = json.dumps(metadata, ensure_ascii=False)[:-1]
    yield head + (', "mandats": [' if metadata else '"mandats": [')
    for index, mandate in enumerate(export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE)):
        yield ("," if index else "") + json.dumps(mandate_record(mandate), ensure_ascii=False)
    yield "]}"


def table_schema():
    """The Frictionless Table Schema describing the CSV export's columns."""
    fields = []
    for name, kind, title, description, required, enum in FIELDS:
        spec = {"name": name, "type": kind, "title": title, "description": description}
        constraints = {}
        if required:
            constraints["required"] = True
        if enum:
            constraints["enum"] = list(enum)
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
    }
