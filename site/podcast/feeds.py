"""The Cash PME RSS feed: collected from the database in a fixed number of queries, then built
by feedgen from plain dataclasses, so tests and benchmarks can build a feed without HTTP.

What podcast apps do with a feed explains most choices here: the item GUID is the episode's
UUID (never its URL, which changes with the slug), enclosures go through the counting
redirect with the asset's exact byte length, and every text is stripped of the characters
XML 1.0 forbids because one control character makes the whole feed unreadable.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from feedgen.feed import FeedGenerator
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from .feedgen_podcastindex import (
    AppleEntryExtension,
    AppleExtension,
    PodcastIndexEntryExtension,
    PodcastIndexExtension,
)
from .models import EpisodeChapter, EpisodePerson
from .transcripts import TranscriptError, parse_transcript, to_webvtt

# https://podcasting2.org/docs/podcast-namespace/tags/guid
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Apple: square JPEG or PNG, 1400 to 3000 px. Sources smaller than this are not used.
ITUNES_IMAGE_SIZE = 1400
ITUNES_IMAGE_SPEC = f"fill-{ITUNES_IMAGE_SIZE}x{ITUNES_IMAGE_SIZE}|format-jpeg|jpegquality-85"
APPLE_TEXT_LIMIT = 4000
CHAPTERS_TYPE = "application/json+chapters"
TRANSCRIPT_TYPE = "text/vtt"
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"

# Everything outside XML 1.0's Char production (tabs, newlines and carriage returns are kept).
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ROOT_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
_NOTES_SEPARATOR = "\n<!--cpme-feed-episode-->\n"


def clean_text(value) -> str:
    return _XML_FORBIDDEN.sub("", str(value or ""))


def truncate_bytes(value: str, limit: int = APPLE_TEXT_LIMIT) -> str:
    """Apple counts bytes, not characters; cut on a character boundary."""
    encoded = value.encode("utf-8")
    if len(encoded) <= limit:
        return value
    return encoded[:limit].decode("utf-8", errors="ignore")


def podcast_guid(feed_url: str) -> uuid.UUID:
    """UUIDv5 of the feed URL without scheme and trailing slash, as the namespace specifies."""
    without_scheme = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url)
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme.rstrip("/"))


@dataclass(frozen=True)
class FeedPerson:
    name: str
    role: str
    href: str = ""


@dataclass(frozen=True)
class FeedEpisode:
    guid: uuid.UUID
    title: str
    link: str
    summary: str
    published: datetime
    audio_url: str
    audio_length: int
    audio_type: str
    duration_seconds: float
    notes_html: str = ""
    number: int | None = None
    season: int | None = None
    episode_type: str = "full"
    explicit: bool = False
    image_url: str = ""
    transcript_url: str = ""
    chapters_url: str = ""
    people: tuple[FeedPerson, ...] = ()


@dataclass(frozen=True)
class FeedShow:
    title: str
    link: str
    feed_url: str
    description: str
    language: str
    author: str
    owner_name: str
    owner_email: str
    category: str
    updated: datetime
    subcategory: str = ""
    explicit: bool = False
    show_type: str = "episodic"
    copyright: str = ""
    image_url: str = ""
    funding_url: str = ""
    funding_label: str = ""


def build_feed(show: FeedShow, episodes: Iterable[FeedEpisode]) -> bytes:
    """RSS 2.0 with the iTunes and Podcast Index namespaces; episodes in the order given."""
    fg = FeedGenerator()
    fg.register_extension("podcast", AppleExtension, AppleEntryExtension)
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)

    title = clean_text(show.title)
    fg.title(title)
    fg.link(href=show.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link, rel="alternate")  # last: feedgen takes the RSS <link> from it
    fg.description(truncate_bytes(clean_text(show.description)))
    fg.language(clean_text(show.language))
    fg.lastBuildDate(show.updated)
    fg.generator("CPME Occitanie (feedgen)")
    if show.copyright:
        fg.copyright(clean_text(show.copyright))
    if show.image_url:
        fg.image(url=show.image_url, title=title, link=show.link)

    apple = fg.podcast
    apple.itunes_author(clean_text(show.author))
    apple.itunes_owner(name=clean_text(show.owner_name), email=clean_text(show.owner_email))
    apple.itunes_category(show.category, show.subcategory or None)
    apple.itunes_type(show.show_type)
    apple.apple_explicit(show.explicit)
    if show.image_url:
        apple.apple_image(show.image_url)

    index = fg.podcastindex
    index.podcast_guid(podcast_guid(show.feed_url))
    index.podcast_locked(True, clean_text(show.owner_email))
    if show.funding_url:
        index.podcast_funding(show.funding_url, clean_text(show.funding_label or show.title))

    for episode in episodes:
        _add_entry(fg, show, episode)
    return fg.rss_str(pretty=False, encoding="UTF-8", xml_declaration=True)


def _add_entry(fg, show, episode):
    entry = fg.add_entry(order="append")
    entry.guid(str(episode.guid), permalink=False)
    entry.title(clean_text(episode.title))
    entry.link(href=episode.link)
    entry.description(truncate_bytes(clean_text(episode.summary)))
    if episode.notes_html:
        # Escaped text rather than CDATA: "]]>" in the notes cannot end anything.
        entry.content(clean_text(episode.notes_html), type="html")
    entry.pubDate(episode.published)
    entry.enclosure(episode.audio_url, str(episode.audio_length), episode.audio_type)

    apple = entry.podcast
    apple.itunes_duration(round(episode.duration_seconds))
    apple.itunes_episode_type(episode.episode_type)
    apple.apple_explicit(episode.explicit)
    if episode.number:
        apple.itunes_episode(episode.number)
    if episode.season:
        apple.itunes_season(episode.season)
    if episode.image_url:
        apple.apple_image(episode.image_url)

    index = entry.podcastindex
    if episode.transcript_url:
        index.podcast_transcript(episode.transcript_url, TRANSCRIPT_TYPE, show.language)
    if episode.chapters_url:
        index.podcast_chapters(episode.chapters_url, CHAPTERS_TYPE)
    for person in episode.people:
        index.podcast_person(clean_text(person.name), person.role, href=person.href)
    if episode.season:
        index.podcast_season(episode.season)
    if episode.number:
        index.podcast_episode(episode.number)


def feed_image_url(image, root_url) -> str:
    """The Apple-sized rendition, or nothing when the source is too small to make one."""
    if image is None or min(image.width, image.height) < ITUNES_IMAGE_SIZE:
        return ""
    return urljoin(root_url, image.get_rendition(ITUNES_IMAGE_SPEC).url)


def expand_notes(notes: list[str], root_url: str) -> list[str]:
    """Expand every episode's rich text in one pass.

    Wagtail resolves internal page and document links in bulk per call: one call for all
    episodes keeps the query count independent of the number of episodes. Links become
    absolute, since podcast apps have no base URL to resolve them against.
    """
    if not any(notes):
        return notes
    expanded = expand_db_html(_NOTES_SEPARATOR.join(notes)).split(_NOTES_SEPARATOR)
    return [_ROOT_RELATIVE_URL.sub(rf"\g<1>{root_url}/", html) for html in expanded]


def feed_episodes_queryset(page):
    """Live, public episodes with everything the feed reads, in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(ITUNES_IMAGE_SPEC)
    return (
        page.published_episodes()
        .filter(audio__isnull=False)
        .defer("transcript")
        .annotate(has_transcript=ExpressionWrapper(~Q(transcript=""), output_field=BooleanField()))
        .prefetch_related(
            # Plain lists: going through the cluster managers again costs more than the query.
            Prefetch("chapters", queryset=EpisodeChapter.objects.all(), to_attr="feed_chapters"),
            Prefetch("people", queryset=EpisodePerson.objects.all(), to_attr="feed_people"),
            Prefetch("cover_image", queryset=images),
        )
    )


def collect_feed(page, updated: datetime | None = None) -> tuple[FeedShow, list[FeedEpisode]]:
    """Read a PodcastPage and its episodes into the plain inputs of build_feed."""
    link = page.get_full_url()
    parts = urlsplit(link)
    root_url = f"{parts.scheme}://{parts.netloc}"
    show = FeedShow(
        title=page.title,
        link=link,
        feed_url=page.route_url("feed"),
        description=page.description,
        language=page.language,
        author=page.author,
        owner_name=page.owner_name,
        owner_email=page.owner_email,
        category=page.apple_category,
        subcategory=page.apple_subcategory,
        explicit=page.explicit,
        show_type=page.show_type,
        copyright=page.copyright,
        image_url=feed_image_url(page.cover_image, root_url),
        funding_url=page.funding_url,
        funding_label=page.funding_label,
        updated=updated or timezone.now(),
    )
    records = list(feed_episodes_queryset(page))
    notes = expand_notes([record.show_notes for record in records], root_url)

    # Reverse each route once with a placeholder GUID, then substitute: the same URLs for a
    # fraction of the cost of reversing three routes per episode.
    placeholder = "00000000-0000-0000-0000-000000000000"
    routes = {
        name: link + page.reverse_subpage(name, kwargs={"guid": placeholder, **kwargs})
        for name, kwargs in [("audio", {"ext": "mp3"}), ("transcript", {}), ("chapters", {})]
    }

    def route(name, record):
        return routes[name].replace(placeholder, str(record.guid))

    episodes = [
        FeedEpisode(
            guid=record.guid,
            title=record.title,
            link=f"{link}{record.slug}/",
            summary=record.summary,
            notes_html=html,
            published=record.first_published_at,
            audio_url=route("audio", record).removesuffix("mp3")
            + record.audio.file.name.rsplit(".", 1)[-1],
            audio_length=record.audio.size_bytes,
            audio_type=record.audio.mime_type,
            duration_seconds=record.audio.duration_seconds,
            number=record.number,
            season=record.season,
            episode_type=record.episode_type,
            explicit=record.explicit or page.explicit,
            image_url=feed_image_url(record.cover_image, root_url),
            transcript_url=route("transcript", record) if record.has_transcript else "",
            chapters_url=route("chapters", record) if record.feed_chapters else "",
            people=tuple(
                FeedPerson(person.name, person.role, person.url) for person in record.feed_people
            ),
        )
        for record, html in zip(records, notes, strict=True)
    ]
    return show, episodes


def chapters_document(episode) -> dict:
    """Podcast Index JSON chapters (version 1.2.0)."""
    chapters = []
    for chapter in episode.chapters.all():
        item = {"startTime": chapter.start_seconds, "title": chapter.title}
        if chapter.url:
            item["url"] = chapter.url
        chapters.append(item)
    return {"version": "1.2.0", "chapters": chapters}


def transcript_webvtt(episode) -> str | None:
    """The transcript as WebVTT whatever the editor pasted (WebVTT or SRT)."""
    if not episode.transcript.strip():
        return None
    try:
        return to_webvtt(parse_transcript(episode.transcript))
    except TranscriptError:
        return None
