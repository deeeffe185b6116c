from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.models import Antenna, SiteIdentity, StandardPage


def object_counts():
    return {
        "pages": Page.objects.count(),
        "antennas": Antenna.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "identities": SiteIdentity.objects.count(),
    }


def test_seed_demo_twice_creates_nothing_more(db):
    call_command("seed_demo", stdout=None)
    first = object_counts()
    call_command("seed_demo")
    assert object_counts() == first
    assert first["antennas"] == 13
    assert set(StandardPage.objects.live().values_list("slug", flat=True)) == {
        "pacte-occitan",
        "pme-bootcamp-360",
        "pme-xperience",
        "test-pme-occitanie",
        "adherer",
    }


def test_seed_demo_puts_each_demo_account_in_its_role_group(db):
    call_command("seed_demo")
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert list(users.get(username="redacteur").groups.values_list("name", flat=True)) == [
        "Editors"
    ]
    assert list(users.get(username="moderatrice").groups.values_list("name", flat=True)) == [
        "Moderators"
    ]


def test_seeded_home_shows_the_13_antennas_and_key_figures(client, db):
    call_command("seed_demo")
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    html = response.content.decode()
    assert response.status_code == 200
    for code, name in Antenna.objects.values_list("department_code", "name"):
        assert f'href="/antennes/#antenne-{code}"' in html  # "près de chez vous" links
        assert f'<span class="dept-code">{code}</span> {name}' in html  # footer directory
    assert "3\u202f000" in html  # members
    assert "6\u202f000" in html  # members goal
    assert "41\u202f000" in html  # employees represented
    assert '13</span>\n            <span class="key-figure__label">antennes' in html


def test_seeded_programme_page_shows_the_credited_image(client, db):
    call_command("seed_demo")
    html = client.get("/pacte-occitan/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "© CPME Occitanie (illustration de démonstration)" in html
    assert 'alt="Carte stylisée des treize départements' in html
