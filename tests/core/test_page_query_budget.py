"""Issue 18's budget for a page the app renders with empty caches (what reaches it when the
shared HTTP cache misses): at most 20 SQL queries for every public page type of the demo
site, and the same number once every list those pages show has grown.

Each page is requested once before it is measured, so that its renditions exist (new uploads
get theirs from a background task) and Django's process-wide caches (content types) are
filled, as in a running server; then the cache is emptied and the page measured.
"""

import datetime
import io

import pytest
import wagtail_factories
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from events.models import EventIndexPage
from home.models import HomePage
from influence.models import MediaPlanPage
from podcast.models import EpisodePage, PodcastPage
from positions.models import PositionIndexPage, PressRoomPage, Theme
from tests.events.factories import EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.influence.factories import AudioAssetStubFactory, MandateFactory, MediaActionFactory
from tests.podcast.factories import EpisodePageFactory
from tests.positions.factories import (
    PositionPageFactory,
    PressContactFactory,
    SpokespersonFactory,
    make_document,
)

COLD_LIMIT = 20


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=io.StringIO())


def page_urls():
    """One page of each public type (the first in tree order), and a theme's own page."""
    urls = {}
    pages = Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")
    for page in pages:
        urls.setdefault(type(page).__name__, page.url)
    theme = Theme.objects.filter(positions__live=True).order_by("slug").first()
    urls["theme (route of ThemeIndexPage)"] = f"{urls['ThemeIndexPage']}{theme.slug}/"
    return urls


def cold_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        cache.clear()
        assert client.get(url).status_code == 200, url
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(captured)
    return counts


def grow(size):
    """`size` more of everything the measured pages list, each with its picture (antennas,
    one per department, are all in the demo already)."""
    home = HomePage.objects.get()
    positions = PositionIndexPage.objects.get()
    calendar = EventIndexPage.objects.get()
    show = PodcastPage.objects.get()
    episode = EpisodePage.objects.live().order_by("path").first()
    press_room = PressRoomPage.objects.get()
    plan = MediaPlanPage.objects.live().order_by("path").first()
    themes = list(Theme.objects.all())
    start = timezone.now() + datetime.timedelta(days=30)
    pdf = make_document()
    kit = list(press_room.kit.raw_data)
    for number in range(size):
        image = wagtail_factories.ImageFactory()
        PositionPageFactory(
            parent=positions,
            social_image=image,
            pdf=pdf,
            themes=themes[number % len(themes) :][:2],
            publication_date=datetime.date(2024 + number % 3, 1 + number % 12, 1),
        )
        StandardPageFactory(parent=home, image=image)
        EventPageFactory(
            parent=calendar,
            image=image,
            start=start + datetime.timedelta(days=number),
            end=start + datetime.timedelta(days=number, hours=2),
        )
        EpisodePageFactory(parent=show, audio=AudioAssetStubFactory(), cover_image=image)
        episode.people.create(name=f"Invitée {number}", photo=image)
        SpokespersonFactory(photo=image).themes.set(themes[:2])
        PressContactFactory(photo=image)
        MediaActionFactory(page=plan)
        MandateFactory()
        kit.append(
            {"type": "image", "value": {"image": image.pk, "caption": "Photo", "credit": "CPME"}}
        )
    press_room.kit = kit
    press_room.save_revision().publish()
    episode.save_revision().publish()


def test_every_public_page_type_stays_within_the_cold_budget_whatever_its_content(
    client, demo_site, record_property
):
    urls = page_urls()
    assert len(urls) >= 14, urls  # every page type of the demo, and the theme route
    small = cold_queries(client, urls)
    grow(12)
    large = cold_queries(client, urls)
    record_property(
        "summary",
        "cold queries (demo → grown): "
        + ", ".join(f"{name} {small[name]}→{large[name]}" for name in urls),
    )
    for name, url in urls.items():
        assert large[name] <= COLD_LIMIT, f"{name} {url}: {large[name]} queries cold"
        assert large[name] == small[name], f"{name} {url}: {small[name]} → {large[name]}"
