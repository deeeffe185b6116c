import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from antennas.models import Antenna, MembershipPage
from home.models import SiteIdentity, SiteNavigation, StandardPage
from influence.models import Body, Mandate, MediaAction, Representative
from positions.models import PositionPage


def object_counts():
    return {
        "pages": Page.objects.count(),
        "antennas": Antenna.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "identities": SiteIdentity.objects.count(),
        "positions": PositionPage.objects.count(),
        "bodies": Body.objects.count(),
        "representatives": Representative.objects.count(),
        "mandates": Mandate.objects.count(),
        "media actions": MediaAction.objects.count(),
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
        "mentions-legales",
        "donnees-personnelles",
        "accessibilite",
    }
    assert MembershipPage.objects.live().get().slug == "adherer"


def test_seeded_programme_page_shows_the_credited_image(client, db):
    call_command("seed_demo")
    html = client.get("/pacte-occitan/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "© CPME Occitanie (illustration de démonstration)" in html
    assert 'alt="Carte stylisée des treize départements' in html


def test_seeded_themes_and_press_people_have_pictures(client, db):
    call_command("seed_demo")
    themes = client.get("/themes/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert themes.count('<div class="card__media">') == 7  # every demo theme has its picture
    energy = client.get("/themes/energie/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert '<div class="page-image">' in energy
    press = client.get("/presse/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert press.count('class="person-card__photo"') >= 2  # spokesperson and press office
    assert "© CPME Occitanie, illustration de démonstration" in press


def test_seed_demo_refuses_production_settings(db, settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="mot de passe est publié"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_site_follows_the_configured_address_on_every_run(db, settings, client):
    call_command("seed_demo", stdout=io.StringIO())
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8011"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Site servi à l'adresse http://127.0.0.1:8011/." in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8011)
    html = client.get("/cash-pme/", HTTP_HOST="127.0.0.1:8011").content.decode()
    assert 'href="http://127.0.0.1:8011/cash-pme/feed.xml"' in html


def test_a_site_seeded_before_the_legal_pages_gets_them_in_its_footer(db):
    call_command("seed_demo")
    navigation = SiteNavigation.for_site(Site.objects.get(is_default_site=True))
    navigation.legal_notice_page = navigation.privacy_page = None
    navigation.save()
    call_command("seed_demo")
    navigation.refresh_from_db()
    assert navigation.legal_notice_page.slug == "mentions-legales"
    assert navigation.privacy_page.slug == "donnees-personnelles"
