"""Open-data exports of the published mandates: CSV, JSON and the CSV's Table Schema; and the
media plan's actions as iCal events (the calendar itself is `core.ical.build_calendar`).

Each export is a generator over ``queryset.iterator()``: rows are read from the database in
chunks and written out one by one, so memory does not grow with the number of mandates.
The callers pass a queryset that is already limited to consenting representatives.
"""

import csv
import datetime
import functools
import json

from django.db.models import CharField, F, Func, Prefetch, TextField

from core.departments import DEPARTMENTS
from core.ical import ical_text
from core.spreadsheets import spreadsheet_safe
from positions.models import Theme

from .models import BodyKind, BodyLevel, Mandate, MandateRole, MediaStatus

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

# The CSV is opened in spreadsheets by journalists: beside each code column, the same value in
# words, as the site shows it. The JSON keeps the codes alone (programs read it).
LABELS = {
    "type_instance": dict(BodyKind.choices),
    "niveau": dict(BodyLevel.choices),
    "role": dict(MandateRole.choices),
}
LABEL_COLUMNS = {
    "type_instance": ("type_instance_libelle", "Type d'instance en toutes lettres"),
    "niveau": ("niveau_libelle", "Niveau en toutes lettres"),
    "role": ("role_libelle", "Rôle en toutes lettres"),
    "themes": ("themes_libelles", "Thèmes suivis en toutes lettres"),
}
CSV_FIELDS = []
for _field in FIELDS:
    CSV_FIELDS.append(_field)
    if _field[0] in LABEL_COLUMNS:
        _name, _title = LABEL_COLUMNS[_field[0]]
        _description = (
            f"Noms des thèmes de la colonne themes, dans le même ordre, séparés par "
            f"« {THEME_SEPARATOR} »."
            if _field[0] == "themes"
            else f"Libellé de la colonne {_field[0]}, tel qu'affiché sur le site."
        )
        CSV_FIELDS.append((_name, "string", _title, _description, False, None))
CSV_FIELD_NAMES = [name for name, *_ in CSV_FIELDS]


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


class ThemeIds(Func):
    """The ids of a mandate's themes joined with "," in no set order, None without themes.

    A correlated subquery: unlike a join, it ignores a theme filter the caller already
    joined. It reads the link table alone, which costs less per mandate than the join to
    themes and the GROUP BY the ORM would write; ThemeSlugs turns the ids into slugs once
    per combination of themes.
    """

    output_field = TextField()
    aggregate = "GROUP_CONCAT(export_link.{theme})"

    def __init__(self):
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, aggregate=None, **extra_context):
        links = Mandate.themes.through._meta
        name = connection.ops.quote_name
        ids = (aggregate or self.aggregate).format(theme=name(links.get_field("theme").column))
        mandate = name(links.get_field("mandate").column)
        table = name(links.db_table)
        # Names from the model, the mandate's id from the ORM: no user input.
        template = (
            f"(SELECT {ids} FROM {table} export_link WHERE export_link.{mandate} = %(expressions)s)"  # noqa: S608
        )
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        aggregate = "STRING_AGG(export_link.{theme}::text, ',')"
        return self.as_sql(compiler, connection, aggregate=aggregate, **extra_context)


class ThemeSlugs(dict):
    """ThemeIds' string -> the slugs in code point order (the same order on every database,
    whatever its collation), worked out once per combination of themes, not per mandate.

    The slugs are read at the first combination, once the export's query has run; a theme
    created or deleted since then is left out rather than failing the export.
    """

    def __init__(self):
        super().__init__({None: ()})
        self.by_id = {}

    def __missing__(self, ids):
        if not self.by_id:
            self.by_id = {str(pk): slug for pk, slug in Theme.objects.values_list("pk", "slug")}
        slugs = tuple(sorted(self.by_id[i] for i in ids.split(",") if i in self.by_id))
        self[ids] = slugs
        return slugs


def _export_values(queryset):
    """Each mandate's cells in FIELD_NAMES order, in export order, streamed; themes as
    ThemeIds' string, missing dates as None.

    Exports read tuples, not model instances: building ten thousand models costs twenty
    times what writing their CSV does. Dates are read as the ISO text both exports write:
    on SQLite, parsing them into dates and formatting them back cost half as much as
    writing the CSV. Themes come from the same query: a second query sorted by the export
    order cost more than the main one.
    """
    return (
        queryset.order_by(*EXPORT_ORDER)
        .annotate(
            start=IsoDate("start_date"),
            end=IsoDate("end_date"),
            theme_ids=ThemeIds(),
            training=IsoDate("training_completed_on"),
        )
        .values_list(*ROW_VALUES, "start", "end", "theme_ids", "training")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def export_rows(queryset):
    """Each mandate as a list of cells in FIELD_NAMES order; missing dates are None, themes
    a tuple of slugs."""
    themes = ThemeSlugs()
    for *columns, theme_ids, training in _export_values(queryset):
        yield [*columns, themes[theme_ids], training]


def export_records(queryset):
    """Each mandate as plain values keyed by the export's field names, in export order."""
    for row in export_rows(queryset):
        yield dict(zip(FIELD_NAMES, row, strict=True))


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def iter_csv(queryset, separator=","):
    """CSV lines, header first, with a label column beside each code column (CSV_FIELDS).
    Both variants start with a BOM: Excel only recognises UTF-8 when the file says so with
    one, and journalists open the comma variant in Excel too (CSV readers skip it).

    Only the free-text cells go through spreadsheet_safe(): codes are one of their choices
    and dates are ISO, so neither can start with a formula trigger. Missing dates are None,
    which the csv module writes as the empty cell the Table Schema declares as missing.
    """
    writer = csv.writer(_Line(), delimiter=separator, lineterminator="\r\n")
    yield "\ufeff"
    yield writer.writerow(CSV_FIELD_NAMES)
    slugs = ThemeSlugs()
    theme_names = {}
    kinds, levels, roles = LABELS["type_instance"], LABELS["niveau"], LABELS["role"]

    @functools.cache
    def themes(theme_ids):
        """The slugs cell and the names cell. A slug or a name may start with "-", so both
        cells are guarded like free text."""
        if theme_ids is not None and not theme_names:
            theme_names.update(Theme.objects.values_list("slug", "name"))
        theme_slugs = slugs[theme_ids]
        names = (theme_names.get(slug, slug) for slug in theme_slugs)
        return (
            spreadsheet_safe(THEME_SEPARATOR.join(theme_slugs)),
            spreadsheet_safe(THEME_SEPARATOR.join(names)),
        )

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
        theme_ids,
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
                kinds.get(kind, kind),
                level,
                levels.get(level, level),
                body_department,
                role,
                roles.get(role, role),
                start,
                end,
                *themes(theme_ids),
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
    for name, kind, title, description, required, enum in CSV_FIELDS:
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
    """An all-day VEVENT for one action, for `core.ical.build_calendar`.

    The promoted page is named only when its id is in ``shown_page_ids``, so a public export
    never names a draft or embargoed position.
    """
    from icalendar import Event  # with the calendar, not at start-up (see core.ical)

    vevent = Event()
    vevent.add("uid", media_action_uid(action, domain))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", action.date)
    vevent.add("dtend", action.date + datetime.timedelta(days=1))
    # Free text goes through the site's one iCal cleaner, like the event calendars.
    vevent.add(
        "summary", ical_text(f"{action.get_channel_display()} – {action.outlet} : {action.topic}")
    )
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
    vevent.add("description", ical_text("\n".join(lines)))
    return vevent
