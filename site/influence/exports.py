"""Open-data exports of the published mandates: CSV, JSON and the CSV's Table Schema; and the
media plan's actions as iCal events (the calendar itself is `home.ical.build_calendar`).

Each export is a generator over ``queryset.iterator()``: rows are read from the database in
chunks and written out one by one, so memory does not grow with the number of mandates.
The callers pass a queryset that is already limited to consenting representatives.
"""

import csv
import datetime
import functools
import json

from django.db.models import (
    Aggregate,
    CharField,
    Func,
    OuterRef,
    Prefetch,
    Subquery,
    TextField,
    Value,
)
from icalendar import Event

from home.departments import DEPARTMENTS
from positions.models import Theme

from .models import BodyKind, BodyLevel, Mandate, MandateRole, MediaStatus

CHUNK_SIZE = 500
THEME_SEPARATOR = "|"
CSV_SEPARATORS = {",": ",", ";": ";"}
# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection": a
# company named =HYPERLINK(…) becomes a link that leaks the sheet). Such cells get a leading
# apostrophe, which spreadsheets read as "text" and hide; the import removes it again.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")


def spreadsheet_safe(text: str) -> str:
    """The cell for a free-text value. It runs for four cells of every exported row: a set
    lookup on the first character is the cheapest test (and "" is in no set)."""
    return f"'{text}" if text[:1] in FORMULA_TRIGGERS else text


def spreadsheet_text(cell: str) -> str:
    """The value a spreadsheet_safe() cell stands for (used by the CSV import)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_TRIGGERS else cell


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
# Column values read straight from the database, in FIELD_NAMES order, dates and themes
# excepted.
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
)


class IsoDate(Func):
    """A date as ISO text ("2024-01-31"), what both exports write. SQLite stores dates as
    that text; TO_CHAR does not depend on PostgreSQL's DateStyle."""

    template = "CAST(%(expressions)s AS TEXT)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "TO_CHAR(%(expressions)s, 'YYYY-MM-DD')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class SlugList(Aggregate):
    """Slugs joined with THEME_SEPARATOR in no set order: GROUP_CONCAT cannot be ordered
    before SQLite 3.44, so the exports sort them (see _sorted_slugs)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(THEME_SEPARATOR))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def _export_values(queryset):
    """Each mandate's cells in FIELD_NAMES order, in export order, streamed; themes as
    SlugList's string, missing dates as None.

    Exports read tuples, not model instances: building ten thousand models costs twenty
    times what writing their CSV does. Dates are read as ISO text: read as dates, parsing
    them and formatting them back cost more than writing the whole row. The slugs come from
    a correlated subquery: a second query sorted by the export order cost more than the main
    one, and a subquery, unlike a join, ignores a theme filter already joined by the caller.
    """
    links = Mandate.themes.through.objects.filter(mandate=OuterRef("pk")).values("mandate")
    return (
        queryset.order_by(*EXPORT_ORDER)
        .annotate(
            start=IsoDate("start_date"),
            end=IsoDate("end_date"),
            theme_slugs=Subquery(links.annotate(slugs=SlugList("theme__slug")).values("slugs")),
            training=IsoDate("training_completed_on"),
        )
        .values_list(*ROW_VALUES, "start", "end", "theme_slugs", "training")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _sorted_slugs(aggregated):
    """SlugList's string (None without themes) as slugs in code point order: the same order
    on every database, whatever its collation."""
    return tuple(sorted(aggregated.split(THEME_SEPARATOR))) if aggregated else ()


def _theme_cell(aggregated):
    # A slug may start with "-", so the cell is guarded like free text.
    return spreadsheet_safe(THEME_SEPARATOR.join(_sorted_slugs(aggregated)))


def export_rows(queryset):
    """Each mandate as a list of cells in FIELD_NAMES order; missing dates are None."""
    themes = functools.cache(_sorted_slugs)  # a few combinations, for thousands of mandates
    for *columns, slugs, training in _export_values(queryset):
        yield [*columns, themes(slugs), training]


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

    Only the free-text cells go through spreadsheet_safe(): codes are one of their choices
    and dates are ISO, so neither can start with a formula trigger. Missing dates are None,
    which the csv module writes as the empty cell the Table Schema declares as missing.
    """
    writer = csv.writer(_Line(), delimiter=separator, lineterminator="\r\n")
    if separator == ";":
        yield "\ufeff"
    yield writer.writerow(FIELD_NAMES)
    themes = functools.cache(_theme_cell)
    for (
        name,
        company,
        position,
        person_department,
        body,
        kind,
        level,
        body_department,
        role,
        start,
        end,
        slugs,
        training,
    ) in _export_values(queryset):
        yield writer.writerow(
            (
                spreadsheet_safe(name),
                spreadsheet_safe(company),
                spreadsheet_safe(position),
                person_department,
                spreadsheet_safe(body),
                kind,
                level,
                body_department,
                role,
                start,
                end,
                themes(slugs),
                training,
            )
        )


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


ICAL_STATUS = {
    MediaStatus.PLANNED: "TENTATIVE",
    MediaStatus.DONE: "CONFIRMED",
    MediaStatus.CANCELLED: "CANCELLED",
}


def media_action_uid(action, domain):
    """Stable for the life of the action (its row survives edits of the plan)."""
    return f"action-{action.pk}@{domain}"


def media_action_vevent(action, domain, url, stamp, *, shown_page_ids=frozenset()):
    """An all-day VEVENT for one action, for `home.ical.build_calendar`.

    The promoted page is named only when its id is in ``shown_page_ids``, so a public export
    never names a draft or embargoed position.
    """
    vevent = Event()
    vevent.add("uid", media_action_uid(action, domain))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", action.date)
    vevent.add("dtend", action.date + datetime.timedelta(days=1))
    vevent.add("summary", f"{action.get_channel_display()} – {action.outlet} : {action.topic}")
    vevent.add("status", ICAL_STATUS[action.status])
    vevent.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    vevent.add("categories", [action.get_channel_display()])
    vevent.add("url", url)
    lines = [f"Statut : {action.get_status_display()}"]
    if action.spokesperson_id:
        lines.append(f"Porte-parole : {action.spokesperson.name}")
    page = action.linked_page
    if page is not None and page.pk in shown_page_ids:
        lines.append(f"Met en avant : {page.title}")
    if action.coverage_url:
        lines.append(f"Retombée : {action.coverage_url}")
    if action.audience is not None:
        lines.append(f"Audience : {action.audience}")
    vevent.add("description", "\n".join(lines))
    return vevent
