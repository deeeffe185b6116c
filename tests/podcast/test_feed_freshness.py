"""A cached feed is never stale and never shows what listeners may not see."""

import datetime
import uuid

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from wagtail.models import PageViewRestriction

from podcast import cache as feed_cache
from podcast.models import AudioAsset, EpisodePage, FeedVersion
from tests.home.factories import StandardPageFactory
from tests.podcast.conftest import publish, square_image
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory

FEED = "/cash-pme/feed.xml"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def titles(client, path=FEED):
    response = client.get(path)
    assert response.status_code == 200
    return [item.findtext("title") for item in etree.fromstring(response.content).iter("item")]


def test_unpublished_episode_disappears_from_the_next_response(client, make_episode):
    make_episode(title="Reste")
    leaving = make_episode(title="S'en va")
    assert titles(client) == ["S'en va", "Reste"]
    assert titles(client) == ["S'en va", "Reste"]  # now served from the cache

    leaving.unpublish()
    assert titles(client) == ["Reste"]


def test_publishing_shows_at_once_even_for_a_client_holding_an_etag(client, make_episode):
    make_episode(title="Premier")
    etag = client.get(FEED)["ETag"]
    make_episode(title="Deuxième")
    response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Deuxi\xc3\xa8me" in response.content


def test_changes_within_one_second_still_move_last_modified(client, show, make_episode):
    make_episode(title="Premier")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        first = client.get(FEED)
        feed_cache.invalidate_shows([show.pk])  # a publish in the same second
        response = client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] != first["Last-Modified"]


def test_a_change_made_by_another_process_shows_on_the_next_request(client, show, make_episode):
    """Other workers and publish_scheduled change only the database: the copy this process
    keeps in memory must not outlive the version it was rendered for, not even for a second."""
    episode = make_episode(title="Avant")
    assert titles(client) == ["Avant"]
    assert titles(client) == ["Avant"]  # answered from this process's memory
    # What another process's publish leaves: new content and a new version in the database,
    # nothing in this process's memory.
    EpisodePage.objects.filter(pk=episode.pk).update(title="Après")
    FeedVersion.objects.filter(show=show).update(version=uuid.uuid4())
    assert titles(client) == ["Après"]


def test_drafts_private_and_audio_less_episodes_never_appear(client, make_episode, home_page):
    make_episode(title="Publié")
    make_episode(title="Brouillon", publish_it=False)
    private = make_episode(title="Réservé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    orphan = make_episode(title="Sans audio")  # e.g. after a data migration gone wrong
    EpisodePage.objects.filter(pk=orphan.pk).update(audio=None)
    assert titles(client) == ["Publié"]
    for other in ("Brouillon", "Réservé", "Sans audio"):
        assert other.encode() not in client.get(FEED).content


def test_view_restriction_added_later_empties_the_cached_feed(client, make_episode):
    episode = make_episode(title="Bientôt réservé")
    assert titles(client) == ["Bientôt réservé"]
    PageViewRestriction.objects.create(page=episode, restriction_type="login")
    assert titles(client) == []
    assert client.get(f"/cash-pme/{episode.guid}/audio.mp3").status_code == 404


def test_a_private_show_has_no_public_feed(client, show, make_episode):
    episode = make_episode(title="Épisode confidentiel")
    assert client.get(FEED).status_code == 200  # cached, and its route remembered
    PageViewRestriction.objects.create(page=show, restriction_type="password", password="x")
    for path in (FEED, f"/cash-pme/{episode.guid}/transcript.vtt"):
        response = client.get(path)
        assert response.status_code != 200 or b"<rss" not in response.content
        assert b"confidentiel" not in response.content
        assert b"Bienvenue" not in response.content


def test_a_restricted_show_lists_no_episode_even_to_a_reader_it_lets_in(
    client, show, make_episode, django_user_model
):
    """The feed is cached for everyone: what a logged-in reader may see must not end up in it."""
    make_episode(title="Réservé aux membres")
    PageViewRestriction.objects.create(page=show, restriction_type="login")
    client.force_login(django_user_model.objects.create_user("lectrice", password="secret"))
    assert titles(client) == []


def test_a_reader_let_into_a_restricted_show_does_not_open_its_feed_to_everyone(
    client, show, make_episode, django_user_model
):
    make_episode(title="Réservé aux membres")
    PageViewRestriction.objects.create(page=show, restriction_type="login")
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("lectrice", password="secret"))
    assert reader.get(FEED).status_code == 200
    assert reader.get(FEED).status_code == 200

    response = client.get(FEED)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailcore_login')}?next={FEED}"


def test_scheduled_episode_appears_only_after_its_time(client, make_episode):
    make_episode(title="Déjà là")
    go_live = timezone.now() + datetime.timedelta(days=2)
    episode = make_episode(title="Programmé", publish_it=False)
    episode.go_live_at = go_live
    episode.save_revision(approved_go_live_at=go_live)

    call_command("publish_scheduled")
    assert titles(client) == ["Déjà là"]

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
        assert titles(client) == ["Programmé", "Déjà là"]


def test_moving_the_show_moves_its_feed(client, show, make_episode, home_page):
    episode = make_episode()
    assert client.get(FEED).status_code == 200
    section = publish(StandardPageFactory(parent=home_page, slug="medias", live=False))
    show.move(section, pos="last-child")

    assert client.get(FEED).status_code == 404
    response = client.get("/medias/cash-pme/feed.xml")
    assert response.status_code == 200
    assert b"http://testserver/medias/cash-pme/feed.xml" in response.content
    assert f"http://testserver/medias/cash-pme/{episode.guid}/audio.mp3".encode() in (
        response.content
    )


def test_episode_moved_to_another_show_leaves_the_first_feed(client, make_episode, home_page):
    other = publish(PodcastPageFactory(parent=home_page, slug="autre", live=False))
    episode = make_episode(title="Voyageur")
    assert titles(client) == ["Voyageur"]
    episode.move(other, pos="last-child")
    assert titles(client) == []
    assert titles(client, "/autre/feed.xml") == ["Voyageur"]


def test_deleting_an_episode_or_the_show(client, show, make_episode):
    make_episode(title="Gardé")
    doomed = make_episode(title="Supprimé")
    assert titles(client) == ["Supprimé", "Gardé"]
    doomed.delete()
    assert titles(client) == ["Gardé"]
    show.delete()
    assert client.get(FEED).status_code == 404


def test_audio_and_image_changes_reach_the_feed(client, show, make_episode, audio):
    make_episode()
    client.get(FEED)

    AudioAsset.objects.filter(pk=audio.pk).update(size_bytes=123)  # no signal: stays cached
    assert b'length="123"' not in client.get(FEED).content
    audio.size_bytes = 123
    audio.save()
    assert b'length="123"' in client.get(FEED).content

    old_url = etree.fromstring(client.get(FEED).content).find(f"channel/{ITUNES}image")
    # What the admin does when an editor uploads a new file for the same image.
    cover, replacement = show.cover_image, square_image()
    cover.renditions.all().delete()
    cover.file, cover.file_hash = replacement.file.name, replacement.file_hash
    cover.save()
    new_url = etree.fromstring(client.get(FEED).content).find(f"channel/{ITUNES}image")
    assert new_url.get("href") != old_url.get("href")

    show.cover_image.delete()
    channel = etree.fromstring(client.get(FEED).content).find("channel")
    assert channel.find(f"{ITUNES}image") is None


def test_site_hostname_change_reaches_the_feed(client, show, make_episode, settings):
    make_episode()
    client.get(FEED)
    site = show.get_site()
    site.hostname = "podcast.example.org"
    site.save()
    settings.ALLOWED_HOSTS = ["podcast.example.org"]
    body = client.get(FEED, HTTP_HOST="podcast.example.org").content
    assert b"http://podcast.example.org/cash-pme/feed.xml" in body


def test_draft_episode_pages_are_unaffected(client, show):
    episode = EpisodePageFactory(parent=show, live=False, title="Jamais publié")
    assert client.get(f"/cash-pme/{episode.guid}/chapters.json").status_code == 404
    assert titles(client) == []


def test_the_warm_path_reads_the_version_the_database_holds(show):
    """current_version() reads the row with plain SQL: its values must be the ORM's, with the
    same type and time zone, on every database."""
    changed_at = timezone.now().replace(microsecond=0)
    FeedVersion.objects.update_or_create(
        show=show, defaults={"version": uuid.uuid4(), "changed_at": changed_at}
    )
    expected = FeedVersion.objects.filter(show=show).values_list("version", "changed_at").get()
    assert feed_cache.current_version(show.pk) == expected
    assert feed_cache.current_version(show.pk)[1] == changed_at
    assert feed_cache.current_version(show.pk + 1000) is None


def test_show_notes_follow_a_linked_page_whose_slug_changes(client, make_episode, home_page):
    """The feed shows other pages' URLs: their publishes renew it, not only the podcast's."""
    linked = StandardPageFactory(parent=home_page, title="Pacte", slug="pacte-occitan")
    make_episode(
        title="Avec un lien",
        show_notes=f'<p>Voir <a linktype="page" id="{linked.pk}">le pacte</a>.</p>',
    )
    assert b"/pacte-occitan/" in client.get(FEED).content
    linked.slug = "pacte-occitan-2027"
    publish(linked)
    body = client.get(FEED).content
    assert b"/pacte-occitan-2027/" in body
    assert b"/pacte-occitan/" not in body
