"""Import limits: a file up to 2 MB goes from preview to import; beyond, a French refusal.

Nothing is ever half-stored: the import is written in one transaction, after the whole file
has been checked.
"""

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from influence.imports import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, run_import
from influence.models import Body, Mandate, Representative
from tests.influence.factories import BodyFactory, RepresentativeFactory, ThemeFactory

IMPORT_URL = "/admin/influence/import/"


def file_of_new_people(size):
    """A realistic file of at most `size` bytes: each row a new person with long details."""
    header = (
        "instance,type_instance,niveau,departement_instance,representant,entreprise,fonction,"
        "departement_representant,consentement,role,debut,fin,themes,formation\n"
    )
    rows = []
    total = len(header.encode())
    number = 0
    while True:
        row = (
            f"Commission départementale d'aménagement commercial n° {number % 13},"
            f"commission-departementale,departemental,31,Élise Démonstration-Fictive {number},"
            f"Société coopérative de démonstration régionale n° {number},"
            '"Gérante, présidente de la commission des marchés publics",31,oui,titulaire,'
            "2024-01-01,2026-12-31,energie,2024-02-01\n"
        )
        if total + len(row.encode()) > size:
            return (header + "".join(rows)).encode(), number
        rows.append(row)
        total += len(row.encode())
        number += 1


def one_day_mandates(count=None, size=None):
    """The shortest valid rows: one-day mandates, a day apart, of person P in body A.

    Either `count` rows, or as many as fit in `size` bytes.
    """
    lines = ["instance,representant,role,debut,fin"]
    total = len(lines[0])
    day = datetime.date(1900, 1, 1)
    while count is None or len(lines) <= count:
        line = f"A,P,juge,{day.day}/{day.month}/{day.year},{day.day}/{day.month}/{day.year}"
        if size is not None and total + 1 + len(line) > size:
            break
        lines.append(line)
        total += 1 + len(line)
        day += datetime.timedelta(days=1)
    return "\n".join(lines).encode(), len(lines) - 1


def upload(client, data):
    return client.post(
        IMPORT_URL, {"csv_file": SimpleUploadedFile("mandats.csv", data, "text/csv")}
    )


@pytest.fixture
def energie(db):
    return ThemeFactory(slug="energie", name="Énergie")


@pytest.fixture
def body_and_person(db):
    BodyFactory(name="A", kind="cpam", level="regional", department_code="")
    RepresentativeFactory(name="P", company="")


def test_a_file_just_under_the_limit_is_previewed_then_imported(admin_client, energie):
    # Its base64 payload (2.7 MB) is more than Django's default request limit (2.5 MB).
    data, count = file_of_new_people(MAX_IMPORT_BYTES)
    assert MAX_IMPORT_BYTES - 1000 < len(data) <= MAX_IMPORT_BYTES

    preview = upload(admin_client, data)
    html = preview.content.decode()
    assert f"Aperçu : {count} mandats à importer" in html
    confirm_form = html.split('name="payload"')[0].rsplit("<form", 1)[1]
    assert 'enctype="multipart/form-data"' in confirm_form, "base64 as is, not percent-encoded"
    payload = preview.context["confirm_form"].initial["payload"]
    done = admin_client.post(IMPORT_URL, {"payload": payload})

    assert done.status_code == 302
    assert Mandate.objects.count() == count
    assert Representative.objects.count() == count
    assert Body.objects.count() == 13


def test_the_largest_file_of_short_rows_gets_a_summarised_preview(admin_client, body_and_person):
    data, count = one_day_mandates(count=MAX_IMPORT_ROWS)
    assert len(data) < MAX_IMPORT_BYTES

    html = upload(admin_client, data).content.decode()

    assert f"Aperçu : {count} mandats à importer" in html
    assert f"… et {count - 100} autres mandats, importés avec ceux-ci." in html
    table = html.split('id="import-preview"')[1].split("</table>")[0]
    assert table.count("<tr>") == 101, "the column headings and the first 100 rows"
    assert not Mandate.objects.exists()


def test_a_big_file_whose_last_row_is_wrong_imports_nothing(admin_client, body_and_person):
    data, count = one_day_mandates(count=MAX_IMPORT_ROWS - 1)
    data += b"\nZ,P,juge,1/1/2024,"

    preview = upload(admin_client, data).content.decode()
    assert "Le fichier n'a pas été importé : 1 problème" in preview
    assert f"<td>{count + 2}</td><td>type_instance</td><td>Instance inconnue « Z »" in preview
    assert "Confirmer l'import" not in preview

    # A confirmation posted anyway (an old preview, a forged form) is checked again.
    confirm = admin_client.post(IMPORT_URL, {"payload": base64.b64encode(data).decode()})
    assert "Instance inconnue « Z »" in confirm.content.decode()
    assert not Mandate.objects.exists()


def test_a_100000_row_file_is_refused_with_what_to_do(admin_client, body_and_person):
    data, _ = one_day_mandates(count=100_000)
    assert len(data) > MAX_IMPORT_BYTES

    html = upload(admin_client, data).content.decode()

    assert (
        "Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers plus petits, chacun avec "
        "la ligne d&#x27;en-tête, et importez-les l&#x27;un après l&#x27;autre." in html
    )
    assert not Mandate.objects.exists()


def test_more_rows_than_one_request_can_write_are_refused_with_what_to_do(
    admin_client, body_and_person
):
    data, _ = one_day_mandates(count=MAX_IMPORT_ROWS + 1)
    assert len(data) < MAX_IMPORT_BYTES

    html = upload(admin_client, data).content.decode()

    assert "Le fichier compte plus de 20\u202f000 mandats : découpez-le" in html
    assert "Confirmer l'import" not in html
    assert not Mandate.objects.exists()


def test_a_forged_payload_over_the_limit_is_refused_in_french(admin_client, energie):
    data, _ = file_of_new_people(MAX_IMPORT_BYTES + 1000)
    assert len(data) > MAX_IMPORT_BYTES
    response = admin_client.post(IMPORT_URL, {"payload": base64.b64encode(data).decode()})
    assert response.status_code == 200
    assert "Le fichier dépasse 2 Mo" in response.content.decode()
    assert not Mandate.objects.exists()
    assert not Representative.objects.exists()


def test_a_payload_beyond_the_request_limit_is_refused_before_the_view(admin_client, energie):
    # Only a forged request gets there: Django refuses it before reading it into memory.
    payload = "A" * (4 * MAX_IMPORT_BYTES // 3 + 128 * 1024)
    response = admin_client.post(IMPORT_URL, {"payload": payload})
    assert response.status_code == 400
    assert not Mandate.objects.exists()


def test_a_database_failure_while_writing_leaves_nothing(energie, monkeypatch):
    data, count = file_of_new_people(700_000)
    assert count > 2000, "several batches"
    real_bulk_create = Mandate.objects.bulk_create
    written = []

    def failing_on_the_last_batch(objects, **kwargs):
        objects = list(objects)
        if len(written) + len(objects) >= count:
            raise DatabaseError("disk full")
        written.extend(real_bulk_create(objects, **kwargs))
        return written[-len(objects) :]

    monkeypatch.setattr(Mandate.objects, "bulk_create", failing_on_the_last_batch)
    with pytest.raises(DatabaseError):
        run_import(data)

    assert written, "earlier batches were written before the failure"
    assert not Mandate.objects.exists()
    assert not Representative.objects.exists()
    assert not Body.objects.exists()
