"""Bulk import of mandates from a CSV file: one row per mandate, with its body and holder.

The columns are those of the public CSV export (so an export can be edited and imported
back), plus ``consentement`` and ``site_instance``. A body or representative named in a row
is reused when it exists and created otherwise. The whole file is checked before anything is
written, and written in one transaction: an import is complete or it did not happen.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from home.cache import one_content_version_bump
from home.departments import DEPARTMENTS
from positions.models import Theme

from .exports import spreadsheet_text
from .models import LOCAL_LEVELS, Body, BodyKind, BodyLevel, Mandate, MandateRole, Representative

MAX_IMPORT_BYTES = 2 * 1024 * 1024
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
YES = {"oui", "o", "1", "vrai", "true", "yes", "x"}
NO = {"non", "n", "0", "faux", "false", "no"}


@dataclass
class PlannedMandate:
    """A valid row: what the import will create, shown to the editor before confirming."""

    line: int
    body_key: str
    body_pk: int | None
    body_name: str
    body_is_new: bool
    person_key: tuple
    person_pk: int | None
    representative_name: str
    company: str
    representative_is_new: bool
    role: str
    start: datetime.date
    end: datetime.date | None
    themes: list
    training: datetime.date | None

    @property
    def role_label(self):
        return MandateRole(self.role).label


@dataclass
class RowError:
    line: int
    message: str


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


def choice_code(value, choices):
    """Accept a code ("tribunal-commerce") or its label ("Tribunal de commerce"), any case."""
    wanted = value.strip().casefold()
    for code, label in choices:
        if wanted in (code.casefold(), label.casefold()):
            return code
    return None


def department_code(value):
    """Spreadsheets drop leading zeros: "9" means "09"."""
    code = value.strip().zfill(2)
    return code if code in DEPARTMENTS else None


def parse_date(value):
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def decode(data):
    """UTF-8 text (a leading BOM is dropped), or the French reason it is not."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, RowError(
            line,
            "Le fichier n'est pas encodé en UTF-8 (premier caractère illisible à cette ligne). "
            "Dans votre tableur, enregistrez-le au format « CSV UTF-8 ».",
        )


def parse(data):
    """Check a whole file against the database without writing anything."""
    report = ImportReport()
    text, error = decode(data)
    if error:
        report.errors.append(error)
        return report
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        report.errors.append(
            RowError(line, "Le fichier contient un caractère nul : est-ce bien un fichier CSV ?")
        )
        return report
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        report.errors.append(
            RowError(1, "Le fichier est vide : la première ligne doit nommer les colonnes.")
        )
        return report
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().casefold() for name in next(reader)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
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
        return report
    checker = _Checker(report)
    try:
        rows = [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        report.errors.append(
            RowError(reader.line_num, f"Ligne illisible ({error}) : vérifiez les guillemets.")
        )
        return report
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            report.errors.append(
                RowError(
                    line,
                    f"{len(cells)} valeurs pour {len(header)} colonnes : vérifiez "
                    "le séparateur et les guillemets.",
                )
            )
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            (name, spreadsheet_text(cell.strip())) for name, cell in zip(header, cells, strict=True)
        )
        checker.check(line, row)
    if not report.planned and not report.errors:
        report.errors.append(RowError(1, "Le fichier ne contient aucun mandat."))
    return report


def run_import(data):
    """Check the file, then create everything it describes in one transaction, or nothing."""
    with transaction.atomic():
        report = parse(data)
        if not report.ok:
            return report
        try:
            with one_content_version_bump(), transaction.atomic():
                create(report)
        except ValidationError as error:
            report.errors.append(RowError(error.line, " ".join(error.messages)))
            return report
    report.imported = True
    return report


def create(report):
    bodies = {pk: Body(pk=pk) for pk in {row.body_pk for row in report.planned} if pk}
    people = {pk: Representative(pk=pk) for pk in {row.person_pk for row in report.planned} if pk}
    for key, fields in report.new_bodies.items():
        line = next(row.line for row in report.planned if row.body_key == key)
        bodies[key] = saved(Body(**fields), line)
    for key, fields in report.new_people.items():
        line = next(row.line for row in report.planned if row.person_key == key)
        people[key] = saved(Representative(**fields), line)
    for row in report.planned:
        mandate = Mandate(
            representative=people[row.person_pk or row.person_key],
            body=bodies[row.body_pk or row.body_key],
            role=row.role,
            start_date=row.start,
            end_date=row.end,
            training_completed_on=row.training,
        )
        saved(mandate, row.line)
        mandate.themes.set(row.themes)


def saved(instance, line):
    """Save after the model's own checks, a last guard; an error keeps its line for the report."""
    try:
        instance.full_clean()
    except ValidationError as error:
        error.line = line
        raise
    instance.save()
    return instance


class _Checker:
    """Checks rows one by one against the database and against the rows before them."""

    def __init__(self, report):
        self.report = report
        self.bodies = {body.name.casefold(): body for body in Body.objects.all()}
        self.people = {
            (person.name.casefold(), person.company.casefold()): person
            for person in Representative.objects.all()
        }
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.seen = []

    def check(self, line, row):
        errors = []

        def fail(message):
            errors.append(RowError(line, message))

        if not row["instance"]:
            fail("Le nom de l'instance (colonne instance) est obligatoire.")
        if not row["representant"]:
            fail("Le nom du mandataire (colonne representant) est obligatoire.")
        body_key, body_is_new = self.check_body(row, fail) if row["instance"] else (None, False)
        person_key, person_is_new = (
            self.check_person(row, fail) if row["representant"] else (None, False)
        )
        role = choice_code(row["role"], MandateRole.choices)
        if role is None:
            fail(
                f"Rôle inconnu « {row['role']} » : valeurs admises {', '.join(MandateRole.values)}."
            )
        start = self.date(row, "debut", "de début", fail, required=True)
        end = self.date(row, "fin", "de fin", fail)
        if start and end and end < start:
            fail("La fin du mandat précède son début.")
        training = self.date(row, "formation", "de formation", fail)
        themes = []
        for slug in filter(None, (s.strip() for s in row["themes"].replace(",", "|").split("|"))):
            if slug in self.themes:
                themes.append(self.themes[slug])
            else:
                fail(f"Thème inconnu « {slug} » : thèmes existants {', '.join(self.themes)}.")
        if not errors:
            self.check_duplicate(line, body_key, person_key, start, end, fail)
        self.report.errors.extend(errors)
        if errors:
            return
        self.seen.append((body_key, person_key, start, end, line))
        self.report.planned.append(
            PlannedMandate(
                line=line,
                body_key=body_key,
                body_pk=self.bodies[body_key].pk if body_key in self.bodies else None,
                body_name=self.body_name(body_key),
                body_is_new=body_is_new,
                person_key=person_key,
                person_pk=self.people[person_key].pk if person_key in self.people else None,
                representative_name=row["representant"],
                company=row["entreprise"],
                representative_is_new=person_is_new,
                role=role,
                start=start,
                end=end,
                themes=themes,
                training=training,
            )
        )

    @staticmethod
    def date(row, column, label, fail, required=False):
        value = row[column]
        if not value:
            if required:
                fail(f"La date {label} (colonne {column}) est obligatoire.")
            return None
        parsed = parse_date(value)
        if parsed is None:
            fail(f"Date {label} invalide « {value} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
        return parsed

    def check_body(self, row, fail):
        key = row["instance"].casefold()
        wanted = {"kind": None, "level": None, "department_code": None}
        if row["type_instance"]:
            wanted["kind"] = choice_code(row["type_instance"], BodyKind.choices)
            if wanted["kind"] is None:
                fail(
                    f"Type d'instance inconnu « {row['type_instance']} » : valeurs admises "
                    f"{', '.join(BodyKind.values)}."
                )
        if row["niveau"]:
            wanted["level"] = choice_code(row["niveau"], BodyLevel.choices)
            if wanted["level"] is None:
                fail(
                    f"Niveau inconnu « {row['niveau']} » : valeurs admises "
                    f"{', '.join(BodyLevel.values)}."
                )
        if row["departement_instance"]:
            wanted["department_code"] = department_code(row["departement_instance"])
            if wanted["department_code"] is None:
                fail(unknown_department(row["departement_instance"]))
        known = self.bodies.get(key) or self.report.new_bodies.get(key)
        if known is not None:
            for attr, value in wanted.items():
                current = known[attr] if isinstance(known, dict) else getattr(known, attr)
                if value and value != current:
                    fail(
                        f"L'instance « {row['instance']} » est déjà connue avec un autre "
                        f"{BODY_ATTR_LABELS[attr]} : laissez la colonne vide ou corrigez-la."
                    )
            return key, key not in self.bodies
        if not (row["type_instance"] and row["niveau"]):
            fail(
                f"Instance inconnue « {row['instance']} » : renseignez type_instance et niveau "
                "pour la créer."
            )
            return key, True
        if wanted["level"] in LOCAL_LEVELS and not row["departement_instance"]:
            fail(
                "Une instance locale ou départementale doit avoir un département "
                "(colonne departement_instance)."
            )
        if all(wanted[attr] for attr in ("kind", "level")):
            self.report.new_bodies[key] = {
                "name": row["instance"],
                "kind": wanted["kind"],
                "level": wanted["level"],
                "department_code": wanted["department_code"] or "",
                "website": row["site_instance"],
            }
        return key, True

    def body_name(self, key):
        known = self.bodies.get(key)
        return known.name if known else self.report.new_bodies[key]["name"]

    def check_person(self, row, fail):
        key = (row["representant"].casefold(), row["entreprise"].casefold())
        consent = None
        if row["consentement"]:
            answer = row["consentement"].casefold()
            consent = True if answer in YES else False if answer in NO else None
            if consent is None:
                fail(f"Consentement illisible « {row['consentement']} » : écrivez oui ou non.")
        department = ""
        if row["departement_representant"]:
            department = department_code(row["departement_representant"])
            if department is None:
                fail(unknown_department(row["departement_representant"]))
        known = self.people.get(key)
        if known is not None or key in self.report.new_people:
            known_consent = (
                known.public_consent if known else self.report.new_people[key]["public_consent"]
            )
            if consent is not None and consent != known_consent:
                fail(
                    f"Le consentement indiqué pour « {row['representant']} » diffère de celui "
                    "déjà connu : modifiez la fiche du mandataire dans l'administration."
                )
            return key, known is None
        if row["consentement"] == "":
            fail(
                f"Mandataire inconnu « {row['representant']} » : indiquez son consentement à "
                "être publié (colonne consentement, oui ou non) pour le créer."
            )
        elif consent is not None and department is not None:
            self.report.new_people[key] = {
                "name": row["representant"],
                "company": row["entreprise"],
                "position": row["fonction"],
                "department_code": department,
                "public_consent": consent,
            }
        return key, True

    def check_duplicate(self, line, body_key, person_key, start, end, fail):
        for seen_body, seen_person, seen_start, seen_end, seen_line in self.seen:
            if (seen_body, seen_person) == (body_key, person_key) and overlaps(
                start, end, seen_start, seen_end
            ):
                fail(
                    "Mandat en double : même mandataire et même instance sur une période qui "
                    f"chevauche celle de la ligne {seen_line}."
                )
                return
        body, person = self.bodies.get(body_key), self.people.get(person_key)
        if body and person and Mandate.objects.overlapping(person.pk, body.pk, start, end).exists():
            fail(
                "Mandat en double : ce mandataire a déjà un mandat enregistré dans cette instance "
                "sur une période qui chevauche celle-ci."
            )


BODY_ATTR_LABELS = {"kind": "type", "level": "niveau", "department_code": "département"}


def unknown_department(value):
    return (
        f"Département inconnu « {value} » : codes admis {', '.join(DEPARTMENTS)} "
        "(départements d'Occitanie)."
    )


def overlaps(start_a, end_a, start_b, end_b):
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
