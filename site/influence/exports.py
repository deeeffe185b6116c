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

from .models import BodyKind, BodyLevel, Mandate, MandateRole

CHUNK_SIZE = 500
THEME_SEPARATOR = "|"
CSV_SEPARATORS = {",": ",", ";": ";"}

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
    """Mandates with the joins the report page's table reads (model instances)."""
    return (
        queryset.select_related("representative", "body")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")))
        .order_by(*EXPORT_ORDER)
    )


EXPORT_ORDER = ("body__name", "representative__name", "start_date", "pk")
# Column values read straight from the database, in FIELD_NAMES order, themes excepted.
ROW_VALUES = (
    "representative__name",
    "representative__company",
    "representative__position",
    "representative__department_code",
    "body__name",
    "body__kind",
    "body__level",
    "body__department_code",
    "role",
    "start_date",
    "end_date",
    "training_completed_on",
)


def _rows_with_themes(queryset):
    """(column values, theme slugs) per mandate in export order, from two streamed queries.

    Exports read tuples, not model instances: building ten thousand models costs twenty
    times what writing their CSV does. The theme links are read in the same mandate order and
    merged as both streams advance, so memory stays flat and the query count is two. Slugs are
    ASCII, so the output is identical on SQLite and PostgreSQL.
    """
    ordered = queryset.order_by(*EXPORT_ORDER)
    rows = ordered.values_list("pk", *ROW_VALUES).iterator(chunk_size=CHUNK_SIZE)
    links = (
        Mandate.themes.through.objects.filter(mandate__in=ordered.values("pk"))
        .order_by(*(f"mandate__{field}" for field in EXPORT_ORDER), "theme__slug")
        .values_list("mandate_id", "theme__slug")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    link = next(links, None)
    for pk, *values in rows:
        slugs = []
        while link is not None and link[0] == pk:
            slugs.append(link[1])
            link = next(links, None)
        yield values, slugs


def _iso(day):
    return day.isoformat() if day else None


def export_rows(queryset):
    """Each mandate as a list of cells in FIELD_NAMES order; missing dates are None, which
    the CSV writer turns into the empty cell the Table Schema declares as missing."""
    for values, slugs in _rows_with_themes(queryset):
        *columns, start, end, training = values
        yield [*columns, _iso(start), _iso(end), slugs, _iso(training)]


def export_records(queryset):
    """Each mandate as plain values keyed by the export's field names, in export order."""
    for row in export_rows(queryset):
        yield dict(zip(FIELD_NAMES, row, strict=True))


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
    themes = FIELD_NAMES.index("themes")
    for row in export_rows(queryset):
        row[themes] = THEME_SEPARATOR.join(row[themes])
        yield writer.writerow(row)


def iter_json(queryset, metadata):
    """A JSON document ``{...metadata, "mandats": [...]}`` written record by record."""
    head = json.dumps(metadata, ensure_ascii=False)[:-1]
    yield head + (', "mandats": [' if metadata else '"mandats": [')
    for index, record in enumerate(export_records(queryset)):
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
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
