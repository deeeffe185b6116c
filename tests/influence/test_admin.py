"""Editors maintain bodies, people and mandates in the admin, one by one or from a CSV file."""

import base64
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from influence.imports import parse
from influence.models import Body, Mandate, Representative
from tests.influence.factories import (
    BodyFactory,
    MandateFactory,
    RepresentativeFactory,
    ThemeFactory,
)

IMPORT_URL = "/admin/influence/import/"
CSV = (
    "instance,type_instance,niveau,departement_instance,representant,entreprise,consentement,"
    "role,debut,themes\n"
    "Tribunal de commerce de Rodez,tribunal-commerce,local,12,Inès Modèle,Démo SARL,oui,"
    "juge,2024-02-01,energie\n"
    "CESER Occitanie,ceser,regional,,Inès Modèle,Démo SARL,,titulaire,2023-10-01,\n"
)


def mandate_form(representative, body, **overrides):
    data = {
        "representative": representative.pk,
        "body": body.pk,
        "role": "titulaire",
        "start_date": "2024-01-01",
        "end_date": "",
        "training_completed_on": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_a_mandate_with_themes_is_created_from_the_admin(admin_client, db):
    person, body = RepresentativeFactory(), BodyFactory()
    theme = ThemeFactory(slug="foncier", name="Foncier")
    response = admin_client.post(
        reverse("wagtailsnippets_influence_mandate:add"),
        {**mandate_form(person, body), "themes": [theme.pk]},
    )
    assert response.status_code == 302
    assert list(Mandate.objects.get().themes.all()) == [theme]


def test_a_mandate_ending_before_it_starts_is_refused_in_french(admin_client, db):
    person, body = RepresentativeFactory(), BodyFactory()
    response = admin_client.post(
        reverse("wagtailsnippets_influence_mandate:add"),
        mandate_form(person, body, end_date="2023-12-31"),
    )
    assert response.status_code == 200
    assert "La fin du mandat ne peut pas précéder son début." in response.content.decode()
    assert not Mandate.objects.exists()


def test_an_overlapping_mandate_is_refused_as_a_duplicate(admin_client, db):
    existing = MandateFactory(start_date=datetime.date(2022, 1, 1))
    response = admin_client.post(
        reverse("wagtailsnippets_influence_mandate:add"),
        mandate_form(existing.representative, existing.body, role="president"),
    )
    assert "Mandat en double" in response.content.decode()
    assert Mandate.objects.count() == 1
    # The same person may sit there again once the earlier mandate has ended.
    existing.end_date = datetime.date(2023, 12, 31)
    existing.save()
    response = admin_client.post(
        reverse("wagtailsnippets_influence_mandate:add"),
        mandate_form(existing.representative, existing.body),
    )
    assert response.status_code == 302
    assert Mandate.objects.count() == 2


def test_a_local_body_needs_its_department(admin_client, db):
    response = admin_client.post(
        reverse("wagtailsnippets_influence_body:add"),
        nested_form_data(
            {
                "name": "CPAM",
                "kind": "cpam",
                "level": "departemental",
                "department_code": "",
                "website": "",
            }
        ),
    )
    assert "Indiquez le département d&#x27;une instance locale" in response.content.decode()
    response = admin_client.post(
        reverse("wagtailsnippets_influence_body:add"),
        nested_form_data(
            {
                "name": "CPAM",
                "kind": "cpam",
                "level": "departemental",
                "department_code": "75",
                "website": "",
            }
        ),
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Body.objects.exists()


def test_the_same_person_twice_in_one_company_is_refused(admin_client, db):
    RepresentativeFactory(name="Alice Exemple", company="Démo SARL")
    response = admin_client.post(
        reverse("wagtailsnippets_influence_representative:add"),
        nested_form_data(
            {
                "name": "Alice Exemple",
                "company": "Démo SARL",
                "position": "",
                "department_code": "",
                "photo": "",
                "public_consent": "on",
            }
        ),
    )
    assert "Un mandataire de ce nom existe déjà dans cette entreprise." in (
        response.content.decode()
    )
    assert Representative.objects.count() == 1


def test_the_influence_menu_offers_the_import(admin_client, db):
    html = admin_client.get("/admin/").content.decode()
    assert "Influence" in html
    assert "Importer un CSV" in html
    page = admin_client.get(IMPORT_URL).content.decode()
    assert "Télécharger le modèle (CSV)" in page
    for column in ("instance", "representant", "role", "debut"):
        assert f'<th scope="row"><code>{column}</code></th><td>oui</td>' in page
    assert "accepte-t-il d&#x27;être publié sur le site ? oui ou non." in page


def test_the_downloadable_template_imports_as_it_is(admin_client, db):
    response = admin_client.get(reverse("influence_import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="modele-import-mandats.csv"'
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert lines[0].split(";")[:4] == ["instance", "representant", "role", "debut"]
    report = parse(data)
    assert report.errors == []
    assert [row.representative.name for row in report.planned] == ["Alice Exemple", "Bruno Fictif"]


def test_the_template_is_for_people_allowed_to_import(client, django_user_model, db):
    reader = django_user_model.objects.create_user("lecteur")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = client.get(reverse("influence_import_template"))
    # Wagtail answers a refusal in its admin by sending the person back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_import_flow_upload_preview_then_confirm(admin_client, db):
    ThemeFactory(slug="energie", name="Énergie")
    preview = admin_client.post(
        IMPORT_URL, {"csv_file": SimpleUploadedFile("mandats.csv", CSV.encode(), "text/csv")}
    )
    html = preview.content.decode()
    assert "Aperçu : 2 mandats à importer" in html
    assert "Tribunal de commerce de Rodez" in html
    assert not Mandate.objects.exists(), "the preview writes nothing"

    payload = preview.context["confirm_form"].initial["payload"]
    done = admin_client.post(IMPORT_URL, {"payload": payload})
    assert done.status_code == 302
    assert done["Location"] == reverse("wagtailsnippets_influence_mandate:list")
    assert Mandate.objects.count() == 2
    assert Representative.objects.get().public_consent is True
    messages = admin_client.get(done["Location"]).content.decode()
    assert "2 mandat(s) importé(s), 2 instance(s) et 1 mandataire(s) créé(s)." in messages


def test_import_with_a_bad_row_shows_the_report_and_offers_no_confirmation(admin_client, db):
    ThemeFactory(slug="energie", name="Énergie")
    bad = CSV.replace("2023-10-01", "01-10-2023")
    response = admin_client.post(
        IMPORT_URL, {"csv_file": SimpleUploadedFile("mandats.csv", bad.encode(), "text/csv")}
    )
    html = response.content.decode()
    assert "Le fichier n'a pas été importé : 1 problème" in html
    assert "<td>3</td><td>debut</td><td>Date de début invalide « 01-10-2023 »" in html
    assert "Confirmer l'import" not in html
    assert not Mandate.objects.exists()


def test_confirming_a_file_that_became_invalid_imports_nothing(admin_client, db):
    ThemeFactory(slug="energie", name="Énergie")
    payload = base64.b64encode(CSV.encode()).decode()
    MandateFactory(
        representative__name="Inès Modèle",
        representative__company="Démo SARL",
        body__name="CESER Occitanie",
        body__kind="ceser",
        body__level="regional",
        body__department_code="",
        start_date=datetime.date(2020, 1, 1),
    )
    response = admin_client.post(IMPORT_URL, {"payload": payload})
    assert response.status_code == 200
    assert "Mandat en double" in response.content.decode()
    assert Mandate.objects.count() == 1
    assert not Body.objects.filter(name="Tribunal de commerce de Rodez").exists()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Choisissez un fichier CSV à importer."),
        ({"payload": "%%% pas du base64 %%%"}, "Le fichier prévisualisé est illisible"),
        (
            {"csv_file": SimpleUploadedFile("gros.csv", b"x" * (2 * 1024 * 1024 + 1))},
            "Le fichier dépasse 2 Mo",
        ),
    ],
)
def test_bad_uploads_get_a_french_message(admin_client, db, post, message):
    response = admin_client.post(IMPORT_URL, post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mandate.objects.exists()


def test_import_needs_the_right_to_add_mandates(client, django_user_model, db):
    # Editors may import (they create all content); an admin user without those rights may not.
    reader = django_user_model.objects.create_user("lecteur", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = client.post(
        IMPORT_URL, {"csv_file": SimpleUploadedFile("mandats.csv", CSV.encode(), "text/csv")}
    )
    assert response.status_code == 302, "Wagtail sends users without the right home"
    assert response["Location"] == "/admin/"
    assert not Mandate.objects.exists()
    assert "Importer un CSV" not in client.get("/admin/").content.decode()
