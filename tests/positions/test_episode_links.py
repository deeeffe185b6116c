"""Positions and episodes point to each other: an embedded player and related content."""

import json

from positions.models import PositionRelatedPage
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset
from tests.positions.factories import PositionIndexPageFactory, PositionPageFactory


def episode_block(episode, introduction="Écoutez-les en parler"):
    return json.dumps(
        [{"type": "episode", "value": {"episode": episode.pk, "introduction": introduction}}]
    )


def test_a_position_embeds_a_live_episode_with_its_player(client, home_page):
    show = PodcastPageFactory(parent=home_page)
    episode = EpisodePageFactory(parent=show, title="Réindustrialiser", audio=make_audio_asset())
    position = PositionPageFactory(
        parent=PositionIndexPageFactory(parent=home_page), body=episode_block(episode)
    )
    html = client.get(position.url).content.decode()
    assert "Écoutez-les en parler" in html
    # Through the podcast's counting redirect, like the episode page's own player.
    assert f'<audio controls preload="none" src="{show.url}{episode.guid}/audio.mp3"' in html
    assert f'href="{episode.url}"' in html


def test_an_unpublished_episode_is_not_embedded(client, home_page):
    show = PodcastPageFactory(parent=home_page)
    draft = EpisodePageFactory(parent=show, title="Épisode secret", live=False)
    position = PositionPageFactory(
        parent=PositionIndexPageFactory(parent=home_page), body=episode_block(draft)
    )
    html = client.get(position.url).content.decode()
    assert "Épisode secret" not in html
    assert "<audio" not in html


def test_related_content_lists_episodes_next_to_positions(client, home_page):
    show = PodcastPageFactory(parent=home_page)
    episode = EpisodePageFactory(
        parent=show, title="Trésorerie : tenir le cap", audio=make_audio_asset()
    )
    position = PositionPageFactory(parent=PositionIndexPageFactory(parent=home_page))
    PositionRelatedPage.objects.create(page=position, related_page=episode)
    html = client.get(position.url).content.decode()
    assert f'<a href="{episode.url}">Trésorerie\u00a0: tenir le cap</a>' in html
    assert episode.summary[:30] in html
