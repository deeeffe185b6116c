"""Cached fragments never outlive the content they show: the next request sees a change.
Whole pages are kept by the shared HTTP cache only (tests/core/test_shared_cache.py)."""

import datetime

import wagtail_factories
from wagtail.models import PageViewRestriction

from antennas.models import Antenna
from config.release import release_id
from tests.antennas.factories import AntennaFactory
from tests.home.factories import StandardPageFactory
from tests.influence.factories import MandateFactory
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    ThemeFactory,
)


def test_a_publish_shows_on_the_home_page_at_the_next_request(client, home_page):
    show = PodcastPageFactory(parent=home_page)
    assert "Nouvel épisode" not in client.get("/").content.decode()  # now cached
    episode = EpisodePageFactory(parent=show, title="Nouvel épisode", audio=make_audio_asset())
    episode.save_revision().publish()
    assert "Nouvel épisode" in client.get("/").content.decode()
    episode.unpublish()
    assert "Nouvel épisode" not in client.get("/").content.decode()


def test_the_menu_follows_publishing_and_moves(client, home_page):
    client.get("/")
    section = StandardPageFactory(
        parent=home_page, title="Nos services", show_in_menus=True, live=False
    )
    section.save_revision().publish()
    assert ">Nos services</a>" in client.get("/").content.decode()
    section.delete()
    assert ">Nos services</a>" not in client.get("/").content.decode()


def test_the_footer_follows_antenna_edits(client, home_page):
    antenna = AntennaFactory(department_code="46", name="CPME Lot", city="Cahors")
    assert "</span> Cahors</a>" in client.get("/").content.decode()
    antenna.city = "Figeac"
    antenna.save()
    assert "</span> Figeac</a>" in client.get("/").content.decode()


def test_previews_are_never_served_from_or_into_the_cache(client, home_page, admin_user):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client.get("/")
    client.force_login(admin_user)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    data = nested_form_data(
        {"title": "Accueil", "slug": "accueil", "hero_title": "Accroche en cours d'écriture",
         "body": streamfield([])}
    )  # fmt: skip
    client.post(preview_url, data)
    assert "Accroche en cours d&#x27;écriture" in client.get(preview_url).content.decode()
    client.logout()
    assert "Accroche en cours" not in client.get("/").content.decode()


def test_a_bump_made_by_another_process_is_seen_at_once(client, home_page):
    """The scheduler releasing an embargo is another process, with its own memory cache."""
    import uuid

    from core.models import ContentVersion

    PodcastPageFactory(parent=home_page, title="Émission", show_in_menus=True)
    client.get("/")  # fragments cached under the current version
    show = home_page.get_children().get(slug="cash-pme")
    show.title = "Cash PME, saison 2"
    show.save()  # no publish signal here: as if another process had changed it…
    ContentVersion.objects.update(version=uuid.uuid4())  # …and bumped the shared version
    assert ">Cash PME, saison 2</a>" in client.get("/").content.decode()


def test_a_publish_shows_on_the_next_request(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Programme", intro="Première version")
    assert "Première version" in client.get(page.url).content.decode()
    page.intro = "Seconde version"
    page.save_revision().publish()
    assert "Seconde version" in client.get(page.url).content.decode()


def test_a_snippet_edit_shows_on_pages_that_name_it(client, home_page):
    theme = ThemeFactory(name="Fiscalité")
    index = PositionIndexPageFactory(parent=home_page)
    position = PositionPageFactory(parent=index, themes=[theme])
    assert "Fiscalité" in client.get(position.url).content.decode()
    theme.name = "Fiscalité des entreprises"
    theme.save()
    assert "Fiscalité des entreprises" in client.get(position.url).content.decode()


def test_a_page_made_private_stops_being_served_at_once(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Réservé")
    assert client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(page.url).status_code == 302  # to the login page


def test_many_saves_in_one_import_make_one_bump(db):
    from core.cache import content_version, one_content_version_bump

    before = content_version()
    with one_content_version_bump():
        for day in range(1, 4):
            MandateFactory(start_date=datetime.date(2024, 1, day))
        assert content_version() == before  # deferred while the rows are written
    assert content_version() != before


def test_pages_build_absolute_urls_on_their_site_not_on_the_host_asked(client, home_page):
    """The shared cache keeps a page for every visitor: it must not carry the Host one asked."""
    index = PositionIndexPageFactory(parent=home_page)
    image = wagtail_factories.ImageFactory(file__width=1300, file__height=700)
    position = PositionPageFactory(parent=index, social_image=image)
    body = client.get(position.url, HTTP_HOST="127.0.0.1:20001").content.decode()
    assert 'property="og:image" content="http://testserver/' in body
    assert "127.0.0.1" not in body


def test_a_new_release_never_serves_the_previous_ones_fragments(client, home_page, settings):
    """Every cache key carries the release, so fragments that link static files a deploy
    removed are never served by the next release."""
    from django.core.cache import cache

    assert settings.RELEASE_ID in cache.make_key("fragment")
    AntennaFactory(department_code="46", name="CPME Lot", city="Cahors")
    assert "</span> Cahors</a>" in client.get("/").content.decode()
    Antenna.objects.update(city="Figeac")  # behind the cache: no new content version
    assert "</span> Cahors</a>" in client.get("/").content.decode()  # the stored footer
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": "suivante"}}
    assert "</span> Figeac</a>" in client.get("/").content.decode()


def test_a_release_is_named_by_its_static_manifest_code_and_dependencies(tmp_path):
    static, code, lock = tmp_path / "static", tmp_path / "code", tmp_path / "requirements.lock"
    static.mkdir()
    code.mkdir()
    (code / "page.html").write_text("<p>1</p>")
    lock.write_text("wagtail==8.0\n")
    names = [release_id(static, [code, lock])]
    (static / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.1.css"}}')
    names.append(release_id(static, [code, lock]))
    (code / "page.html").write_text("<p>2</p>")
    names.append(release_id(static, [code, lock]))
    lock.write_text("wagtail==8.0.1\n")
    names.append(release_id(static, [code, lock]))
    assert len(set(names)) == 4
    assert release_id(static, [code, lock]) == names[-1]  # the same files, the same release
    assert release_id(static, [code, lock], declared="2026-12-02.1") == "2026-12-02.1"
