"""Editors, who cannot publish, change no public content without a moderator: not by
replacing the file of a document a live page offers, nor by publishing a person's name."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from core import roles
from influence.models import Representative
from positions.demo import simple_pdf
from tests.positions.factories import PositionIndexPageFactory, PositionPageFactory, make_document
from tests.security.conftest import content


@pytest.fixture
def moderator(django_user_model, db):
    user = django_user_model.objects.create_user("moderatrice-test", password="x")
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    return user


@pytest.fixture
def live_pdf(home_page):
    index = PositionIndexPageFactory(parent=home_page)
    document = make_document(title="Livre blanc", filename="livre-blanc.pdf")
    PositionPageFactory(parent=index, title="Position en ligne", pdf=document)
    return document


def replace_file(client, document, text):
    return client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "collection": document.collection_id,
            "file": SimpleUploadedFile("remplacement.pdf", simple_pdf([[text]]), "application/pdf"),
        },
    )


def test_an_editor_cannot_replace_the_file_of_a_document_a_live_position_uses(
    client, editor, moderator, live_pdf
):
    before = live_pdf.file.name
    client.force_login(editor)
    response = replace_file(client, live_pdf, "Version pirate")
    assert response.status_code == 200
    assert "seul un modérateur peut remplacer son fichier" in content(response)
    assert "Position en ligne" in content(response)
    live_pdf.refresh_from_db()
    assert live_pdf.file.name == before
    assert client.get(live_pdf.url).status_code == 200

    client.force_login(moderator)
    assert replace_file(client, live_pdf, "Version validée").status_code == 302
    live_pdf.refresh_from_db()
    assert live_pdf.file.name != before


def test_an_editor_may_still_replace_the_file_of_a_document_no_live_page_uses(
    client, editor, home_page
):
    document = make_document(title="Brouillon", filename="brouillon.pdf")
    client.force_login(editor)
    assert replace_file(client, document, "Nouvelle version").status_code == 302
    assert get_document_model().objects.get(pk=document.pk).file.name != "documents/brouillon.pdf"


def representative_form(**fields):
    data = {
        "name": "Camille Exemple",
        "company": "Exemple SARL",
        "position": "Gérante",
        "department_code": "31",
    }
    data.update(fields)
    return data


def test_an_editor_cannot_tick_public_consent_on_a_representative(client, editor, moderator):
    person = Representative.objects.create(
        name="Camille Exemple", company="Exemple SARL", department_code="31", public_consent=False
    )
    edit_url = f"/admin/snippets/influence/representative/edit/{person.pk}/"
    client.force_login(editor)
    assert client.get(edit_url).status_code == 200
    assert 'name="public_consent"' not in content(client.get(edit_url))
    client.post(edit_url, representative_form(public_consent="on"))
    person.refresh_from_db()
    assert person.public_consent is False

    client.post(
        "/admin/snippets/influence/representative/add/",
        representative_form(name="Dominique Exemple", public_consent="on"),
    )
    created = Representative.objects.get(name="Dominique Exemple")
    assert created.public_consent is False

    client.force_login(moderator)
    assert 'name="public_consent"' in content(client.get(edit_url))
    client.post(edit_url, representative_form(public_consent="on"))
    person.refresh_from_db()
    assert person.public_consent is True


CONSENTING_ROW = (
    "instance,type_instance,niveau,departement_instance,representant,entreprise,consentement,"
    "role,debut\n"
    "CESER Occitanie,ceser,regional,,Inès Modèle,Démo SARL,oui,titulaire,2024-02-01\n"
)


def test_an_editor_cannot_publish_a_person_through_the_csv_import(client, editor, moderator):
    upload = {"csv_file": SimpleUploadedFile("mandats.csv", CONSENTING_ROW.encode(), "text/csv")}
    client.force_login(editor)
    preview = client.post("/admin/influence/import/", upload)
    assert "Seul un modérateur peut publier « Inès Modèle »" in content(preview)
    assert "Confirmer l'import" not in content(preview)

    client.force_login(moderator)  # a payload previewed by a moderator, confirmed by an editor
    upload["csv_file"].seek(0)
    payload = client.post("/admin/influence/import/", upload).context["confirm_form"]
    client.force_login(editor)
    client.post("/admin/influence/import/", {"payload": payload.initial["payload"]})
    assert not Representative.objects.filter(public_consent=True).exists()
