"""Signing up for press alerts: double opt-in through a real SMTP server, and bad input."""

import datetime
import html
import re

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from core.models import BackgroundJob
from press import subscriptions
from press.models import Subscriber
from press.subscriptions import CONSENT_TEXT, confirmation_token, manage_token
from tests.mail_server import text_and_html
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/alertes-presse/"


def sign_up(client, commit, **fields):
    data = {"email": "Claire.Dupont@Redaction.example", "scope": "all", "consent": "on"}
    data.update(fields)
    with commit(execute=True):
        return client.post(URL, data)


def text(response):
    """What a reader sees: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


def link_in(message, path_part):
    body_text, _ = text_and_html(message)
    return re.search(rf"https?://\S*{path_part}\S*/", body_text).group(0)


def test_the_form_asks_for_an_address_themes_and_consent(client, home_page, themes):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'type="email"' in response.text
    assert "Énergie" in text(response)
    assert "Foncier" in text(response)
    assert "J'accepte de recevoir" in text(response)
    assert response["Cache-Control"].startswith("max-age=0")


def test_double_opt_in_through_the_received_email(
    client, home_page, themes, smtp_server, django_capture_on_commit_callbacks
):
    response = sign_up(
        client,
        django_capture_on_commit_callbacks,
        scope="some",
        themes=[themes["energie"].pk],
    )
    assert response.status_code == 302
    assert response["Location"] == "/alertes-presse/verifiez-votre-messagerie/"
    assert not Subscriber.objects.exists()  # nothing stored before confirmation

    (message,) = smtp_server.messages
    assert message["To"] == "claire.dupont@redaction.example"
    assert "Confirmez votre inscription" in message["Subject"]
    _, body_html = text_and_html(message)
    confirm_url = link_in(message, "/alertes-presse/confirmer/")
    assert confirm_url in body_html

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "claire.dupont@redaction.example" in text(page)
    assert not Subscriber.objects.exists()  # a link scanner opening it confirms nothing

    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 200
    assert "Inscription confirmée" in text(confirmed)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "claire.dupont@redaction.example"
    assert not subscriber.all_themes
    assert list(subscriber.themes.all()) == [themes["energie"]]
    assert subscriber.consent_text == CONSENT_TEXT
    assert abs(subscriber.consented_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_the_confirmation_is_sent_by_a_background_job_once(
    client, home_page, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(URL, {"email": "a@redaction.example", "scope": "all", "consent": "on"})
    assert smtp_server.messages == []  # not inside the visitor's request
    for callback in callbacks:
        callback()
    assert len(smtp_server.messages) == 1
    assert BackgroundJob.objects.get().task == "press.alerts.send_confirmation"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas valide"),
        ({"email": "a@b"}, "Cette adresse e-mail n'est pas valide"),
        ({"email": ""}, "Indiquez l'adresse e-mail"),
        ({"email": "x" * 300 + "@example.fr"}, "au plus 254 caractères"),
        ({"consent": ""}, "Cochez cette case pour recevoir les alertes."),
        ({"scope": "some"}, "Cochez au moins un thème"),
        ({"themes": ["999999"], "scope": "some"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_answer_and_nothing_happens(
    client, home_page, themes, smtp_server, django_capture_on_commit_callbacks, fields, message
):
    response = sign_up(client, django_capture_on_commit_callbacks, **fields)
    assert response.status_code == 400
    assert message in text(response)
    assert smtp_server.messages == []
    assert not Subscriber.objects.exists()
    assert not BackgroundJob.objects.exists()


def test_a_bot_filling_the_honeypot_is_refused(
    client, home_page, smtp_server, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, website="https://spam.example")
    assert response.status_code == 400
    assert "doit rester vide" in text(response)
    assert smtp_server.messages == []
    assert not BackgroundJob.objects.exists()


def test_a_flood_from_one_connection_is_rate_limited(
    client, home_page, smtp_server, django_capture_on_commit_callbacks
):
    for n in range(subscriptions.SIGNUPS_PER_HOUR_PER_CLIENT):
        assert (
            sign_up(client, django_capture_on_commit_callbacks, email=f"p{n}@r.example").status_code
            == 302
        )
    refused = sign_up(client, django_capture_on_commit_callbacks, email="last@r.example")
    assert refused.status_code == 429
    assert "Réessayez dans une heure" in text(refused)
    assert len(smtp_server.messages) == subscriptions.SIGNUPS_PER_HOUR_PER_CLIENT
    assert "last@r.example" not in {m["To"] for m in smtp_server.messages}


def test_one_address_gets_few_confirmations_whatever_the_connection(
    client, home_page, smtp_server, django_capture_on_commit_callbacks
):
    statuses = []
    start = timezone.now()
    for n in range(subscriptions.CONFIRMATIONS_PER_DAY_PER_ADDRESS + 1):
        minutes_later = time_machine.travel(start + datetime.timedelta(minutes=n))
        with minutes_later, django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                URL,
                {"email": "cible@r.example", "scope": "all", "consent": "on"},
                REMOTE_ADDR=f"10.0.0.{n}",
            )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429]
    assert len(smtp_server.messages) == 3


def test_an_expired_link_is_refused_and_stores_nothing(client, home_page):
    token = confirmation_token("a@redaction.example", None)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        for method in (client.get, client.post):
            response = method(f"/alertes-presse/confirmer/{token}/")
            assert response.status_code == 400
            assert "Ce lien de confirmation a expiré" in text(response)
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"e": "autre@r.example", "t": None}, salt="autre"),
        lambda token: "n'importe-quoi",
    ],
)
def test_a_tampered_link_is_refused_and_stores_nothing(client, home_page, tamper):
    token = tamper(confirmation_token("a@redaction.example", None))
    response = client.post(f"/alertes-presse/confirmer/{token}/")
    assert response.status_code == 400
    assert "n'est pas valide" in text(response)
    assert not Subscriber.objects.exists()


def test_a_journalist_changes_themes(client, home_page, themes):
    subscriber = SubscriberFactory()
    url = f"/alertes-presse/abonnement/{manage_token(subscriber)}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"scope": "some", "themes": [themes["foncier"].pk]})
    assert response.status_code == 200
    assert "Vos thèmes sont enregistrés." in text(response)
    subscriber.refresh_from_db()
    assert not subscriber.all_themes
    assert list(subscriber.themes.all()) == [themes["foncier"]]
    assert subscriber.themes_changed_at is not None

    refused = client.post(url, {"scope": "some"})
    assert refused.status_code == 400
    subscriber.refresh_from_db()
    assert list(subscriber.themes.all()) == [themes["foncier"]]


def test_unsubscribing_from_the_page(client, home_page, themes):
    subscriber = SubscriberFactory(themes=[themes["energie"]])
    url = f"/alertes-presse/desabonnement/{manage_token(subscriber)}/"
    assert "Confirmer le désabonnement" in text(client.get(url))
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None  # opening the link is not enough

    response = client.post(url)
    assert "Désabonnement confirmé" in text(response)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.themes.exists()
    again = client.post(url)
    assert again.status_code == 400
    assert "déjà désabonné" in text(again)


def test_a_tampered_subscription_link_is_refused(client, home_page):
    subscriber = SubscriberFactory()
    other = SubscriberFactory()
    token = manage_token(subscriber)
    forged = signing.dumps([other.pk, "0" * 16], salt="press.manage")
    for bad in (token[:-3] + "xyz", forged):
        assert client.post(f"/alertes-presse/desabonnement/{bad}/").status_code == 400
    assert Subscriber.objects.active().count() == 2


def test_resubscribing_renews_consent(client, home_page, themes):
    subscriber = SubscriberFactory(email="a@redaction.example")
    subscriptions.unsubscribe(subscriber)
    token = confirmation_token("a@redaction.example", [themes["energie"].pk])
    client.post(f"/alertes-presse/confirmer/{token}/")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None
    assert list(subscriber.themes.all()) == [themes["energie"]]


def test_unsubscribed_addresses_are_deleted_after_the_retention(settings):
    settings.PRESS_UNSUBSCRIBED_RETENTION_DAYS = 365
    kept, old, active = SubscriberFactory(), SubscriberFactory(), SubscriberFactory()
    subscriptions.unsubscribe(kept)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=366)):
        subscriptions.unsubscribe(old)
    assert subscriptions.purge_unsubscribed() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {kept.pk, active.pk}
