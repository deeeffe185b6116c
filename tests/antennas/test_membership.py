"""« Adhérer »: the antenna of the visitor's department, and a message e-mailed to it."""

from html import unescape

import pytest
from django.core import mail

from core.models import BackgroundJob
from tests.antennas.factories import AntennaFactory, MembershipPageFactory

VALID = {
    "name": "Claire Martin",
    "company": "Menuiserie Martin",
    "email": "claire@menuiserie-martin.fr",
    "phone": "05 61 00 00 00",
    "department": "31",
    "message": "Nous sommes 12 salariés et souhaitons adhérer.",
    "website": "",
}


@pytest.fixture
def join_page(home_page):
    AntennaFactory(
        department_code="31", name="CPME Haute-Garonne", city="Toulouse", phone="05 61 11 22 33"
    )
    AntennaFactory(department_code="11", name="CPME Aude", city="Carcassonne", email="")
    return MembershipPageFactory(parent=home_page)


def post(client, page, capture, **changes):
    with capture(execute=True):
        return client.post(page.url, {**VALID, **changes})


def test_the_visitors_department_shows_its_antennas_contact(client, join_page):
    html = client.get(f"{join_page.url}?departement=31").content.decode()
    assert "CPME Haute-Garonne" in html
    assert 'href="tel:0561112233"' in html
    assert "antenne31@example.org" in html
    assert '<option value="31" selected>' in html
    assert "CPME Aude" not in html


def test_an_unknown_department_is_answered_in_french_with_400(client, join_page):
    response = client.get(f"{join_page.url}?departement=75")
    assert response.status_code == 400
    assert "Choisissez un des 13 départements d'Occitanie." in unescape(response.content.decode())


def test_a_message_is_mailed_to_the_antenna_and_not_kept(
    client, join_page, django_capture_on_commit_callbacks
):
    response = post(client, join_page, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == f"{join_page.url}?envoye=1"
    [message] = mail.outbox
    assert message.to == ["antenne31@example.org"]
    assert message.extra_headers["Reply-To"] == "claire@menuiserie-martin.fr"
    assert "Claire Martin" in message.subject
    assert "Nous sommes 12 salariés et souhaitons adhérer." in message.body
    assert "Département : Haute-Garonne" in message.body
    # The background job that sent it forgot the message.
    [job] = BackgroundJob.objects.all()
    assert job.arguments == {}
    confirmation = client.get(response["Location"]).content.decode()
    assert "Merci, votre message est parti." in confirmation


def test_an_antenna_without_address_passes_the_message_to_the_federation(
    client, join_page, settings, django_capture_on_commit_callbacks
):
    post(client, join_page, django_capture_on_commit_callbacks, department="11")
    [message] = mail.outbox
    assert message.to  # the site's contact or the default sender, never nobody
    assert message.to != [""]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"email": ""}, "Indiquez l'adresse à laquelle l'antenne vous répondra."),
        ({"email": "claire@"}, "Cette adresse e-mail n'est pas valide"),
        ({"department": "75"}, "Choisissez un des 13 départements d'Occitanie."),
        ({"department": ""}, "Choisissez le département de votre entreprise."),
        ({"name": ""}, "Indiquez votre nom."),
        ({"message": "x" * 2001}, "Votre message dépasse 2 000 caractères"),
    ],
)
def test_bad_input_is_refused_in_french_and_kept_in_the_form(
    client, join_page, django_capture_on_commit_callbacks, changes, error
):
    response = post(client, join_page, django_capture_on_commit_callbacks, **changes)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert error in html
    assert "Le message n'est pas parti" in html
    assert "Menuiserie Martin" in html  # what was typed is not lost
    assert mail.outbox == []
    assert not BackgroundJob.objects.exists()


def test_a_bot_filling_the_honeypot_is_told_nothing_and_nothing_is_sent(
    client, join_page, django_capture_on_commit_callbacks
):
    response = post(client, join_page, django_capture_on_commit_callbacks, website="http://x")
    assert response.status_code == 302
    assert mail.outbox == []
    assert not BackgroundJob.objects.exists()


def test_a_flood_from_one_client_is_refused_with_429(
    client, join_page, django_capture_on_commit_callbacks
):
    for _ in range(5):
        assert post(client, join_page, django_capture_on_commit_callbacks).status_code == 302
    response = post(client, join_page, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Réessayez dans une heure" in response.content.decode()
    assert len(mail.outbox) == 5
