"""Whole-page cache for anonymous visitors: served without rendering, never stale after a
change, never shared with editors, previews or private pages."""

import datetime

import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from config.release import release_id
from home.models import StandardPage
from tests.home.factories import StandardPageFactory
from tests.influence.factories import MandateFactory
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    ThemeFactory,
)


def test_a_second_visit_is_served_without_rendering_the_page(client, home_page):
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 1  # the content version, nothing else
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Cookie" in second["Vary"]


def test_a_stored_page_answers_if_none_match_with_304(client, home_page):
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/", headers={"if-none-match": '"autre"'}).status_code == 200


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


def test_editors_neither_get_nor_leave_stored_pages(client, home_page, admin_user):
    client.get("/")  # stored for visitors
    client.force_login(admin_user)
    editor_view = client.get("/").content.decode()
    assert "wagtail-userbar" in editor_view
    client.logout()
    assert "wagtail-userbar" not in client.get("/").content.decode()


def test_query_strings_are_never_stored(client, home_page):
    client.get("/?utm_source=lettre")
    with CaptureQueriesContext(connection) as queries:
        client.get("/?utm_source=lettre")
    assert len(queries) > 1


def test_many_saves_in_one_import_make_one_bump(db):
    from core.cache import content_version, one_content_version_bump

    before = content_version()
    with one_content_version_bump():
        for day in range(1, 4):
            MandateFactory(start_date=datetime.date(2024, 1, day))
        assert content_version() == before  # deferred while the rows are written
    assert content_version() != before


def stored_then_changed_behind_the_cache(client, home_page, **request):
    """A page stored for visitors, then its text changed without a new content version: a
    visit that still gets the first text was served the stored entry."""
    page = StandardPageFactory(parent=home_page, title="Programme", intro="Texte stocké")
    assert "Texte stocké" in client.get(page.url, **request).content.decode()
    StandardPage.objects.filter(pk=page.pk).update(intro="Texte rendu")
    return page


def test_host_and_port_variants_share_the_sites_entries(client, home_page):
    """A flood of `Host: 127.0.0.1:NNNN` lands on the one entry of the site they lead to."""
    page = stored_then_changed_behind_the_cache(client, home_page)
    for port in range(20000, 20020):
        response = client.get(page.url, HTTP_HOST=f"127.0.0.1:{port}")
        assert "Texte stocké" in response.content.decode()


def test_https_visitors_never_get_a_page_stored_for_http(client, home_page):
    page = stored_then_changed_behind_the_cache(client, home_page)
    assert "Texte rendu" in client.get(page.url, secure=True).content.decode()
    assert "Texte stocké" in client.get(page.url).content.decode()


def test_pages_build_absolute_urls_on_their_site_not_on_the_host_asked(client, home_page):
    index = PositionIndexPageFactory(parent=home_page)
    image = wagtail_factories.ImageFactory(file__width=1300, file__height=700)
    position = PositionPageFactory(parent=index, social_image=image)
    body = client.get(position.url, HTTP_HOST="127.0.0.1:20001").content.decode()
    assert 'property="og:image" content="http://testserver/' in body
    assert "127.0.0.1" not in body


def test_a_new_release_never_serves_the_previous_ones_pages(client, home_page, settings):
    """Every cache key carries the release, so fragments and pages that link static files
    a deploy removed are never served by the next release."""
    assert settings.RELEASE_ID in cache.make_key("page")
    page = stored_then_changed_behind_the_cache(client, home_page)
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": "suivante"}}
    assert "Texte rendu" in client.get(page.url).content.decode()


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
