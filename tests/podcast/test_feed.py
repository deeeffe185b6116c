"""The feed as podcast apps read it: real parsers, Apple's rules, the Podcast Index namespace."""

import email.utils
import io
import json
import uuid
from datetime import UTC, datetime

import feedparser
import podcastparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from PIL import Image as PillowImage

from podcast import cache
from podcast.apple_categories import APPLE_CATEGORIES
from podcast.feeds import FeedEpisode, FeedPerson, FeedShow, build_feed, podcast_guid
from podcast.models import EpisodePage, EpisodePerson
from tests.podcast.conftest import publish, square_image
from tests.podcast.factories import make_audio_asset

FEED = "/cash-pme/feed.xml"
FEED_URL = "http://testserver/cash-pme/feed.xml"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def get_feed(client, **headers):
    response = client.get(FEED, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return response


def parse(client):
    return etree.fromstring(get_feed(client).content)


def item_guids(client):
    return [guid.text for guid in parse(client).iterfind("channel/item/guid")]


def test_podcastparser_and_feedparser_find_every_episode(client, make_episode, audio):
    episodes = [make_episode(title=f"Épisode {n}") for n in range(3)]
    body = get_feed(client).content

    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == [e.title for e in reversed(episodes)]
    for entry in parsed.entries:
        (enclosure,) = entry.enclosures
        assert enclosure.href.startswith("http://testserver/cash-pme/")
        assert int(enclosure.length) == audio.size_bytes
        assert enclosure.type == "audio/mpeg"
        assert entry.itunes_duration == str(round(audio.duration_seconds))
        assert entry.published_parsed is not None

    gpodder = podcastparser.parse(FEED_URL, io.BytesIO(body))
    assert gpodder["title"] == "Cash PME"
    assert len(gpodder["episodes"]) == 3
    for episode in gpodder["episodes"]:
        assert episode["total_time"] == round(audio.duration_seconds)
        assert episode["published"] > 0
        assert episode["enclosures"][0]["file_size"] == audio.size_bytes
        assert episode["enclosures"][0]["mime_type"] == "audio/mpeg"
        uuid.UUID(episode["guid"])


def test_apple_requirements(client, show, make_episode, audio):
    own_cover = square_image(title="Pochette de l'épisode 2")
    make_episode(title="Sans pochette", number=1)
    make_episode(title="Avec pochette", number=2, cover_image=own_cover, explicit=True)
    channel = parse(client).find("channel")

    assert channel.findtext("title") == "Cash PME"
    assert 0 < len(channel.findtext("description").encode()) <= 4000
    assert channel.findtext("language") == "fr"
    assert channel.findtext("itunes:author", namespaces=NS) == "CPME Occitanie"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "podcast@example.org"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:type", namespaces=NS) == "episodic"
    category = channel.find("itunes:category", NS)
    subcategory = category.find("itunes:category", NS)
    assert subcategory.get("text") in APPLE_CATEGORIES[category.get("text")]
    self_link = channel.find("atom:link[@rel='self']", NS)
    assert self_link.get("href") == FEED_URL
    assert self_link.get("type") == "application/rss+xml"
    assert_apple_artwork(client, channel.find("itunes:image", NS).get("href"))

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Avec pochette", "Sans pochette"]
    for item in items:
        enclosure = item.find("enclosure")
        assert enclosure.get("url").startswith("http://testserver/")
        assert int(enclosure.get("length")) == audio.size_bytes
        assert enclosure.get("type") == "audio/mpeg"
        assert item.find("guid").get("isPermaLink") == "false"
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert item.findtext("itunes:duration", namespaces=NS).isdigit()
        assert item.findtext("itunes:season", namespaces=NS) == "1"
        assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
    with_cover, without_cover = items
    assert with_cover.findtext("itunes:episode", namespaces=NS) == "2"
    assert with_cover.findtext("itunes:explicit", namespaces=NS) == "true"
    assert without_cover.findtext("itunes:explicit", namespaces=NS) == "false"
    assert without_cover.find("itunes:image", NS) is None
    episode_image = with_cover.find("itunes:image", NS).get("href")
    assert episode_image != channel.find("itunes:image", NS).get("href")
    assert_apple_artwork(client, episode_image)


def assert_apple_artwork(client, url):
    """JPEG or PNG, square, 1400 to 3000 px, and actually served at that URL."""
    assert url.startswith("http://testserver/")
    assert url.endswith((".jpg", ".png"))
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    image = PillowImage.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format in {"JPEG", "PNG"}
    assert image.width == image.height
    assert 1400 <= image.width <= 3000


def test_a_cover_too_small_for_apple_is_left_out(client, show, make_episode):
    show.cover_image = square_image(size=600)
    publish(show)
    make_episode(cover_image=square_image(size=800))
    channel = parse(client).find("channel")
    assert channel.find("itunes:image", NS) is None
    assert channel.find("item/itunes:image", NS) is None


def test_podcast_namespace_values(client, show, make_episode):
    episode = make_episode(number=7)
    root = parse(client)
    assert root.nsmap["podcast"] == NS["podcast"]
    assert root.nsmap["itunes"] == NS["itunes"]
    assert root.nsmap["content"] == NS["content"]
    channel = root.find("channel")
    expected_guid = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "testserver/cash-pme/feed.xml"
    )
    assert channel.findtext("podcast:guid", namespaces=NS) == str(expected_guid)
    locked = channel.find("podcast:locked", NS)
    assert (locked.text, locked.get("owner")) == ("yes", "podcast@example.org")
    funding = channel.find("podcast:funding", NS)
    assert (funding.text, funding.get("url")) == ("Adhérer", "https://www.example.org/adherer/")

    item = channel.find("item")
    base = f"http://testserver/cash-pme/{episode.guid}"
    assert item.findtext("guid") == str(episode.guid)
    transcript = item.find("podcast:transcript", NS)
    assert transcript.attrib == {
        "url": f"{base}/transcript.vtt",
        "type": "text/vtt",
        "language": "fr",
    }
    chapters = item.find("podcast:chapters", NS)
    assert chapters.attrib == {"url": f"{base}/chapters.json", "type": "application/json+chapters"}
    people = [(p.text, p.get("role")) for p in item.findall("podcast:person", NS)]
    assert people == [("Nadia Démo", "guest"), ("Camille Micro", "host")]
    assert item.findtext("podcast:season", namespaces=NS) == "1"
    assert item.findtext("podcast:episode", namespaces=NS) == "7"
    assert item.findtext("content:encoded", namespaces=NS) == "<p>Les notes de l'épisode.</p>"
    assert item.findtext("link") == f"http://testserver/cash-pme/{episode.slug}/"
    assert client.get(item.findtext("link").removeprefix("http://testserver")).status_code == 200


def test_publication_dates_read_back_to_the_second_in_order(client, make_episode):
    """The feed reads dates as time elapsed since a fixed instant (see feed_episode_rows):
    before that instant, across a daylight-saving change and with microseconds, each item's
    pubDate is still its episode's first publication, in UTC, newest first."""
    published = {
        "Avant 1970": datetime(1969, 7, 21, 2, 56, 15, tzinfo=UTC),
        "Passage à l'heure d'été": datetime(2026, 3, 29, 1, 30, 0, 999999, tzinfo=UTC),
        "Réveillon": datetime(2026, 12, 31, 23, 59, 59, 500000, tzinfo=UTC),
    }
    for title, moment in published.items():
        episode = make_episode(title=title, people=False)
        EpisodePage.objects.filter(pk=episode.pk).update(first_published_at=moment)

    items = parse(client).findall("channel/item")
    assert [(item.findtext("title"), item.findtext("pubDate")) for item in items] == [
        ("Réveillon", "Thu, 31 Dec 2026 23:59:59 +0000"),
        ("Passage à l'heure d'été", "Sun, 29 Mar 2026 01:30:00 +0000"),
        ("Avant 1970", "Mon, 21 Jul 1969 02:56:15 +0000"),
    ]


def test_podcast_guid_follows_the_namespace_example():
    # The example of https://podcasting2.org/docs/podcast-namespace/tags/guid
    assert str(podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml/")) == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )


def test_episodes_without_chapters_transcript_or_people_omit_those_tags(client, make_episode):
    episode = make_episode(transcript="", people=False)
    episode.chapters.all().delete()
    publish(episode)
    item = parse(client).find("channel/item")
    for tag in ("podcast:transcript", "podcast:chapters", "podcast:person"):
        assert item.find(tag, NS) is None
    guid = episode.guid
    assert client.get(f"/cash-pme/{guid}/transcript.vtt").status_code == 404
    assert client.get(f"/cash-pme/{guid}/chapters.json").status_code == 404


# PostgreSQL refuses NUL in text, so NUL only reaches build_feed through plain inputs.
HOSTILE = "Émission 🎙️ R&D <b>gras</b> ]]> fin\x01\x0b\x1f\ufffe ok"


def test_people_placed_in_the_admin_come_first_then_the_others_in_order_added(client, make_episode):
    """A show mixing people placed by the admin's inline panel and people created without a
    place (outside the admin, as the demo does) still has a feed, in the same order on every
    database."""
    make_episode(title="Sans places")  # a guest then a host, without places
    episode = make_episode(title="Avec places", people=False, publish_it=False)
    EpisodePerson.objects.create(episode=episode, name="Sans place", role="guest")
    EpisodePerson.objects.create(episode=episode, name="Deuxième", role="guest", sort_order=1)
    EpisodePerson.objects.create(episode=episode, name="Première", role="host", sort_order=0)
    publish(episode)
    people = {
        item.findtext("title"): [p.text for p in item.findall("podcast:person", NS)]
        for item in parse(client).iter("item")
    }
    assert people == {
        "Sans places": ["Nadia Démo", "Camille Micro"],
        "Avec places": ["Première", "Deuxième", "Sans place"],
    }


def test_hostile_text_still_gives_well_formed_xml(client, show, make_episode):
    show.description = HOSTILE
    publish(show)
    make_episode(
        title=HOSTILE,
        summary=HOSTILE,
        show_notes=f"<p>{HOSTILE.replace('&', '&amp;').replace('<b>', '').replace('</b>', '')}</p>",
    )
    body = get_feed(client).content
    root = etree.fromstring(body)  # raises on anything not well-formed
    expected = "Émission 🎙️ R&D <b>gras</b> ]]> fin ok"
    assert root.findtext("channel/description") == expected
    assert root.findtext("channel/item/title") == expected
    assert "]]> fin ok" in root.findtext("channel/item/content:encoded", namespaces=NS)
    assert not feedparser.parse(body).bozo


def test_transcript_and_chapters_documents(client, make_episode):
    episode = make_episode()
    response = client.get(f"/cash-pme/{episode.guid}/transcript.vtt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBienvenue dans Cash PME.\n"
    )

    response = client.get(f"/cash-pme/{episode.guid}/chapters.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+chapters"
    assert json.loads(response.content) == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Ouverture"},
            {"startTime": 2, "title": "Le sujet", "url": "https://example.org/sujet"},
        ],
    }


def test_srt_transcripts_are_served_as_webvtt(client, make_episode):
    episode = make_episode(transcript="1\n00:00:01,000 --> 00:00:03,000\nBonjour.\n")
    body = client.get(f"/cash-pme/{episode.guid}/transcript.vtt").content.decode()
    assert body == "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour.\n"


@pytest.mark.parametrize(
    "path",
    [
        "/cash-pme/00000000-0000-0000-0000-000000000000/transcript.vtt",
        "/cash-pme/00000000-0000-0000-0000-000000000000/chapters.json",
        "/cash-pme/00000000-0000-0000-0000-000000000000/audio.mp3",
        "/cash-pme/pas-un-uuid/audio.mp3",
        "/cash-pme/feed.json",
        "/inconnu/feed.xml",
    ],
)
def test_unknown_machine_urls_are_404(client, make_episode, path):
    make_episode()
    assert client.get(path).status_code == 404


def test_the_feed_only_answers_get_and_head(client, make_episode):
    make_episode()
    get_feed(client)
    response = client.post(FEED)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_guid_survives_slug_title_and_audio_changes(client, make_episode):
    episode = make_episode(title="Titre d'origine", slug="titre-d-origine")
    before = item_guids(client)
    assert before == [str(episode.guid)]

    episode.title = "Nouveau titre"
    episode.slug = "nouveau-titre"
    episode.audio = make_audio_asset("tone.m4a", "Nouvelle version", content_type="audio/mp4")
    publish(episode)

    root = parse(client)
    assert item_guids(client) == before
    assert root.findtext("channel/item/title") == "Nouveau titre"
    enclosure = root.find("channel/item/enclosure")
    assert enclosure.get("type") == "audio/mp4"
    assert enclosure.get("url").endswith(f"{episode.guid}/audio.m4a")


def test_conditional_requests_and_head(client, make_episode):
    make_episode()
    first = get_feed(client)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"')
    assert last_modified.endswith(" GMT")

    not_modified = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(FEED, HTTP_IF_NONE_MATCH='"autre"').status_code == 200

    head = client.head(FEED)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(first.content))
    assert head["ETag"] == etag


def test_cold_render_queries_do_not_grow_with_episodes(client, show, make_episode, home_page):
    def cold_render_queries():
        get_feed(client)
        cache.invalidate_shows([show.pk])  # what a publish does
        with CaptureQueriesContext(connection) as queries:
            get_feed(client)
        return len(queries)

    notes = f'<p>Voir <a linktype="page" id="{home_page.pk}">l\'accueil</a>.</p>'
    for n in range(3):
        make_episode(show_notes=notes, cover_image=square_image() if n == 0 else None)
    small = cold_render_queries()
    for n in range(57):
        make_episode(show_notes=notes, cover_image=square_image() if n % 10 == 0 else None)
    large = cold_render_queries()

    assert len(parse(client).findall("channel/item")) == 60
    assert large == small
    assert large <= 10, f"{large} queries for the first request after a publish"
    assert 'href="http://testserver/"' in parse(client).findtext(
        "channel/item/content:encoded", namespaces=NS
    )


def test_warm_requests_skip_routing_and_read_only_the_version(client, make_episode):
    make_episode()
    first = get_feed(client)
    with CaptureQueriesContext(connection) as queries:
        warm = get_feed(client)
    assert len(queries) == 1  # the show's current version, by primary key
    assert warm.content == first.content
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_build_feed_from_plain_inputs():
    """What the benchmark compares with feedgen alone: no database involved."""
    show = FeedShow(
        title="Émission",
        link="https://example.org/emission/",
        feed_url="https://example.org/emission/feed.xml",
        description="Description",
        language="fr",
        author="Auteur",
        owner_name="Propriétaire",
        owner_email="podcast@example.org",
        category="Business",
        updated=email.utils.parsedate_to_datetime("Tue, 01 Sep 2026 10:00:00 +0200"),
    )
    episode = FeedEpisode(
        guid=uuid.UUID(int=1),
        title="Un \x00zéro",
        link="https://example.org/emission/un/",
        summary="Résumé",
        published=show.updated,
        audio_url="https://cdn.example.org/un.mp3",
        audio_length=1234,
        audio_type="audio/mpeg",
        duration_seconds=61.6,
    )
    item = etree.fromstring(build_feed(show, [episode])).find("channel/item")
    assert item.findtext("guid") == str(uuid.UUID(int=1))
    assert item.findtext("title") == "Un zéro"
    assert item.findtext("pubDate") == "Tue, 01 Sep 2026 10:00:00 +0200"
    assert item.findtext("itunes:duration", namespaces=NS) == "62"


def test_every_text_and_attribute_reads_back_as_given():
    """Markup characters, quotes and white space in any value (titles, names, URLs with query
    strings) reach podcast apps unchanged; only characters XML forbids are dropped."""
    tricky = "A & B <b>\"guillemets\"</b> 'apostrophe' ]]>\ttab\r\nligne\x0c"
    url = 'https://cdn.example.org/x.mp3?a=1&b="2"<3>\tz\r\n'
    show = FeedShow(
        title=tricky,
        link=url,
        feed_url=url,
        description=tricky,
        language="fr",
        author=tricky,
        owner_name=tricky,
        owner_email="podcast@example.org",
        category="Society & Culture",
        subcategory="Personal Journals",
        updated=email.utils.parsedate_to_datetime("Tue, 01 Sep 2026 10:00:00 +0000"),
        copyright=tricky,
        image_url=url,
        funding_url=url,
        funding_label=tricky,
    )
    episode = FeedEpisode(
        guid=uuid.UUID(int=1),
        title=tricky,
        link=url,
        summary=tricky,
        notes_html=tricky,
        published=show.updated,
        audio_url=url,
        audio_length=1234,
        audio_type="audio/mpeg",
        duration_seconds=61.6,
        image_url=url,
        transcript_url=url,
        chapters_url=url,
        people=(FeedPerson(tricky, "guest", url),),
    )
    expected = tricky.replace("\x0c", "")
    channel = etree.fromstring(build_feed(show, [episode])).find("channel")
    item = channel.find("item")
    for element, path in [
        (channel, "title"),
        (channel, "description"),
        (channel, "copyright"),
        (channel, "itunes:author"),
        (channel, "itunes:owner/itunes:name"),
        (channel, "podcast:funding"),
        (item, "title"),
        (item, "description"),
        (item, "content:encoded"),
        (item, "podcast:person"),
    ]:
        assert element.findtext(path, namespaces=NS) == expected, path
    for element, path, attribute in [
        (channel, "atom:link", "href"),
        (channel, "itunes:image", "href"),
        (channel, "podcast:funding", "url"),
        (item, "enclosure", "url"),
        (item, "itunes:image", "href"),
        (item, "podcast:transcript", "url"),
        (item, "podcast:chapters", "url"),
        (item, "podcast:person", "href"),
    ]:
        assert element.find(path, NS).get(attribute) == url, path
    assert channel.findtext("link") == item.findtext("link") == url
    assert channel.find("itunes:category", NS).get("text") == "Society & Culture"
    assert not feedparser.parse(build_feed(show, [episode])).bozo


def test_the_demo_feed_validates(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.get(FEED)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 3
    channel = etree.fromstring(response.content).find("channel")
    assert channel.find("itunes:image", NS) is not None
    assert channel.findtext("podcast:locked", namespaces=NS) == "yes"
    for item in channel.findall("item"):
        assert item.find("podcast:transcript", NS) is not None
        assert item.find("podcast:chapters", NS) is not None
        assert len(item.findall("podcast:person", NS)) == 2
    gpodder = podcastparser.parse(
        "http://127.0.0.1:8000/cash-pme/feed.xml", io.BytesIO(response.content)
    )
    assert [episode["number"] for episode in gpodder["episodes"]] == [3, 2, 1]
