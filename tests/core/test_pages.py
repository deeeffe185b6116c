"""The site's page queryset and view-restriction check select what Wagtail's do, cheaper."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core.cache import bump_content_version
from core.pages import site_pages
from home.models import StandardPage
from tests.home.factories import StandardPageFactory


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type="login")


def test_public_excludes_private_sections_like_wagtail(home_page):
    open_section = StandardPageFactory(parent=home_page, title="Ouvert")
    closed_section = StandardPageFactory(parent=home_page, title="Fermé")
    StandardPageFactory(parent=open_section, title="Ouvert, enfant")
    StandardPageFactory(parent=closed_section, title="Fermé, enfant")
    # A restriction on "Fermé" must not catch a sibling whose path merely shares a prefix.
    restrict(closed_section)

    ours = set(site_pages().public().values_list("title", flat=True))
    wagtails = set(Page.objects.public().values_list("title", flat=True))
    assert ours == wagtails
    assert "Fermé" not in ours
    assert "Fermé, enfant" not in ours
    assert {"Ouvert", "Ouvert, enfant"} <= ours
    private = set(StandardPage.objects.not_public().values_list("title", flat=True))
    assert private == {"Fermé", "Fermé, enfant"}


def test_a_public_list_costs_no_extra_query(home_page):
    restrict(StandardPageFactory(parent=home_page))
    with CaptureQueriesContext(connection) as queries:
        list(StandardPage.objects.live().public())
    assert len(queries) == 1


def test_view_restrictions_match_wagtails_for_pages_and_aliases(home_page):
    private = StandardPageFactory(parent=home_page, title="Réservé")
    child = StandardPageFactory(parent=private, title="Sous-page")
    restriction = restrict(private)
    public = StandardPageFactory(parent=home_page, title="Public")
    alias_of_private = private.create_alias(parent=public, update_slug="copie")
    alias_of_child = child.create_alias(parent=public, update_slug="copie-enfant")
    restrict(alias_of_child)  # ignored by Wagtail: an alias follows its source page

    for page in (home_page, private, child, public, alias_of_private, alias_of_child):
        page = page.specific
        served = type(page).objects.for_serving().get(pk=page.pk)  # as HomePage.route loads it
        wagtails = set(Page.get_view_restrictions(page))
        assert set(page.get_view_restrictions()) == wagtails, page.title
        assert set(served.get_view_restrictions()) == wagtails, page.title
    assert set(child.get_view_restrictions()) == {restriction}
    assert set(alias_of_private.specific.get_view_restrictions()) == {restriction}


def test_an_alias_of_a_private_page_is_not_served_to_visitors(client, home_page):
    private = StandardPageFactory(parent=home_page, title="Réservé")
    restrict(private)
    public = StandardPageFactory(parent=home_page, title="Public")
    alias = private.create_alias(parent=public, update_slug="copie")
    response = client.get(alias.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/")


def test_serving_a_page_no_restriction_reaches_reads_no_restriction(client, home_page):
    restrict(StandardPageFactory(parent=home_page, title="Réservé"))
    public = StandardPageFactory(parent=home_page, title="Public")
    client.get(public.url)  # Wagtail's site caches
    bump_content_version()  # as a publish does: the page is rendered, not served from cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(public.url).status_code == 200
    reads = [re.match(r'SELECT (?:DISTINCT )?"(\w+)"', query["sql"]) for query in queries]
    assert "wagtailcore_pageviewrestriction" not in {read.group(1) for read in reads if read}
