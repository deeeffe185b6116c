"""The Cash PME RSS feed: collected from the database in a fixed number of queries, then built
by feedgen from plain dataclasses, so tests and benchmarks can build a feed without HTTP.

What podcast apps do with a feed explains most choices here: the item GUID is the episode's
UUID (never its URL, which changes with the slug), enclosures go through the counting
redirect with the asset's exact byte length, and every text is stripped of the characters
XML 1.0 forbids because one control character makes the whole feed unreadable.
"""

import functools
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Value,
)
from django.utils import timezone
from feedgen.feed import FeedGenerator
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import expand_db_html

from core.pages import path_and_ancestor_paths

from .feedgen_podcastindex import ChannelExtension, ItemExtension
from .models import EpisodeChapter, EpisodePage, EpisodePerson
from .transcripts import TranscriptError, parse_transcript, to_webvtt

# https://podcasting2.org/docs/podcast-namespace/tags/guid
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Apple: square JPEG or PNG, 1400 to 3000 px. Sources smaller than this are not used.
ITUNES_IMAGE_SIZE = 1400
ITUNES_IMAGE_MAX_SIZE = 3000
ITUNES_IMAGE_SPEC = f"fill-{ITUNES_IMAGE_SIZE}x{ITUNES_IMAGE_SIZE}|format-jpeg|jpegquality-85"
APPLE_TEXT_LIMIT = 4000
CHAPTERS_TYPE = "application/json+chapters"
TRANSCRIPT_TYPE = "text/vtt"
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
# Episodes' publication dates are read as the time elapsed since this instant (see
# feed_episode_rows).
DATES_READ_FROM = datetime(1970, 1, 1, tzinfo=UTC)

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


# Plain records with slots rather than frozen dataclasses: a frozen dataclass sets each field
# through object.__setattr__, which for hundreds of episodes is a noticeable part of a render.
@dataclass(slots=True)
class FeedPerson:
    name: str
    role: str
    href: str = ""


@dataclass(slots=True)
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
    imported_guid: str = ""


@dataclass(slots=True)
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
    hub_url: str = ""


def build_feed(show: FeedShow, episodes: Iterable[FeedEpisode]) -> bytes:
    """RSS 2.0 with the iTunes and Podcast Index namespaces, built by feedgen; episodes in the
    order given."""
    fg = FeedGenerator()
    fg.register_extension("podcast", ChannelExtension, ItemExtension, atom=False)
    channel = fg.podcast
    channel.websub_hub(show.hub_url)

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

    channel.itunes_author(clean_text(show.author))
    owner_email = clean_text(show.owner_email)
    channel.itunes_owner(name=clean_text(show.owner_name), email=owner_email)
    channel.itunes_category(show.category, show.subcategory or None)
    channel.itunes_type(show.show_type)
    channel.apple_explicit(show.explicit)
    if show.image_url:
        channel.apple_image(show.image_url)
    channel.podcast_guid(podcast_guid(show.feed_url))
    channel.podcast_locked(True, owner_email)
    if show.funding_url:
        channel.podcast_funding(show.funding_url, clean_text(show.funding_label or show.title))

    language = clean_text(show.language)
    for episode in episodes:
        _add_entry(fg, episode, language)
    return fg.rss_str(pretty=False, encoding="UTF-8", xml_declaration=True)


def _add_entry(fg, episode: FeedEpisode, language: str) -> None:
    entry = fg.add_entry(order="append")
    entry.guid(episode.imported_guid or str(episode.guid), permalink=False)
    entry.title(clean_text(episode.title))
    summary = truncate_bytes(clean_text(episode.summary))
    if summary:
        entry.description(summary)
    if episode.notes_html:
        # Escaped text rather than CDATA: "]]>" in the notes cannot end anything.
        entry.content(clean_text(episode.notes_html), type="html")
    tags = entry.podcast
    tags.link(episode.link)
    tags.enclosure(episode.audio_url, episode.audio_length, episode.audio_type)
    if episode.published:
        tags.pub_date(episode.published)
    tags.itunes_duration(round(episode.duration_seconds))
    if episode.season:
        tags.itunes_season(episode.season)
    if episode.number:
        tags.itunes_episode(episode.number)
    tags.itunes_episode_type(episode.episode_type)
    if episode.image_url:
        tags.apple_image(episode.image_url)
    tags.apple_explicit(episode.explicit)
    if episode.transcript_url:
        tags.podcast_transcript(episode.transcript_url, TRANSCRIPT_TYPE, language)
    if episode.chapters_url:
        tags.podcast_chapters(episode.chapters_url, CHAPTERS_TYPE)
    for person in episode.people:
        tags.podcast_person(clean_text(person.name), person.role, href=person.href)
    if episode.season:
        tags.podcast_season(episode.season)
    if episode.number:
        tags.podcast_episode(episode.number)


def expand_notes(notes: list[str], root_url: str) -> list[str]:
    """Expand every episode's rich text in one pass.

    Wagtail resolves internal page and document links in bulk per call: one call for all
    episodes keeps the query count independent of the number of episodes. Links become
    absolute, since podcast apps have no base URL to resolve them against.
    """
    if not any(notes):
        return notes
    expanded = expand_db_html(_NOTES_SEPARATOR.join(notes))
    return _ROOT_RELATIVE_URL.sub(rf"\g<1>{root_url}/", expanded).split(_NOTES_SEPARATOR)


def feed_image_urls(image_ids: Iterable[int], root_url: str) -> dict[int, str]:
    """The Apple-sized rendition's absolute URL for each image, "" when the source is too small.

    One query reads the images with their renditions of that size (a rendition is kept per
    focal point; the one matching the image's current focal point is used). An image without
    a matching rendition gets one made, as `get_rendition` always did.
    """
    feed_filter = Filter(spec=ITUNES_IMAGE_SPEC)
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    urls, without_rendition = {}, {}
    for image in _images_with_feed_rendition().filter(pk__in=image_ids):
        if min(image.width, image.height) < ITUNES_IMAGE_SIZE:
            urls[image.pk] = ""
        elif image.rendition_file and image.rendition_key == feed_filter.get_cache_key(image):
            urls[image.pk] = urljoin(root_url, storage.url(image.rendition_file))
        else:
            without_rendition[image.pk] = image
    for pk, image in without_rendition.items():
        if pk not in urls:
            urls[pk] = urljoin(root_url, image.get_rendition(feed_filter).url)
    return urls


# The three querysets below are built once per process and only filtered per feed (filter()
# returns a copy, so nothing read is ever kept): resolving their joins and annotations was
# more than half of what the ORM spends on a feed's queries, a tenth of a cache miss's reading
# at 300 episodes (bench/feed_bench.py).


@functools.cache
def _images_with_feed_rendition():
    return (
        get_image_model()
        .objects.alias(
            feed_rendition=FilteredRelation(
                "renditions", condition=Q(renditions__filter_spec=ITUNES_IMAGE_SPEC)
            )
        )
        .annotate(
            rendition_file=F("feed_rendition__file"),
            rendition_key=F("feed_rendition__focal_point_key"),
        )
    )


@functools.cache
def _live_episode_rows():
    return (
        EpisodePage.objects.filter(view_restrictions__isnull=True, live=True, audio__isnull=False)
        .annotate(
            audio_file=F("audio__file"),
            audio_size=F("audio__size_bytes"),
            audio_type=F("audio__mime_type"),
            duration=F("audio__duration_seconds"),
            has_transcript=ExpressionWrapper(~Q(transcript=""), output_field=BooleanField()),
            has_chapters=Exists(EpisodeChapter.objects.filter(episode=OuterRef("pk"))),
            published_since=F("first_published_at") - Value(DATES_READ_FROM),
        )
        .order_by("-first_published_at", "-pk")
        .values_list(
            "pk",
            "guid",
            "imported_guid",
            "title",
            "slug",
            "summary",
            "show_notes",
            "published_since",
            "number",
            "season",
            "episode_type",
            "explicit",
            "cover_image_id",
            "audio_file",
            "audio_size",
            "audio_type",
            "duration",
            "has_transcript",
            "has_chapters",
            named=True,
        )
    )


@functools.cache
def _episode_people_rows():
    return EpisodePerson.objects.values_list(
        "sort_order", "pk", "episode_id", "name", "role", "url"
    )


def feed_episode_rows(page):
    """Live, public episodes with audio, newest first, as plain rows, in one query.

    Wagtail's `public()` reads every view restriction in a query of its own; the same rule (no
    restriction on the episode, on the show or on any of its ancestors) is written here as an
    anti-join on the episode's restrictions and a subquery on the show's and its ancestors'
    paths, each answered from an index. Children are found by a range of tree paths, as
    treebeard's `get_children()` does, rather than `child_of()`'s LIKE, which SQLite answers
    by reading every page of the site.

    The publication date comes as the time elapsed since DATES_READ_FROM, added back once per
    row in collect_feed: PostgreSQL's timestamps go through Django's own loader, written in
    Python (4–7 µs each, 1–2 ms for 300 episodes, up to a sixth of the collect), where a duration
    is read by psycopg's compiled one. Django computes the difference on every database.
    """
    show_and_ancestors = path_and_ancestor_paths(page)
    return _live_episode_rows().filter(
        ~Exists(PageViewRestriction.objects.filter(page__path__in=show_and_ancestors)),
        children_of(page),
    )


def children_of(page) -> Q:
    """The page's children: one level down, between the first and last tree paths a child
    can have (an indexed range)."""
    last_path = page.path + page.alphabet[-1] * page.steplen
    return Q(depth=page.depth + 1, path__range=(page.path, last_path))


def feed_people(page) -> dict[int, list[FeedPerson]]:
    """The people of the show's episodes, in their order, by episode id, in one query.

    A query of their own rather than joined to the episodes: the join repeated every
    episode's columns once per person (twice the rows to sort, send and convert), which cost
    more than this query does (a sixth of the episodes' reading at 300 episodes, two people
    each). Episodes left out of the feed are simply not looked up. The episodes are named by
    a subquery on the page tree (no join through the episode table) and the rows sorted here:
    on PostgreSQL both took longer than the rest of the query. People created outside the
    admin's inline panel have no place (sort_order empty): they come after the placed ones,
    in the order they were added, on every database.
    """
    children = Page.objects.filter(children_of(page)).values("pk")
    people = {}
    rows = _episode_people_rows().filter(episode_id__in=children)
    for _, _, episode_id, name, role, url in sorted(rows, key=_place_of_person):
        people.setdefault(episode_id, []).append(FeedPerson(name, role, url))
    return people


def _place_of_person(row):
    sort_order, pk = row[0], row[1]
    return (sort_order is None, sort_order or 0, pk)


def collect_feed(page, updated: datetime | None = None) -> tuple[FeedShow, list[FeedEpisode]]:
    """Read a PodcastPage and its episodes into the plain inputs of build_feed.

    Episodes are read as rows rather than pages: model instances for hundreds of episodes
    cost more than everything else in a render.
    """
    link = page.get_full_url()
    parts = urlsplit(link)
    root_url = f"{parts.scheme}://{parts.netloc}"
    rows = list(feed_episode_rows(page))
    people = feed_people(page)
    covers = {page.cover_image_id, *(row.cover_image_id for row in rows)} - {None}
    images = feed_image_urls(covers, root_url)
    show = FeedShow(
        title=page.title,
        link=link,
        feed_url=link + page.reverse_subpage("feed"),
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
        image_url=images.get(page.cover_image_id, ""),
        funding_url=page.funding_url,
        funding_label=page.funding_label,
        hub_url=settings.PODCAST_WEBSUB_HUB,
        updated=updated or timezone.now(),
    )
    notes = expand_notes([row.show_notes for row in rows], root_url)

    # Reverse each route once with a placeholder GUID, then substitute: the same URLs for a
    # fraction of the cost of reversing three routes per episode.
    placeholder = "00000000-0000-0000-0000-000000000000"
    audio, transcript, chapters = (
        link + page.reverse_subpage(name, kwargs={"guid": placeholder, **kwargs})
        for name, kwargs in [("audio", {"ext": "ext"}), ("transcript", {}), ("chapters", {})]
    )
    audio = audio.removesuffix(".ext")
    episodes = []
    for row, html in zip(rows, notes, strict=True):
        guid = str(row.guid)
        since = row.published_since
        extension = row.audio_file.rsplit(".", 1)[-1]
        episodes.append(
            FeedEpisode(
                guid=row.guid,
                title=row.title,
                link=f"{link}{row.slug}/",
                summary=row.summary,
                notes_html=html,
                published=None if since is None else DATES_READ_FROM + since,
                audio_url=f"{audio.replace(placeholder, guid)}.{extension}",
                audio_length=row.audio_size,
                audio_type=row.audio_type,
                duration_seconds=row.duration,
                number=row.number,
                season=row.season,
                episode_type=row.episode_type,
                explicit=row.explicit or page.explicit,
                image_url=images.get(row.cover_image_id, ""),
                transcript_url=transcript.replace(placeholder, guid) if row.has_transcript else "",
                chapters_url=chapters.replace(placeholder, guid) if row.has_chapters else "",
                people=tuple(people.get(row.pk, ())),
                imported_guid=clean_text(row.imported_guid),
            )
        )
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
