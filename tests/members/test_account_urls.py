"""allauth's pages under French addresses, and the links its e-mails carry lead to them."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from .factories import UserFactory

ENGLISH = re.compile(
    r"\b(login|logout|signup|password|reset|email|confirm|2fa|recovery|inactive)\b"
)


def allauth_names(patterns):
    """Every URL name allauth's own URLconf defines with the project's settings."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= allauth_names(pattern.url_patterns)
        elif pattern.name:
            names.add(pattern.name)
    return names


def test_every_allauth_page_has_a_french_address():
    from allauth import urls as allauth_urls

    ours = get_resolver().reverse_dict
    names = allauth_names(allauth_urls.urlpatterns)
    assert "account_login" in names
    assert "mfa_activate_totp" in names
    missing = sorted(name for name in names if name not in ours)
    assert missing == []
    for name in names:
        for possibility, _pattern, _defaults, _converters in ours.getlist(name):
            address = possibility[0][0]
            assert address.startswith("espace-membres/compte/"), (name, address)
            assert not ENGLISH.search(address), (name, address)


@pytest.mark.django_db
def test_the_english_addresses_are_gone(client):
    assert reverse("account_login") == "/espace-membres/compte/connexion/"
    assert reverse("account_signup") == "/espace-membres/compte/inscription/"
    assert client.get("/espace-membres/compte/login/").status_code == 404
    assert client.get("/espace-membres/compte/2fa/").status_code == 404


@pytest.mark.django_db
def test_password_reset_link_in_the_email_works(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="paul@atelier.example")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("account_reset_password"), {"email": "paul@atelier.example"})
    assert sent.status_code == 302
    assert sent.url == "/espace-membres/compte/mot-de-passe/oublie/envoye/"
    assert len(mailoutbox) == 1
    link = re.search(
        r"http://testserver(/espace-membres/compte/mot-de-passe/nouveau/\S+/)", mailoutbox[0].body
    )
    assert link, mailoutbox[0].body
    # allauth moves the key into the session and redirects to a key-less form address.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert "Nouveau mot de passe" in form_page.content.decode()
    changed = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Garonne-Toulouse-2027", "password2": "Garonne-Toulouse-2027"},
    )
    assert changed.status_code == 302
    assert changed.url == "/espace-membres/compte/mot-de-passe/nouveau/enregistre/"
    user.refresh_from_db()
    assert user.check_password("Garonne-Toulouse-2027")
    login = client.post(
        reverse("account_login"),
        {"login": "paul@atelier.example", "password": "Garonne-Toulouse-2027"},
    )
    assert login.status_code == 302
    assert login.url == "/espace-membres/"
