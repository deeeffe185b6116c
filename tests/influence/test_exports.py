"""Open-data exports: they round-trip, match their own schema, respect consent and filters."""

import csv
import datetime
import io
import json

import pytest
from django.http import StreamingHttpResponse

from influence.exports import CSV_FIELD_NAMES, iter_csv, table_schema
from influence.models import Mandate
from tests.influence.factories import BodyFactory, MandateFactory, ThemeFactory
from tests.influence.tableschema import validate


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse), "exports must stream"
    return response, b"".join(response.streaming_content)


@pytest.fixture
def mandates(db):
    # Created (and linked) in reverse slug order: the exports still list them by slug.
    themes = [
        ThemeFactory(slug="foncier", name="Foncier"),
        ThemeFactory(slug="energie", name="Énergie"),
    ]
    ceser = BodyFactory(name="CESER Occitanie", kind="ceser", level="regional", department_code="")
    MandateFactory(
        representative__name="Alice Exemple",
        representative__company='Démo "Guillemets", SARL; et fils',
        body=ceser,
        themes=themes,
        training_completed_on=datetime.date(2024, 2, 1),
    )
    MandateFactory(
        representative__name="Bruno Fictif",
        representative__department_code="09",
        body__department_code="09",
        end_date=datetime.date(2025, 3, 1),
        role="president",
    )
    MandateFactory(representative__name="Émile Discret", representative__public_consent=False)
    MandateFactory(representative__name="Claire Passée", end_date=datetime.date(2024, 1, 1))


def test_csv_round_trips_and_validates_against_its_own_schema(client, report_page, mandates):
    response, body = download(client, f"{report_page.url}donnees/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="mandats-2024.csv"' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = body.decode("utf-8-sig")

    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    schema = json.loads(client.get(f"{report_page.url}donnees/schema/").content)

    assert validate(reader.fieldnames, rows, schema) == []
    assert [row["representant"] for row in rows] == ["Alice Exemple", "Bruno Fictif"]
    alice, bruno = rows
    assert alice["entreprise"] == 'Démo "Guillemets", SARL; et fils'
    assert alice["themes"] == "energie|foncier"
    assert alice["departement_instance"] == ""
    assert alice["formation"] == "2024-02-01"
    assert bruno["departement_instance"] == "09", "leading zeros survive"
    assert bruno["fin"] == "2025-03-01"


def test_csv_puts_words_beside_the_codes_and_its_schema_says_so(client, report_page, mandates):
    _, body = download(client, f"{report_page.url}donnees/csv/")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    header = reader.fieldnames
    for code, label in [
        ("type_instance", "type_instance_libelle"),
        ("niveau", "niveau_libelle"),
        ("role", "role_libelle"),
        ("themes", "themes_libelles"),
    ]:
        assert header.index(label) == header.index(code) + 1
    alice, bruno = list(reader)
    assert (alice["type_instance"], alice["type_instance_libelle"]) == ("ceser", "CESER")
    assert (alice["niveau"], alice["niveau_libelle"]) == ("regional", "Régional")
    assert (alice["themes"], alice["themes_libelles"]) == ("energie|foncier", "Énergie|Foncier")
    assert (bruno["role"], bruno["role_libelle"]) == ("president", "Président")
    assert bruno["themes_libelles"] == ""

    schema = {field["name"]: field for field in table_schema()["fields"]}
    assert list(schema) == header
    assert schema["role_libelle"]["title"] == "Rôle en toutes lettres"
    assert "titulaire : Titulaire" in schema["role"]["description"]


def test_the_schema_checker_catches_what_it_should(client, report_page, mandates):
    schema = table_schema()
    good = dict.fromkeys(CSV_FIELD_NAMES, "")
    good.update(
        representant="A",
        instance="B",
        type_instance="cpam",
        niveau="local",
        role="titulaire",
        debut="2024-01-01",
    )
    assert validate(CSV_FIELD_NAMES, [good], schema) == []
    assert validate(CSV_FIELD_NAMES, [{**good, "debut": "01/01/2024"}], schema)
    assert validate(CSV_FIELD_NAMES, [{**good, "niveau": "mondial"}], schema)
    assert validate(CSV_FIELD_NAMES, [{**good, "representant": ""}], schema)
    assert validate(CSV_FIELD_NAMES[::-1], [good], schema)


def test_semicolon_variant_is_for_french_spreadsheets(client, report_page, mandates):
    response, body = download(client, f"{report_page.url}donnees/csv/?sep=%3B")
    assert 'filename="mandats-2024-point-virgule.csv"' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["entreprise"] == 'Démo "Guillemets", SARL; et fils'
    assert validate(list(rows[0]), rows, table_schema()) == []


def test_json_export_carries_the_records_and_the_filters(client, report_page, mandates):
    response, body = download(client, f"{report_page.url}donnees/json/?department=09&kind=zz")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(body)
    assert document["annee"] == 2024
    assert document["date_reference"] == "2024-12-31"
    assert document["filtres"] == {"department": "09"}
    assert [m["representant"] for m in document["mandats"]] == ["Bruno Fictif"]
    assert document["mandats"][0]["fin"] == "2025-03-01"
    assert document["mandats"][0]["formation"] is None
    assert document["mandats"][0]["themes"] == []


def test_empty_selection_gives_valid_empty_documents(client, report_page, mandates):
    _, body = download(client, f"{report_page.url}donnees/json/?q=personne")
    assert json.loads(body)["mandats"] == []
    _, body = download(client, f"{report_page.url}donnees/csv/?q=personne")
    assert body.decode("utf-8-sig").splitlines() == [",".join(CSV_FIELD_NAMES)]


@pytest.mark.parametrize("suffix", ["donnees/csv/", "donnees/csv/?sep=%3B", "donnees/json/"])
def test_every_export_respects_consent_and_dates(client, report_page, mandates, suffix):
    _, body = download(client, f"{report_page.url}{suffix}")
    text = body.decode("utf-8-sig")
    assert "Alice Exemple" in text
    assert "Émile Discret" not in text
    assert "Claire Passée" not in text


@pytest.mark.parametrize("suffix", ["donnees/csv/", "donnees/json/"])
def test_exports_follow_the_page_filters(client, report_page, mandates, suffix):
    _, body = download(client, f"{report_page.url}{suffix}?theme=energie")
    text = body.decode()
    assert "Alice Exemple" in text
    assert "Bruno Fictif" not in text
    listed = "energie|foncier" if suffix.startswith("donnees/csv") else '["energie", "foncier"]'
    assert listed in text, "the theme filter selects mandates, not the themes they list"


def test_a_theme_deleted_while_an_export_runs_is_left_out(db):
    kept, deleted = ThemeFactory(slug="garde"), ThemeFactory(slug="supprime")
    MandateFactory(body__name="Instance A", representative__name="Alice Exemple")
    MandateFactory(
        body__name="Instance B", representative__name="Bruno Fictif", themes=[kept, deleted]
    )
    lines = iter_csv(Mandate.objects.all())
    next(lines), next(lines), next(lines)  # BOM, header, then Alice's row: the query has run
    deleted.delete()
    assert next(lines).endswith(f",garde,{kept.name},\r\n")


@pytest.mark.parametrize("value", ["'=", "'", "''x", "'+33", "=1+1", "-", "L'Atelier", ""])
def test_the_formula_guard_is_undone_exactly_by_the_import(value):
    from core.spreadsheets import spreadsheet_safe, spreadsheet_text

    cell = spreadsheet_safe(value)
    assert cell[:1] not in {"=", "+", "-", "@"}
    assert spreadsheet_text(cell) == value
