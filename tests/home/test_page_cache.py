"""Whole-page cache for anonymous visitors: served without rendering, never stale after a
change, never shared with editors, previews or private pages."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

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
    from home.cache import content_version, one_content_version_bump

    before = content_version()
    with one_content_version_bump():
        for day in range(1, 4):
            MandateFactory(start_date=datetime.date(2024, 1, day))
        assert content_version() == before  # deferred while the rows are written
    assert content_version() != before
