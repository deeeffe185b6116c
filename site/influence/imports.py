"""Bulk import of mandates from a CSV file: one row per mandate, with its body and holder.

The columns are those of the public CSV export (so an export can be edited and imported
back), plus ``consentement`` and ``site_instance``. A body or representative named in a row
is reused when it exists and created otherwise. The whole file is checked before anything is
written, and written in one transaction: an import is complete or it did not happen.
"""

import bisect
import csv
import datetime
import functools
import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends

from core.cache import bump_content_version, one_content_version_bump
from core.departments import DEPARTMENTS
from core.spreadsheets import spreadsheet_text
from positions.models import Theme

from .exports import LABEL_COLUMNS
from .models import LOCAL_LEVELS, Body, BodyKind, BodyLevel, Mandate, MandateRole, Representative

# One import is written in one request: at this many rows, even a file that creates a new
# representative on every row (search indexing included) is written in about 15 to 20 s on
# PostgreSQL, inside gunicorn's 30-second timeout (57,000 such rows took 37 to 52 s).
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_BYTES = settings.INFLUENCE_IMPORT_MAX_BYTES
BATCH_SIZE = 1000
REQUIRED_COLUMNS = ("instance", "representant", "role", "debut")
OPTIONAL_COLUMNS = (
    "type_instance",
    "niveau",
    "departement_instance",
    "site_instance",
    "entreprise",
    "fonction",
    "departement_representant",
    "consentement",
    "fin",
    "themes",
    "formation",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Each column explained for the editors (the import page's table), with an example value.
COLUMN_HELP = {
    "instance": (
        "Nom de l'instance où siège le mandataire, tel qu'il est déjà enregistré s'il l'est.",
        "CCI Occitanie",
    ),
    "representant": ("Prénom et nom du mandataire.", "Alice Exemple"),
    "role": ("Son rôle dans l'instance : titulaire, suppleant, president…", "titulaire"),
    "debut": ("Date de début du mandat, JJ/MM/AAAA ou AAAA-MM-JJ.", "01/01/2024"),
    "type_instance": (
        "Pour une instance pas encore enregistrée : son type (codes ci-dessous).",
        "cci",
    ),
    "niveau": (
        "Pour une instance pas encore enregistrée : local, departemental, regional ou national.",
        "regional",
    ),
    "departement_instance": (
        "Code du département d'une instance locale ou départementale (09, 11, 12…) ; vide sinon.",
        "",
    ),
    "site_instance": (
        "Adresse du site web de l'instance, facultative.",
        "https://www.occitanie.cci.fr",
    ),
    "entreprise": (
        "Entreprise que dirige le mandataire : distingue deux homonymes.",
        "Atelier Démo",
    ),
    "fonction": ("Fonction du mandataire dans son entreprise.", "Gérante"),
    "departement_representant": ("Code du département du mandataire.", "31"),
    "consentement": (
        "Pour un mandataire pas encore enregistré : accepte-t-il d'être publié "
        "sur le site ? oui ou non.",
        "oui",
    ),
    "fin": ("Date de fin du mandat ; vide s'il est en cours.", ""),
    "themes": ("Thèmes suivis : leurs identifiants séparés par « | ».", ""),
    "formation": ("Date de la formation de mandataire ; vide si elle n'est pas encore suivie.", ""),
}
# The public export's columns in words (type_instance_libelle…): accepted and ignored, so that
# an exported file imports as it is. The codes beside them are what the import reads.
IGNORED_COLUMNS = tuple(name for name, _ in LABEL_COLUMNS.values())
YES = {"oui", "o", "1", "vrai", "true", "yes", "x"}
NO = {"non", "n", "0", "faux", "false", "no"}


@dataclass(slots=True)
class PlannedMandate:
    """A valid row: what the import will create, shown to the editor before confirming.

    A 2 MB file holds tens of thousands of rows, all kept until the import is written: hence
    slots, and the body and the representative shared by every row that names them (saved, or
    built by the import and saved with it).
    """

    line: int
    body: Body
    representative: Representative
    role: str
    start: datetime.date
    end: datetime.date | None
    themes: tuple
    training: datetime.date | None

    @property
    def role_label(self):
        return MandateRole(self.role).label

    @property
    def body_is_new(self):
        return self.body.pk is None

    @property
    def representative_is_new(self):
        return self.representative.pk is None


@dataclass(slots=True)
class RowError:
    """A problem, where it is: the file's line and, when one cell is at fault, its column."""

    line: int
    message: str
    column: str = ""


@dataclass
class ImportReport:
    planned: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    new_bodies: dict = field(default_factory=dict)
    new_people: dict = field(default_factory=dict)
    imported: bool = False

    @property
    def ok(self):
        return not self.errors and bool(self.planned)


def choice_lookup(choices):
    """Codes ("tribunal-commerce") and labels ("Tribunal de commerce"), any case, to codes."""
    return {str(name).casefold(): code for code, label in choices for name in (code, label)}


KINDS = choice_lookup(BodyKind.choices)
LEVELS = choice_lookup(BodyLevel.choices)
ROLES = choice_lookup(MandateRole.choices)
DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})"
)


def department_code(value):
    """Spreadsheets drop leading zeros: "9" means "09"."""
    code = value.strip().zfill(2)
    return code if code in DEPARTMENTS else None


def parse_date(value):
    """YYYY-MM-DD or DD/MM/YYYY, leading zeros optional. Not strptime: with two or three dates
    a row, it took a quarter of the time spent checking a large file."""
    match = DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = (
        (match["y"], match["m"], match["d"]) if match["y"] else match.group("y2", "m2", "d2")
    )
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def unreadable(data):
    """Why the bytes are not a CSV file at all, with the line where it shows, or None.

    The decoded text is only a check, dropped at once: parse decodes again, row by row.
    """
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return RowError(
            data.count(b"\n", 0, error.start) + 1,
            "Le fichier n'est pas encodé en UTF-8 (premier caractère illisible à cette ligne). "
            "Dans votre tableur, enregistrez-le au format « CSV UTF-8 ».",
        )
    if b"\x00" in data:
        return RowError(
            data.count(b"\n", 0, data.index(b"\x00")) + 1,
            "Le fichier contient un caractère nul : est-ce bien un fichier CSV ?",
        )
    return None


# The template's second row: a departmental body, a deputy whose mandate has ended.
SECOND_EXAMPLE = {
    "instance": "Tribunal de commerce de Toulouse",
    "representant": "Bruno Fictif",
    "role": "suppleant",
    "debut": "15/09/2021",
    "type_instance": "tribunal-commerce",
    "niveau": "departemental",
    "departement_instance": "31",
    "consentement": "non",
    "fin": "14/09/2025",
}


def import_template() -> bytes:
    """The file offered for download on the import page: every column, two example rows
    that import as they are. Semicolons and a BOM, the way French spreadsheets save CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(COLUMN_HELP[name][1] for name in COLUMNS)
    writer.writerow(SECOND_EXAMPLE.get(name, "") for name in COLUMNS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def parse(data, *, may_publish_people=True):
    """Check a whole file against the database without writing anything.

    Without ``may_publish_people`` (the influence.publish_representative permission), a new
    representative may not be created with consent to publication: that is a moderator's call.

    Rows are decoded and checked one at a time, straight from the bytes: the text of the file
    is never held whole, nor split into lines.
    """
    report = ImportReport()
    error = unreadable(data)
    if error:
        report.errors.append(error)
        return report
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    first_line = stream.readline()
    if not first_line.strip():
        report.errors.append(
            RowError(1, "Le fichier est vide : la première ligne doit nommer les colonnes.")
        )
        return report
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter)
    try:
        check_rows(report, reader, may_publish_people)
    except csv.Error as error:
        return ImportReport(
            errors=[
                RowError(reader.line_num, f"Ligne illisible ({error}) : vérifiez les guillemets.")
            ]
        )
    if not report.planned and not report.errors:
        report.errors.append(RowError(1, "Le fichier ne contient aucun mandat."))
    return report


def check_rows(report, reader, may_publish_people=True):
    header = [name.strip().casefold() for name in next(reader)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS and name not in IGNORED_COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"colonnes manquantes : {', '.join(missing)}")
        if unknown:
            problems.append(f"colonnes inconnues : {', '.join(unknown)}")
        report.errors.append(
            RowError(
                1,
                f"En-tête incorrect ({' ; '.join(problems)}). Colonnes attendues : "
                f"{', '.join(COLUMNS)}.",
            )
        )
        return
    checker = _Checker(report, may_publish_people)
    rows = 0
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if rows > MAX_IMPORT_ROWS:
            report.errors.append(
                RowError(
                    reader.line_num,
                    f"Le fichier compte plus de {MAX_IMPORT_ROWS:,} mandats".replace(",", "\u202f")
                    + " : découpez-le en plusieurs fichiers, chacun avec la ligne d'en-tête, "
                    "et importez-les l'un après l'autre.",
                )
            )
            return
        if len(cells) != len(header):
            report.errors.append(
                RowError(
                    reader.line_num,
                    f"{len(cells)} valeurs pour {len(header)} colonnes : vérifiez "
                    "le séparateur et les guillemets.",
                )
            )
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            (name, spreadsheet_text(cell.strip())) for name, cell in zip(header, cells, strict=True)
        )
        checker.check(reader.line_num, row)


def run_import(data, *, may_publish_people=True):
    """Check the file, then create everything it describes in one transaction, or nothing."""
    with transaction.atomic():
        report = parse(data, may_publish_people=may_publish_people)
        if report.ok:
            with one_content_version_bump():
                create(report)
                bump_content_version()  # bulk writes send no save signal
            report.imported = True
    return report


def create(report):
    """Write what parse planned, a batch of rows per query: one save per row (with its checks,
    search and reference index updates) takes minutes for a 2 MB file.

    Bulk writes skip the save signals, so this does their work: the new bodies and
    representatives are added to the search index (the admin choosers search it), and each
    mandate's links are recorded in Wagtail's reference index (without them the admin would
    call a body unused and offer to delete it with its mandates). The content version that
    cached pages are keyed on is bumped once, by run_import, after the last write.
    """
    for model, objects in [
        (Body, report.new_bodies.values()),
        (Representative, report.new_people.values()),
    ]:
        for batch in batched(objects):
            model.objects.bulk_create(batch)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, batch)
            record_references(model, batch)
    through = Mandate.themes.through
    for batch in batched(report.planned):
        mandates = Mandate.objects.bulk_create(
            Mandate(
                representative=row.representative,
                body=row.body,
                role=row.role,
                start_date=row.start,
                end_date=row.end,
                training_completed_on=row.training,
            )
            for row in batch
        )
        through.objects.bulk_create(
            through(mandate=mandate, theme=theme)
            for mandate, row in zip(mandates, batch, strict=True)
            for theme in row.themes
        )
        record_references(Mandate, mandates)


def batched(items, size=BATCH_SIZE):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def record_references(model, objects):
    """Wagtail's reference index entries for new objects, as its save signal would write them
    (ReferenceIndex.create_or_update_for_object, less the queries for entries that a new
    object cannot have yet)."""
    if not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = ReferenceIndex._get_base_content_type(model)
    content_path_hash = functools.cache(ReferenceIndex._get_content_path_hash)
    ReferenceIndex.objects.bulk_create(
        ReferenceIndex(
            content_type_id=content_type.pk,
            base_content_type_id=base_content_type.pk,
            object_id=obj.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=content_path_hash(content_path),
        )
        for obj in objects
        for to_content_type_id, to_object_id, model_path, content_path in (
            ReferenceIndex._extract_references_from_object(obj)
        )
    )


class _Checker:
    """Checks rows one by one against the database and against the rows before them.

    Everything it compares with is loaded once (bodies, representatives, themes, the periods
    of the mandates held): no query per row.
    """

    def __init__(self, report, may_publish_people=True):
        self.report = report
        self.may_publish_people = may_publish_people
        self.bodies = {body.name.casefold(): body for body in Body.objects.all()}
        self.people = {
            (person.name.casefold(), person.company.casefold()): person
            for person in Representative.objects.all()
        }
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.held = defaultdict(list)
        for body_id, person_id, start, end in Mandate.objects.order_by().values_list(
            "body_id", "representative_id", "start_date", "end_date"
        ):
            self.held[body_id, person_id].append((start, end))
        self.planned = defaultdict(list)

    def check(self, line, row):
        errors = []

        def fail(message, column=""):
            errors.append(RowError(line, message, column))

        if not row["instance"]:
            fail("Le nom de l'instance est obligatoire.", "instance")
        if not row["representant"]:
            fail("Le nom du mandataire est obligatoire.", "representant")
        body_key = self.check_body(row, fail) if row["instance"] else None
        person_key = self.check_person(row, fail) if row["representant"] else None
        role = ROLES.get(row["role"].strip().casefold())
        if role is None:
            fail(
                f"Rôle inconnu « {row['role']} » : valeurs admises "
                f"{', '.join(MandateRole.values)}.",
                "role",
            )
        start = self.date(row, "debut", "de début", fail, required=True)
        end = self.date(row, "fin", "de fin", fail)
        if start and end and end < start:
            fail("La fin du mandat précède son début.", "fin")
        training = self.date(row, "formation", "de formation", fail)
        themes = []
        for slug in filter(None, (s.strip() for s in row["themes"].replace(",", "|").split("|"))):
            if slug in self.themes:
                themes.append(self.themes[slug])
            else:
                fail(
                    f"Thème inconnu « {slug} » : thèmes existants {', '.join(self.themes)}.",
                    "themes",
                )
        if errors:
            self.report.errors.extend(errors)
            return
        mandate = PlannedMandate(
            line=line,
            body=self.bodies.get(body_key) or self.report.new_bodies[body_key],
            representative=self.people.get(person_key) or self.report.new_people[person_key],
            role=role,
            start=start,
            end=end,
            themes=tuple(themes),
            training=training,
        )
        clash = self.duplicate_of(mandate, self.planned[body_key, person_key])
        if clash:
            self.report.errors.append(RowError(line, clash, "debut"))
            return
        bisect.insort(self.planned[body_key, person_key], mandate, key=attrgetter("start"))
        self.report.planned.append(mandate)

    @staticmethod
    def date(row, column, label, fail, required=False):
        value = row[column]
        if not value:
            if required:
                fail(f"La date {label} est obligatoire.", column)
            return None
        parsed = parse_date(value)
        if parsed is None:
            fail(f"Date {label} invalide « {value} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ.", column)
        return parsed

    @staticmethod
    def model_checks(instance, columns, fail):
        """The model's own field checks (lengths, web address), so that the preview reports
        what the database would refuse."""
        try:
            instance.clean_fields()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                fail(" ".join(messages), columns[name])

    def check_body(self, row, fail):
        key = row["instance"].casefold()
        wanted = {"kind": None, "level": None, "department_code": None}
        if row["type_instance"]:
            wanted["kind"] = KINDS.get(row["type_instance"].strip().casefold())
            if wanted["kind"] is None:
                fail(
                    f"Type d'instance inconnu « {row['type_instance']} » : valeurs admises "
                    f"{', '.join(BodyKind.values)}.",
                    "type_instance",
                )
        if row["niveau"]:
            wanted["level"] = LEVELS.get(row["niveau"].strip().casefold())
            if wanted["level"] is None:
                fail(
                    f"Niveau inconnu « {row['niveau']} » : valeurs admises "
                    f"{', '.join(BodyLevel.values)}.",
                    "niveau",
                )
        if row["departement_instance"]:
            wanted["department_code"] = department_code(row["departement_instance"])
            if wanted["department_code"] is None:
                fail(unknown_department(row["departement_instance"]), "departement_instance")
        known = self.bodies.get(key) or self.report.new_bodies.get(key)
        if known is not None:
            for attr, value in wanted.items():
                if value and value != getattr(known, attr):
                    fail(
                        f"L'instance « {row['instance']} » est déjà connue avec un autre "
                        f"{BODY_ATTR_LABELS[attr]} : laissez la colonne vide ou corrigez-la.",
                        BODY_COLUMNS[attr],
                    )
            return key
        if not (row["type_instance"] and row["niveau"]):
            fail(
                f"Instance inconnue « {row['instance']} » : renseignez type_instance et niveau "
                "pour la créer.",
                "type_instance" if not row["type_instance"] else "niveau",
            )
            return key
        if wanted["level"] in LOCAL_LEVELS and not row["departement_instance"]:
            fail(
                "Une instance locale ou départementale doit avoir un département.",
                "departement_instance",
            )
        if all(wanted[attr] for attr in ("kind", "level")):
            body = Body(
                name=row["instance"],
                kind=wanted["kind"],
                level=wanted["level"],
                department_code=wanted["department_code"] or "",
                website=row["site_instance"],
            )
            self.model_checks(body, BODY_COLUMNS, fail)
            self.report.new_bodies[key] = body
        return key

    def check_person(self, row, fail):
        key = (row["representant"].casefold(), row["entreprise"].casefold())
        consent = None
        if row["consentement"]:
            answer = row["consentement"].casefold()
            consent = True if answer in YES else False if answer in NO else None
            if consent is None:
                fail(
                    f"Consentement illisible « {row['consentement']} » : écrivez oui ou non.",
                    "consentement",
                )
        department = ""
        if row["departement_representant"]:
            department = department_code(row["departement_representant"])
            if department is None:
                fail(
                    unknown_department(row["departement_representant"]), "departement_representant"
                )
        known = self.people.get(key) or self.report.new_people.get(key)
        if known is not None:
            if consent is not None and consent != known.public_consent:
                fail(
                    f"Le consentement indiqué pour « {row['representant']} » diffère de celui "
                    "déjà connu : modifiez la fiche du mandataire dans l'administration.",
                    "consentement",
                )
            return key
        if row["consentement"] == "":
            fail(
                f"Mandataire inconnu « {row['representant']} » : indiquez son consentement à "
                "être publié (oui ou non) pour le créer.",
                "consentement",
            )
        elif consent and not self.may_publish_people:
            fail(
                f"Seul un modérateur peut publier « {row['representant']} » : écrivez « non » "
                "dans la colonne consentement, puis demandez à un modérateur de cocher le "
                "consentement sur la fiche du mandataire."
            )
        elif consent is not None and department is not None:
            person = Representative(
                name=row["representant"],
                company=row["entreprise"],
                position=row["fonction"],
                department_code=department,
                public_consent=consent,
            )
            self.model_checks(person, PERSON_COLUMNS, fail)
            self.report.new_people[key] = person
        return key

    def duplicate_of(self, mandate, planned):
        """Why the mandate overlaps one of the same person in the same body, or None.

        `planned` holds the file's earlier mandates of that pair by start date; they never
        overlap one another, so they also end in that order, and only the last one starting
        before this one ends can reach into it: a bisection, not a scan, even when a file
        lists thousands of periods of one person in one body.
        """
        index = bisect.bisect_right(
            planned, mandate.end or datetime.date.max, key=attrgetter("start")
        )
        if index and overlaps(
            mandate.start, mandate.end, planned[index - 1].start, planned[index - 1].end
        ):
            return (
                "Mandat en double : même mandataire et même instance sur une période qui "
                f"chevauche celle de la ligne {planned[index - 1].line}."
            )
        held = self.held.get((mandate.body.pk, mandate.representative.pk), ())
        if any(overlaps(mandate.start, mandate.end, start, end) for start, end in held):
            return (
                "Mandat en double : ce mandataire a déjà un mandat enregistré dans cette instance "
                "sur une période qui chevauche celle-ci."
            )
        return None


BODY_ATTR_LABELS = {"kind": "type", "level": "niveau", "department_code": "département"}
BODY_COLUMNS = {
    "name": "instance",
    "kind": "type_instance",
    "level": "niveau",
    "department_code": "departement_instance",
    "website": "site_instance",
}
PERSON_COLUMNS = {
    "name": "representant",
    "company": "entreprise",
    "position": "fonction",
    "department_code": "departement_representant",
    "public_consent": "consentement",
}


def unknown_department(value):
    return (
        f"Département inconnu « {value} » : codes admis {', '.join(DEPARTMENTS)} "
        "(départements d'Occitanie)."
    )


def overlaps(start_a, end_a, start_b, end_b):
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
