"""The embeddable player seen from outside: Wagtail's own oEmbed finder, as WordPress or a
newsletter tool would use it, fetches our endpoint over real HTTP.

In a module of its own: the live server makes it a transactional test, and a test process
runs a module's tests together (pytest-xdist, `--dist loadfile`), so no ordinary test runs
after it on an emptied database."""

import re

import pytest
from wagtail.embeds.finders.oembed import OEmbedFinder

from tests.podcast.conftest import publish, square_image
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_wagtails_own_oembed_finder_embeds_an_episode(live_server, settings, home_page):
    """wagtail.embeds, pointed at our endpoint over HTTP, gets the player (as WordPress or a
    newsletter tool would from the discovery link)."""
    site = home_page.get_site()
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    show = publish(PodcastPageFactory(parent=home_page, live=False, cover_image=square_image(200)))
    episode = publish(
        EpisodePageFactory(parent=show, live=False, audio=make_audio_asset(), title="Embarqué")
    )
    finder = OEmbedFinder(
        providers=[
            {
                "endpoint": f"{live_server.url}/oembed/",
                "urls": [rf"^{re.escape(live_server.url)}/.+$"],
            }
        ]
    )
    url = episode.full_url
    assert finder.accept(url)
    embed = finder.find_embed(url, max_width=500)
    assert embed["type"] == "rich"
    assert embed["title"] == "Embarqué"
    assert embed["width"] == 500
    assert f'src="{live_server.url}/cash-pme/{episode.guid}/lecteur/"' in embed["html"]
