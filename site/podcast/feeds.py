"""The Cash PME RSS feed: collected from the database in a fixed number of queries, then written
from plain dataclasses, so tests and benchmarks can build a feed without HTTP.

What podcast apps do with a feed explains most choices here: the item GUID is the episode's
UUID (never its URL, which changes with the slug), enclosures go through the counting
redirect with the asset's exact byte length, and every text is stripped of the characters
XML 1.0 forbids because one control character makes the whole feed unreadable.

The XML is written as text rather than through feedgen or lxml: a feed is one fixed shape of
about twenty elements per episode, and creating them one by one in an element tree costs
about twice what writing them as text does, escaping included. Every value goes through
`_text`, `_escape` or `_attribute`, which is what keeps the output well-formed (the tests
read every field back through a real parser).
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
)
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import PageViewRestriction
from wagtail.rich_text import expand_db_html

from .models import EpisodeChapter, EpisodePage
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

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
_RSS_START = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    f'<rss xmlns:itunes="{ITUNES_NS}" xmlns:podcast="{PODCAST_NS}" '
    'xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>'
)
_RSS_END = "</channel></rss>"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

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


def _escape(text: str) -> str:
    """Character data. A carriage return is written as a reference, or parsers would drop it."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _text(value) -> str:
    """`_escape(clean_text(value))` in one call: it runs a dozen times per episode."""
    return (
        _XML_FORBIDDEN.sub("", str(value or ""))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _attribute(value) -> str:
    """A value for a double-quoted attribute; white space other than spaces is kept as
    references, since parsers turn it into spaces."""
    return (
        _XML_FORBIDDEN.sub("", str(value or ""))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )


def _bool(value) -> str:
    return "true" if value else "false"


def _rfc822(moment: datetime) -> str:
    """RFC 822 date with English names whatever the locale, as RSS requires."""
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} "
        f"{moment.strftime('%z')}"
    )


def build_feed(show: FeedShow, episodes: Iterable[FeedEpisode]) -> bytes:
    """RSS 2.0 with the iTunes and Podcast Index namespaces; episodes in the order given.

    Apple's tags in their current form (`itunes:explicit` true/false, `itunes:image` for any
    URL, including an S3 one with a query string); the Podcast Index channel tags are guid,
    locked and funding.
    """
    title = _text(show.title)
    link = _text(show.link)
    xml = [
        _RSS_START,
        f"<title>{title}</title><link>{link}</link>"
        f"<description>{_escape(truncate_bytes(clean_text(show.description)))}</description>"
        f'<atom:link href="{_attribute(show.feed_url)}" rel="self" type="application/rss+xml"/>',
    ]
    if show.copyright:
        xml.append(f"<copyright>{_text(show.copyright)}</copyright>")
    xml.append(
        "<docs>http://www.rssboard.org/rss-specification</docs>"
        "<generator>CPME Occitanie</generator>"
    )
    if show.image_url:
        xml.append(
            f"<image><url>{_text(show.image_url)}</url><title>{title}</title>"
            f"<link>{link}</link></image>"
        )
    if show.language:
        xml.append(f"<language>{_text(show.language)}</language>")
    xml.append(f"<lastBuildDate>{_rfc822(show.updated)}</lastBuildDate>")
    if show.author:
        xml.append(f"<itunes:author>{_text(show.author)}</itunes:author>")
    category = _attribute(show.category)
    if show.subcategory:
        xml.append(
            f'<itunes:category text="{category}">'
            f'<itunes:category text="{_attribute(show.subcategory)}"/></itunes:category>'
        )
    else:
        xml.append(f'<itunes:category text="{category}"/>')
    owner_email = clean_text(show.owner_email)
    xml.append(
        f"<itunes:owner><itunes:name>{_text(show.owner_name)}</itunes:name>"
        f"<itunes:email>{_escape(owner_email)}</itunes:email></itunes:owner>"
        f"<itunes:type>{_text(show.show_type)}</itunes:type>"
    )
    if show.image_url:
        xml.append(f'<itunes:image href="{_attribute(show.image_url)}"/>')
    xml.append(
        f"<itunes:explicit>{_bool(show.explicit)}</itunes:explicit>"
        f"<podcast:guid>{podcast_guid(show.feed_url)}</podcast:guid>"
    )
    # Asks other hosting platforms not to import the feed without the owner's consent.
    owner = f' owner="{_attribute(owner_email)}"' if owner_email else ""
    xml.append(f"<podcast:locked{owner}>yes</podcast:locked>")
    if show.funding_url:
        xml.append(
            f'<podcast:funding url="{_attribute(show.funding_url)}">'
            f"{_text(show.funding_label or show.title)}</podcast:funding>"
        )
    language = _attribute(show.language)
    xml.extend(_item(episode, language) for episode in episodes)
    xml.append(_RSS_END)
    return "".join(xml).encode()


def _item(episode: FeedEpisode, language: str) -> str:
    """One <item>: RSS, then Apple's tags, then the Podcast Index ones (transcript, chapters,
    people of the "cast" group, season, episode)."""
    xml = [f"<item><title>{_text(episode.title)}</title><link>{_text(episode.link)}</link>"]
    summary = truncate_bytes(clean_text(episode.summary))
    if summary:
        xml.append(f"<description>{_escape(summary)}</description>")
    if episode.notes_html:
        # Escaped text rather than CDATA: "]]>" in the notes cannot end anything.
        xml.append(f"<content:encoded>{_text(episode.notes_html)}</content:encoded>")
    xml.append(
        f'<guid isPermaLink="false">{_text(episode.guid)}</guid>'
        f'<enclosure url="{_attribute(episode.audio_url)}" length="{int(episode.audio_length)}" '
        f'type="{_attribute(episode.audio_type)}"/>'
        f"<pubDate>{_rfc822(episode.published)}</pubDate>"
        f"<itunes:duration>{round(episode.duration_seconds)}</itunes:duration>"
    )
    if episode.season:
        xml.append(f"<itunes:season>{int(episode.season)}</itunes:season>")
    if episode.number:
        xml.append(f"<itunes:episode>{int(episode.number)}</itunes:episode>")
    xml.append(f"<itunes:episodeType>{_text(episode.episode_type)}</itunes:episodeType>")
    if episode.image_url:
        xml.append(f'<itunes:image href="{_attribute(episode.image_url)}"/>')
    xml.append(f"<itunes:explicit>{_bool(episode.explicit)}</itunes:explicit>")
    if episode.transcript_url:
        language_attribute = f' language="{language}"' if language else ""
        xml.append(
            f'<podcast:transcript url="{_attribute(episode.transcript_url)}" '
            f'type="{TRANSCRIPT_TYPE}"{language_attribute}/>'
        )
    if episode.chapters_url:
        xml.append(
            f'<podcast:chapters url="{_attribute(episode.chapters_url)}" type="{CHAPTERS_TYPE}"/>'
        )
    for person in episode.people:
        href = f' href="{_attribute(person.href)}"' if person.href else ""
        xml.append(
            f'<podcast:person role="{_attribute(person.role)}" group="cast"{href}>'
            f"{_text(person.name)}</podcast:person>"
        )
    if episode.season:
        xml.append(f"<podcast:season>{int(episode.season)}</podcast:season>")
    if episode.number:
        xml.append(f"<podcast:episode>{int(episode.number)}</podcast:episode>")
    xml.append("</item>")
    return "".join(xml)


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
    image_model = get_image_model()
    storage = image_model.get_rendition_model()._meta.get_field("file").storage
    images = (
        image_model.objects.filter(pk__in=image_ids)
        .alias(
            feed_rendition=FilteredRelation(
                "renditions", condition=Q(renditions__filter_spec=ITUNES_IMAGE_SPEC)
            )
        )
        .annotate(
            rendition_file=F("feed_rendition__file"),
            rendition_key=F("feed_rendition__focal_point_key"),
        )
    )
    urls, without_rendition = {}, {}
    for image in images:
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


def feed_episode_rows(page):
    """Live, public episodes with audio, newest first, as plain rows, in one query.

    Wagtail's `public()` reads every view restriction in a query of its own; the same rule (no
    restriction on the episode, on the show or on any of its ancestors) is written here as two
    subqueries, each answered from an index. Children are found by a range of tree paths, as
    treebeard's `get_children()` does, rather than `child_of()`'s LIKE, which SQLite answers
    by reading every page of the site. People come in the same query (one row per person),
    ordered after their episode.
    """
    show_and_ancestors = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    last_child_path = page.path + page.alphabet[-1] * page.steplen
    return (
        EpisodePage.objects.filter(
            ~Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))),
            ~Exists(PageViewRestriction.objects.filter(page__path__in=show_and_ancestors)),
            depth=page.depth + 1,
            path__range=(page.path, last_child_path),
            live=True,
            audio__isnull=False,
        )
        .annotate(
            audio_file=F("audio__file"),
            audio_size=F("audio__size_bytes"),
            audio_type=F("audio__mime_type"),
            duration=F("audio__duration_seconds"),
            has_transcript=ExpressionWrapper(~Q(transcript=""), output_field=BooleanField()),
            has_chapters=Exists(EpisodeChapter.objects.filter(episode=OuterRef("pk"))),
        )
        .order_by("-first_published_at", "-pk", "people__sort_order", "people__pk")
        .values_list(
            "pk",
            "guid",
            "title",
            "slug",
            "summary",
            "show_notes",
            "first_published_at",
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
            "people__name",
            "people__role",
            "people__url",
            named=True,
        )
    )


def collect_feed(page, updated: datetime | None = None) -> tuple[FeedShow, list[FeedEpisode]]:
    """Read a PodcastPage and its episodes into the plain inputs of build_feed.

    Episodes are read as rows rather than pages: model instances for hundreds of episodes
    cost more than everything else in a render.
    """
    link = page.get_full_url()
    parts = urlsplit(link)
    root_url = f"{parts.scheme}://{parts.netloc}"
    rows, people = [], {}
    for row in feed_episode_rows(page):
        if row.pk not in people:
            rows.append(row)
            people[row.pk] = []
        if row.people__name is not None:
            people[row.pk].append(FeedPerson(row.people__name, row.people__role, row.people__url))
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
        extension = row.audio_file.rsplit(".", 1)[-1]
        episodes.append(
            FeedEpisode(
                guid=row.guid,
                title=row.title,
                link=f"{link}{row.slug}/",
                summary=row.summary,
                notes_html=html,
                published=row.first_published_at,
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
