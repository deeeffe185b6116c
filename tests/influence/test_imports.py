"""CSV import: a per-row French report, and all of the file or nothing."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from core.cache import content_version
from influence.imports import parse, run_import
from influence.models import Body, Mandate, Representative
from tests.influence.factories import (
    BodyFactory,
    MandateFactory,
    RepresentativeFactory,
    ThemeFactory,
)

HEADER = (
    "instance,type_instance,niveau,departement_instance,representant,entreprise,"
    "consentement,role,debut,fin,themes,formation"
)
GOOD_ROWS = [
    "CESER Occitanie,ceser,regional,,Alice Exemple,Démo SARL,oui,titulaire,2024-01-01,,energie,",
    "CPAM du Tarn,cpam,departemental,81,Alice Exemple,Démo SARL,,suppleant,15/03/2023,,,",
    "CPAM du Tarn,,,,Bruno Fictif,Atelier Démo,non,president,2022-09-01,2025-08-31,,2023-01-10",
]


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return "\n".join([header, *rows]).encode(encoding)


@pytest.fixture
def energie(db):
    return ThemeFactory(slug="energie", name="Énergie")


def errors(report):
    return [(error.line, error.message) for error in report.errors]


def test_a_good_file_is_previewed_without_writing_anything(energie):
    report = parse(csv_bytes(*GOOD_ROWS))
    assert errors(report) == []
    assert [row.line for row in report.planned] == [2, 3, 4]
    assert sorted(body.name for body in report.new_bodies.values()) == [
        "CESER Occitanie",
        "CPAM du Tarn",
    ]
    assert len(report.new_people) == 2
    assert report.planned[1].start == datetime.date(2023, 3, 15)
    assert not Mandate.objects.exists()
    assert not Body.objects.exists()


def test_a_good_file_is_imported_whole(energie):
    report = run_import(csv_bytes(*GOOD_ROWS))
    assert report.imported
    assert Mandate.objects.count() == 3
    alice = Representative.objects.get(name="Alice Exemple")
    assert alice.public_consent is True
    assert Representative.objects.get(name="Bruno Fictif").public_consent is False
    assert Body.objects.get(name="CPAM du Tarn").department_code == "81"
    assert list(alice.mandates.get(body__kind="ceser").themes.all()) == [energie]


def test_existing_bodies_and_people_are_reused(energie):
    BodyFactory(name="CESER Occitanie", kind="ceser", level="regional", department_code="")
    RepresentativeFactory(name="Alice Exemple", company="Démo SARL")
    report = run_import(
        csv_bytes("ceser occitanie,,,,Alice Exemple,Démo SARL,,titulaire,2024-01-01,,,")
    )
    assert report.imported
    assert Body.objects.count() == 1
    assert Representative.objects.count() == 1
    assert Mandate.objects.get().body.name == "CESER Occitanie"


def test_semicolons_bom_and_spreadsheet_department_codes_are_accepted(energie):
    data = "\ufeff" + "\n".join(
        [
            HEADER.replace(",", ";"),
            "CCI de l'Ariège;cci;departemental;9;Alice Exemple;Démo, et fils;oui;titulaire;"
            "2024-01-01;;;",
        ]
    )
    report = run_import(data.encode("utf-8"))
    assert errors(report) == []
    assert Body.objects.get().department_code == "09"
    assert Representative.objects.get().company == "Démo, et fils"


@pytest.mark.parametrize(
    ("row", "message", "column"),
    [
        (
            "CESER,ceser,regional,,A,B,oui,titulaire,2024-05-01,2024-01-01,,",
            "La fin du mandat précède son début.",
            "fin",
        ),
        (
            "CCI,cci,departemental,75,A,B,oui,titulaire,2024-01-01,,,",
            "Département inconnu « 75 »",
            "departement_instance",
        ),
        (
            "CCI,cci,departemental,,A,B,oui,titulaire,2024-01-01,,,",
            "doit avoir un département",
            "departement_instance",
        ),
        (
            "Inconnue,,,,A,B,oui,titulaire,2024-01-01,,,",
            "Instance inconnue « Inconnue »",
            "type_instance",
        ),
        (
            "CESER,ceser,regional,,Nouveau,B,,titulaire,2024-01-01,,,",
            "Mandataire inconnu",
            "consentement",
        ),
        (
            "CESER,banque,regional,,A,B,oui,titulaire,2024-01-01,,,",
            "Type d'instance inconnu",
            "type_instance",
        ),
        (
            "CESER,ceser,mondial,,A,B,oui,titulaire,2024-01-01,,,",
            "Niveau inconnu « mondial »",
            "niveau",
        ),
        (
            "CESER,ceser,regional,,A,B,peut-être,titulaire,2024-01-01,,,",
            "Consentement illisible",
            "consentement",
        ),
        ("CESER,ceser,regional,,A,B,oui,chef,2024-01-01,,,", "Rôle inconnu « chef »", "role"),
        (
            "CESER,ceser,regional,,A,B,oui,titulaire,2024-13-45,,,",
            "Date de début invalide",
            "debut",
        ),
        (
            "CESER,ceser,regional,,A,B,oui,titulaire,,,,",
            "La date de début est obligatoire",
            "debut",
        ),
        ("CESER,ceser,regional,,A,B,oui,titulaire,2024-01-01,,inconnu,", "Thème inconnu", "themes"),
        (",ceser,regional,,A,B,oui,titulaire,2024-01-01,,,", "Le nom de l'instance", "instance"),
        ("CESER,ceser,regional,,A,B,oui,titulaire,2024-01-01", "9 valeurs pour 12 colonnes", ""),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_column_and_nothing_is_imported(
    energie, row, message, column
):
    report = run_import(csv_bytes(GOOD_ROWS[0], row))
    assert not report.imported
    assert [line for line, _ in errors(report)] == [3]
    assert message in errors(report)[0][1]
    assert report.errors[0].column == column
    assert not Mandate.objects.exists()
    assert not Body.objects.exists()
    assert not Representative.objects.exists()


def test_duplicate_mandates_in_the_file_and_in_the_database_are_refused(energie):
    MandateFactory(
        representative__name="Bruno Fictif",
        representative__company="Atelier Démo",
        body__name="URSSAF Midi-Pyrénées",
        start_date=datetime.date(2020, 1, 1),
    )
    report = run_import(
        csv_bytes(
            GOOD_ROWS[0],
            GOOD_ROWS[0].replace("2024-01-01", "2025-06-01"),
            "URSSAF Midi-Pyrénées,,,,Bruno Fictif,Atelier Démo,,titulaire,2024-01-01,,,",
        )
    )
    assert [line for line, _ in errors(report)] == [3, 4]
    assert "chevauche celle de la ligne 2" in errors(report)[0][1]
    assert "déjà un mandat enregistré" in errors(report)[1][1]
    assert Mandate.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused_with_the_line(energie):
    data = csv_bytes(
        "CESER Occitanie,ceser,regional,,Alice,Demo SARL,oui,titulaire,2024-01-01,,,",
        "CCI de l'Ariège,cci,regional,,Zoé,B,oui,titulaire,2024-01-01,,,",
        encoding="latin-1",
    )
    report = run_import(data)
    assert errors(report)[0][0] == 3
    assert "n'est pas encodé en UTF-8" in errors(report)[0][1]
    assert not Body.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide"),
        (HEADER.encode(), "ne contient aucun mandat"),
        (b"instance,representant\nCESER,A\n", "colonnes manquantes : role, debut"),
        ((HEADER + ",couleur").encode(), "colonnes inconnues : couleur"),
    ],
)
def test_a_file_with_a_bad_shape_is_refused(db, data, message):
    report = run_import(data)
    assert not report.imported
    assert errors(report)[0][0] == 1
    assert message in errors(report)[0][1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv_bytes(GOOD_ROWS[0], "CESER\x00,x"), "caractère nul"),
        (csv_bytes(GOOD_ROWS[0], '"' + "x" * 200_000 + '",a'), "Ligne illisible"),
    ],
)
def test_unreadable_content_is_refused_with_its_line(energie, data, message):
    report = run_import(data)
    assert errors(report)[0][0] == 3
    assert message in errors(report)[0][1]
    assert not Mandate.objects.exists()


def test_conflicting_body_details_are_refused(energie):
    BodyFactory(name="CESER Occitanie", kind="ceser", level="regional", department_code="")
    report = parse(csv_bytes("CESER Occitanie,urssaf,,,A,B,oui,titulaire,2024-01-01,,,"))
    assert "déjà connue avec un autre type" in errors(report)[0][1]


def test_what_an_import_creates_is_searchable_and_its_usage_known(admin_client, energie):
    # Written in bulk, without save signals: the import updates the indexes itself.
    run_import(csv_bytes(*GOOD_ROWS))
    assert [person.name for person in get_search_backend().search("Bruno", Representative)] == [
        "Bruno Fictif"
    ]
    body = Body.objects.get(name="CPAM du Tarn")
    usage = admin_client.get(reverse("wagtailsnippets_influence_body:usage", args=[body.pk]))
    assert usage.content.decode().count("Alice Exemple (Démo SARL) – CPAM du Tarn") == 1
    assert "Bruno Fictif (Atelier Démo) – CPAM du Tarn" in usage.content.decode()

    recorded = set(ReferenceIndex.objects.values_list("object_id", "to_object_id", "model_path"))
    for mandate in Mandate.objects.all():
        ReferenceIndex.create_or_update_for_object(mandate)
    after = set(ReferenceIndex.objects.values_list("object_id", "to_object_id", "model_path"))
    assert after == recorded, "Wagtail's own indexing finds nothing to add or remove"


def test_what_the_database_would_refuse_is_reported_by_the_preview(energie):
    report = parse(
        csv_bytes(
            "I" * 201 + ",ceser,regional,,A,B,oui,titulaire,2024-01-01,,,",
            "CESER,ceser,regional,," + "N" * 121 + ",B,oui,titulaire,2024-01-01,,,",
        )
    )
    assert [(error.line, error.column, error.message) for error in report.errors] == [
        (
            2,
            "instance",
            "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).",
        ),
        (
            3,
            "representant",
            "Assurez-vous que cette valeur comporte au plus 120 caractères (actuellement 121).",
        ),
    ]


def test_an_import_refreshes_cached_pages_a_refused_one_does_not(energie):
    # Bulk writes send no save signal: the import bumps the content version itself.
    before = content_version()
    assert not run_import(
        csv_bytes(GOOD_ROWS[0], "Inconnue,,,,A,B,oui,titulaire,2024-01-01,,,")
    ).imported
    assert content_version() == before
    assert run_import(csv_bytes(*GOOD_ROWS)).imported
    assert content_version() != before
