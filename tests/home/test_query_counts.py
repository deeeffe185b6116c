"""Page cost must not grow with content: same SQL count at small and 10× content.

Cold renders (cache emptied) and warm ones (the fragments cached) are compared between the
two sizes. Whole pages are kept by the shared HTTP cache (Varnish), not by the app: what
reaches the app is a full render, so both stay within the budget.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.antennas.factories import AntennaFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset

COLD_LIMIT = 16  # a full render with an empty cache (issue 10's budget is 15 after a publish)
WARM_LIMIT = COLD_LIMIT  # a full render too, minus what the fragment caches spare


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def cold_and_warm(client, url):
    cache.clear()
    cold = queries(client, url)
    return cold, queries(client, url)


def grow(home, size):
    """`size` episodes (with chapters and people) and `size` events."""
    show = home.get_children().type(PodcastPageFactory._meta.model).first()
    calendar = home.get_children().type(EventIndexPageFactory._meta.model).first()
    audio = make_audio_asset()
    start = timezone.now() + datetime.timedelta(days=1)
    for number in range(size):
        episode = EpisodePageFactory(parent=show.specific, audio=audio, number=number + 1)
        episode.chapters.create(start="0:00", title="Début")
        episode.people.create(name=f"Invité {number}", role="guest")
        episode.save()
        EventPageFactory(
            parent=calendar.specific,
            start=start + datetime.timedelta(hours=number),
            end=start + datetime.timedelta(hours=number + 1),
        )


@pytest.fixture
def site(home_page):
    PodcastPageFactory(parent=home_page)
    EventIndexPageFactory(parent=home_page)
    AntennaFactory.create_batch(3)
    return home_page


URLS = ["/", "/cash-pme/", "/cash-pme/{episode}/", "/agenda/", "/agenda/{event}/"]


def measure(client, home):
    episode = home.get_children().get(slug="cash-pme").get_children().first()
    event = home.get_children().get(slug="agenda").get_children().first()
    urls = [url.format(episode=episode.slug, event=event.slug) for url in URLS]
    return {url.split("/")[1] + ("/…" if url.count("/") > 2 else ""): cold_and_warm(client, url)
            for url in urls}  # fmt: skip


def test_page_queries_do_not_grow_with_content(client, site):
    grow(site, 2)
    measure(client, site)  # fills process-wide caches (content types…) that a server keeps
    small = measure(client, site)
    grow(site, 18)
    large = measure(client, site)
    for page, (cold, warm) in large.items():
        assert cold == small[page][0], f"{page}: {small[page][0]} → {cold} queries"
        assert cold <= COLD_LIMIT, f"{page}: {cold} queries cold"
        assert warm == small[page][1], f"{page}: {small[page][1]} → {warm} queries warm"
        assert warm <= min(cold, WARM_LIMIT), f"{page}: {warm} queries warm, {cold} cold"
