"""Theme pages: what each one gathers, who may see it, its feeds, calendar and metadata."""

import datetime
import json
import re

import feedparser
import icalendar
import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.cache import bump_content_version
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.influence.factories import (
    BodyFactory,
    MandateFactory,
    MediaActionFactory,
    MediaPlanPageFactory,
    RepresentativeFactory,
    make_episode,
)
from tests.podcast.factories import PodcastPageFactory
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    SpokespersonFactory,
    ThemeFactory,
)
from tests.themes.factories import ThemeIndexPageFactory, tag
from themes.models import ThemeEntry


@pytest.fixture
def energy(db):
    return ThemeFactory(name="Énergie", slug="energie", description="Le coût de l'énergie.")


@pytest.fixture
def other_theme(db):
    return ThemeFactory(name="Foncier", slug="foncier")


@pytest.fixture
def themes_index(home_page):
    return ThemeIndexPageFactory(parent=home_page)


@pytest.fixture
def positions_index(home_page):
    return PositionIndexPageFactory(parent=home_page)


def future(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def content(home_page, themes_index, positions_index, energy, other_theme):
    spokesperson = SpokespersonFactory(name="Hélène Exemple")
    public = PositionPageFactory(
        parent=positions_index,
        title="Garantir une énergie compétitive",
        themes=[energy],
        spokesperson=spokesperson,
    )
    PositionPageFactory(parent=positions_index, title="Foncier seulement", themes=[other_theme])
    PositionPageFactory(
        parent=positions_index, title="Brouillon énergie", themes=[energy], live=False
    )
    private = PositionPageFactory(parent=positions_index, title="Réservé énergie", themes=[energy])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    tagged = tag(make_episode(home_page, title="Épisode énergie"), energy)
    linked = make_episode(home_page, show=tagged.get_parent().specific, title="Épisode lié")
    public.related_links.create(related_page=linked)
    public.save_revision().publish()
    make_episode(home_page, show=tagged.get_parent().specific, title="Épisode hors sujet")
    calendar = EventIndexPageFactory(parent=home_page)
    tag(
        EventPageFactory(parent=calendar, title="Atelier énergie", start=future(3), end=future(4)),
        energy,
    )
    tag(
        EventPageFactory(parent=calendar, title="Atelier passé", start=future(-9), end=future(-8)),
        energy,
    )
    EventPageFactory(parent=calendar, title="Atelier sans thème", start=future(3), end=future(4))
    consenting = RepresentativeFactory(name="Alice Publique", public_consent=True)
    refusing = RepresentativeFactory(name="Bob Discret", public_consent=False)
    ceser = BodyFactory(name="CESER Occitanie", level="regional", department_code="")
    MandateFactory(representative=consenting, body=ceser, themes=[energy])
    MandateFactory(representative=refusing, body=ceser, themes=[energy])
    MandateFactory(
        representative=consenting, body=BodyFactory(name="URSSAF hors sujet"), themes=[other_theme]
    )
    plan = MediaPlanPageFactory(parent=home_page)
    MediaActionFactory(page=plan, topic="Interview énergie", linked_position=public)
    MediaActionFactory(
        page=plan, topic="Annonce prévue", linked_position=public, status="prevu", coverage_url=""
    )
    MediaActionFactory(
        page=plan,
        topic="Interview annulée",
        linked_position=public,
        status="annule",
        coverage_url="",
    )
    MediaActionFactory(page=plan, topic="Podcast énergie", linked_episode=tagged)
    plan.save_revision().publish()
    return {"position": public, "spokesperson": spokesperson, "episode": tagged}


def test_theme_page_gathers_what_the_site_holds_on_the_theme(client, content):
    response = client.get("/themes/energie/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Énergie</h1>" in html
    assert "Garantir une énergie compétitive" in html
    assert "Foncier seulement" not in html
    assert "Épisode énergie" in html
    assert "Épisode lié" in html
    assert "Épisode hors sujet" not in html
    assert "Atelier énergie" in html
    assert "Atelier passé" not in html
    assert "Atelier sans thème" not in html
    assert "Alice Publique" in html
    assert "CESER Occitanie" in html
    assert "URSSAF hors sujet" not in html
    assert "Interview énergie" in html
    assert "Podcast énergie" in html
    assert "Hélène Exemple" in html


def test_theme_page_keeps_private_things_out(client, content):
    html = client.get("/themes/energie/").content.decode()
    assert "Brouillon énergie" not in html
    assert "Réservé énergie" not in html
    assert "Bob Discret" not in html  # no consent, never public
    assert "Annonce prévue" not in html  # planned actions are public only when the plan says so
    assert "Interview annulée" not in html


def test_planned_actions_show_when_the_plan_publishes_them(client, content, home_page):
    from influence.models import MediaPlanPage

    plan = MediaPlanPage.objects.get()
    plan.public_planned_actions = True
    plan.save_revision().publish()
    html = client.get("/themes/energie/").content.decode()
    assert "Annonce prévue" in html
    assert "Interview annulée" not in html


def test_editors_entry_sets_introduction_and_spokesperson(client, content, themes_index, energy):
    chosen = SpokespersonFactory(name="Paul Choisi")
    ThemeEntry.objects.create(
        page=themes_index,
        theme=energy,
        introduction="Notre priorité <b>n° 1</b>.",
        spokesperson=chosen,
    )
    html = client.get("/themes/energie/").content.decode()
    assert "Notre priorité &lt;b&gt;n° 1&lt;/b&gt;." in html
    assert "Paul Choisi" in html


def test_unknown_theme_is_a_404(client, themes_index):
    assert client.get("/themes/inconnu/").status_code == 404
    assert client.get("/themes/inconnu/flux/rss/").status_code == 404
    assert client.get("/themes/inconnu/agenda.ics").status_code == 404


def test_index_lists_themes_in_the_editors_order_then_alphabetically(client, themes_index, db):
    zebra = ThemeFactory(name="Zèbre", slug="zebre")
    ThemeFactory(name="Énergie", slug="energie")
    ThemeFactory(name="Apprentissage", slug="apprentissage")
    ThemeEntry.objects.create(page=themes_index, theme=zebra, sort_order=0)
    html = client.get("/themes/").content.decode()
    links = re.findall(r'href="/themes/([a-z-]+)/"', html)
    assert links == ["zebre", "apprentissage", "energie"]


def test_theme_feeds_list_positions_and_episodes(client, content):
    for fmt in ("rss", "atom"):
        response = client.get(f"/themes/energie/flux/{fmt}/")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        titles = {entry.title for entry in feed.entries}
        assert titles == {"Garantir une énergie compétitive", "Épisode énergie", "Épisode lié"}
    assert client.get("/themes/energie/flux/pdf/").status_code == 404


def test_theme_calendar_lists_the_themes_events(client, content):
    response = client.get("/themes/energie/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert summaries == {"Atelier énergie", "Atelier passé"}


def test_theme_page_links_its_feeds_and_carries_metadata(client, content):
    html = client.get("/themes/energie/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert "/themes/energie/flux/rss/" in html
    assert "/themes/energie/agenda.ics" in html
    assert '<meta property="og:title" content="Énergie">' in html
    assert '<meta property="og:url" content="http://testserver/themes/energie/">' in html
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload.group(1))
    assert data["@type"] == "CollectionPage"
    assert data["mainEntity"]["@type"] == "ItemList"
    names = [item["name"] for item in data["mainEntity"]["itemListElement"]]
    assert "Garantir une énergie compétitive" in names


def test_theme_pages_are_in_the_sitemap(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/themes/energie/</loc>" in xml
    assert "http://testserver/themes/foncier/</loc>" in xml


def test_theme_badges_link_to_theme_pages(client, content):
    html = client.get("/prises-de-position/").content.decode()
    assert '<a href="/themes/energie/">Énergie</a>' in html
    html = client.get(content["position"].url).content.decode()
    assert '<a href="/themes/energie/">Énergie</a>' in html


def test_theme_badges_stay_text_without_a_theme_index(client, positions_index, energy):
    PositionPageFactory(parent=positions_index, themes=[energy])
    html = client.get("/prises-de-position/").content.decode()
    assert "<li>Énergie</li>" in html


def _theme_page_queries(client, themes_index, positions_index, energy, count, show):
    home_page = themes_index.get_parent()
    for number in range(count):
        # The theme page's cards are compact: a position's picture costs no query there.
        position = PositionPageFactory(
            parent=positions_index, themes=[energy], social_image=wagtail_factories.ImageFactory()
        )
        episode = tag(make_episode(home_page, show=show, title=f"Épisode {count}-{number}"), energy)
        calendar = EventIndexPageFactory(parent=home_page, slug=f"agenda-{count}-{number}")
        tag(EventPageFactory(parent=calendar, start=future(2), end=future(3)), energy)
        MandateFactory(themes=[energy])
        plan = MediaPlanPageFactory(parent=home_page, slug=f"plan-{count}-{number}")
        MediaActionFactory(page=plan, linked_position=position)
        MediaActionFactory(page=plan, linked_episode=episode)
    client.get("/themes/energie/")  # warm the site and settings caches like a real server
    bump_content_version()  # as a publish does: the page is rendered, not served from cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/themes/energie/")
    assert response.status_code == 200
    return len(queries)


def test_theme_page_query_count_is_small_and_constant(
    client, home_page, themes_index, positions_index, energy
):
    show = PodcastPageFactory(parent=home_page)
    small = _theme_page_queries(client, themes_index, positions_index, energy, 2, show)
    large = _theme_page_queries(client, themes_index, positions_index, energy, 6, show)
    print(f"theme page: {small} queries with 2 of each content, {large} with 8")
    assert large == small
    # Routing, header and footer take 9 (no view-restriction query: core.pages'
    # may_be_restricted); the theme and its five lists 6.
    assert large <= 15
