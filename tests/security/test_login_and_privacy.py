"""Password guessing is throttled; private content is for logged-in members, never a password."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from config.security import forwarded_client_ip
from tests.home.factories import StandardPageFactory
from tests.security.conftest import content

LOGIN_URL = "/admin/login/"


@pytest.fixture
def member(django_user_model, db):
    user = django_user_model.objects.create_user("membre", password="le-bon-mot-de-passe")
    user.is_staff = True
    user.save()
    return user


def attempt(client, password, address="203.0.113.7", username="membre"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_name_and_address_out_for_fifteen_minutes(client, member, settings):
    assert settings.AXES_ENABLED
    for _ in range(4):
        response = attempt(client, "mauvais")
        assert response.status_code == 200  # the form again, with Wagtail's error
        assert "_auth_user_id" not in client.session
    response = attempt(client, "mauvais")
    assert response.status_code == 429
    page = content(response)
    assert "Connexion temporairement bloquée" in page
    assert "pendant 15 minutes" in page

    # Even the right password is refused while locked out…
    response = attempt(client, "le-bon-mot-de-passe")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # …but only for that pair: the same person elsewhere, or someone else here, still logs in.
    assert attempt(client, "le-bon-mot-de-passe", address="198.51.100.4").status_code == 302
    client.logout()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = attempt(client, "le-bon-mot-de-passe")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_successful_login_clears_the_count(client, member):
    for _ in range(4):
        attempt(client, "mauvais")
    assert attempt(client, "le-bon-mot-de-passe").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "mauvais").status_code == 200
    assert attempt(client, "le-bon-mot-de-passe").status_code == 302


def test_the_django_admin_login_is_throttled_too(client, member):
    for _ in range(5):
        response = client.post(
            "/django-admin/login/",
            {"username": "membre", "password": "mauvais", "next": "/django-admin/"},
        )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        ("10.0.0.1", "", 0, "10.0.0.1"),
        ("10.0.0.1", "203.0.113.9", 0, "10.0.0.1"),  # no trusted proxy: the header is a lie
        ("10.0.0.1", "203.0.113.9", 1, "203.0.113.9"),
        ("10.0.0.1", "1.2.3.4, 203.0.113.9", 1, "203.0.113.9"),  # the client wrote 1.2.3.4
        ("10.0.0.1", "203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("10.0.0.1", "203.0.113.9", 2, "10.0.0.1"),  # shorter than the proxy chain
        ("10.0.0.1", "1.2.3.4, not-an-ip", 1, "10.0.0.1"),  # a proxy writes addresses only
        ("10.0.0.1", "1.2.3.4,", 1, "10.0.0.1"),
        ("10.0.0.1", " 2001:DB8::1 ", 1, "2001:db8::1"),
        ("127.0.0.1", "203.0.113.9", 1, "203.0.113.9"),
        # Not from the proxy's network: someone reached gunicorn directly.
        ("93.184.216.34", "203.0.113.9", 1, "93.184.216.34"),
        ("not-an-ip", "203.0.113.9", 1, "not-an-ip"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(
    remote, forwarded, proxies, expected
):
    assert forwarded_client_ip(remote, forwarded, proxies) == expected


def test_a_spoofed_forwarded_header_does_not_escape_the_lockout(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        response = client.post(
            LOGIN_URL,
            {"username": "membre", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )
    assert response.status_code == 429


def test_a_forwarded_header_that_is_not_an_address_is_ignored(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        response = client.post(
            LOGIN_URL,
            {"username": "membre", "password": "mauvais"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, not-an-ip",
        )
    assert response.status_code == 429  # counted against the proxy's address, no error
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    response = client.post(
        LOGIN_URL,
        {"username": "membre", "password": "le-bon-mot-de-passe"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50",
    )
    assert response.status_code == 302


def test_rotating_the_forwarded_header_around_the_proxy_does_not_escape_the_lockout(
    client, member, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        response = client.post(
            LOGIN_URL,
            {"username": "membre", "password": "mauvais"},
            REMOTE_ADDR="93.184.216.34",  # a public address (test nets count as private)
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert response.status_code == 429


def test_private_pages_offer_no_shared_password(admin_client, home_page):
    page = StandardPageFactory(parent=home_page, title="Réservé aux adhérents")
    url = f"/admin/pages/{page.pk}/privacy/"
    form = admin_client.get(url).json()["html"]
    assert 'value="login"' in form
    assert 'value="password"' not in form
    assert 'name="password"' not in form

    admin_client.post(url, {"restriction_type": "password", "password": "secret"})
    assert not PageViewRestriction.objects.filter(page=page).exists()

    admin_client.post(url, {"restriction_type": "login"})
    assert PageViewRestriction.objects.get(page=page).restriction_type == "login"
    anonymous = admin_client.__class__()
    response = anonymous.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/")
    assert "Réservé aux adhérents" not in content(response)


def test_private_document_collections_offer_no_shared_password(admin_client, db):
    collection = Collection.get_first_root_node().add_child(name="Adhérents")
    url = f"/admin/collections/{collection.pk}/privacy/"
    form = admin_client.get(url).json()["html"]
    assert 'value="login"' in form
    assert 'value="password"' not in form
    admin_client.post(url, {"restriction_type": "password", "password": "secret"})
    assert not CollectionViewRestriction.objects.filter(collection=collection).exists()


def test_login_records_are_kept_six_months_then_purged(client, member, settings):
    """Addresses and user agents of admin logins do not stay forever (axes_accesslog)."""
    from django.core.management import call_command

    assert settings.AXES_LOG_RETENTION_DAYS == 183
    with time_machine.travel(timezone.now() - datetime.timedelta(days=200)):
        attempt(client, "le-bon-mot-de-passe", address="192.0.2.1")
        client.logout()
        attempt(client, "mauvais", address="192.0.2.1")
    attempt(client, "le-bon-mot-de-passe", address="192.0.2.2")
    assert AccessLog.objects.count() == 2

    call_command("purge_login_records")
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["192.0.2.2"]
    assert not AccessAttempt.objects.exists()

    call_command("purge_login_records", "--days", "1")
    assert AccessLog.objects.count() == 1  # today's stays


def test_purging_login_records_refuses_a_retention_under_one_day(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="au moins un jour"):
        call_command("purge_login_records", "--days", "0")
