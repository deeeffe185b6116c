"""Import an existing show from its RSS feed (a hosting service, Castopod…), dry run first.

Each episode keeps the GUID its feed gave it (`EpisodePage.imported_guid`, written back in our
feed), so podcast apps do not download everything again. Audio files are streamed to a
temporary file (memory does not grow with the file) and go through `ingest_audio`, the path
of every upload: validated by `podcast.audio`, stored content-addressed. An episode is
imported whole or not at all: any failure (file unreachable or refused, transcript or
chapters unreadable) rolls its rows back, deletes an audio object it had just stored, and is
reported in French. Running the import again changes nothing unless the feed changed.
"""

import dataclasses
import email.utils
import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify
from lxml import etree
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from .audio import AudioRejected
from .ingest import ingest_audio
from .models import APPLE_TEXT_LIMIT, AudioAsset, EpisodeChapter, EpisodePage
from .storage import audio_storage
from .transcripts import TranscriptError, format_timestamp, parse_transcript

logger = logging.getLogger(__name__)

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
TIMEOUT = 30
FEED_MAX_BYTES = 50 * 1024 * 1024
TEXT_MAX_BYTES = 5 * 1024 * 1024  # transcripts, chapters
CHUNK = 1024 * 1024
NOTES_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]
TRANSCRIPT_TYPES = {"text/vtt", "application/x-subrip", "application/srt", "text/srt"}


class ImportFailure(Exception):
    """What went wrong, in French, for the report."""


@dataclasses.dataclass
class FeedItem:
    guid: str
    title: str
    published: object
    summary: str
    notes: str
    audio_url: str
    audio_type: str
    audio_length: int
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"
    explicit: bool = False
    transcript_url: str = ""
    chapters_url: str = ""


@dataclasses.dataclass
class Outcome:
    title: str
    action: str  # "créé", "mis à jour", "inchangé", "à créer", "à mettre à jour", "échec"
    reason: str = ""


def _open(url, max_bytes):
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportFailure(f"Adresse non prise en charge : {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "CPME Occitanie (import)"})  # noqa: S310
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310
    except urllib.error.HTTPError as error:
        raise ImportFailure(f"{url} a répondu {error.code}.") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise ImportFailure(f"{url} est injoignable ({error}).") from error
    length = int(response.headers.get("Content-Length") or 0)
    if length > max_bytes:
        response.close()
        raise ImportFailure(f"{url} est trop volumineux ({length} octets).")
    return response


def fetch_text(url, max_bytes=TEXT_MAX_BYTES) -> bytes:
    with _open(url, max_bytes) as response:
        body = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ImportFailure(f"{url} est trop volumineux.")
    return body


def _text(element, path):
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _int(value):
    return int(value) if value.strip().isdigit() else None


def parse_feed(content: bytes):
    """(show fields, items) from RSS bytes; entities are not resolved, nothing is fetched."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise ImportFailure(f"Ce flux n'est pas du XML lisible : {error}.") from error
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportFailure("Ce document n'est pas un flux RSS (pas de <rss><channel>).")
    image = channel.find("itunes:image", NS)
    owner = channel.find("itunes:owner", NS)
    show = {
        "title": _text(channel, "title"),
        "description": strip_tags(
            _text(channel, "description") or _text(channel, "itunes:summary")
        ),
        "author": _text(channel, "itunes:author"),
        "language": (_text(channel, "language") or "fr")[:10],
        "owner_name": _text(owner, "itunes:name") if owner is not None else "",
        "owner_email": _text(owner, "itunes:email") if owner is not None else "",
        "image_url": image.get("href", "") if image is not None else "",
    }
    items = []
    for item in channel.findall("item"):
        enclosure = item.find("enclosure")
        transcript = next(
            (
                tag
                for tag in item.findall("podcast:transcript", NS)
                if tag.get("type", "") in TRANSCRIPT_TYPES
            ),
            None,
        )
        chapters = item.find("podcast:chapters", NS)
        date = _text(item, "pubDate")
        notes = _text(item, "content:encoded") or _text(item, "description")
        items.append(
            FeedItem(
                guid=_text(item, "guid"),
                title=_text(item, "title"),
                published=email.utils.parsedate_to_datetime(date) if date else None,
                summary=strip_tags(_text(item, "itunes:summary") or notes).strip(),
                notes=notes,
                audio_url=enclosure.get("url", "") if enclosure is not None else "",
                audio_type=enclosure.get("type", "") if enclosure is not None else "",
                audio_length=_int(enclosure.get("length", "") if enclosure is not None else "")
                or 0,
                season=_int(_text(item, "itunes:season")),
                number=_int(_text(item, "itunes:episode")),
                episode_type=_text(item, "itunes:episodeType") or "full",
                explicit=_text(item, "itunes:explicit").lower() in ("true", "yes"),
                transcript_url=transcript.get("url", "") if transcript is not None else "",
                chapters_url=chapters.get("url", "") if chapters is not None else "",
            )
        )
    return show, items


def _truncate(text, limit=APPLE_TEXT_LIMIT):
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", "ignore")


def episode_fields(item: FeedItem) -> dict:
    """The page fields an item gives, as they will be stored (notes sanitised)."""
    return {
        "title": item.title[:255],
        "summary": _truncate(item.summary) or item.title,
        "show_notes": EditorHTMLConverter(features=NOTES_FEATURES).to_database_format(item.notes),
        "season": item.season,
        "number": item.number,
        "episode_type": item.episode_type
        if item.episode_type in ("full", "trailer", "bonus")
        else "full",
        "explicit": item.explicit,
    }


def problem(item: FeedItem) -> str:
    """Why an item cannot be imported at all, read from the feed alone ("" if none)."""
    if not item.guid:
        return "l'épisode n'a pas de <guid> : les applications ne pourraient pas le suivre."
    if not item.title:
        return "l'épisode n'a pas de titre."
    if not item.audio_url:
        return "l'épisode n'a pas de fichier audio (<enclosure>)."
    if item.published is None:
        return "l'épisode n'a pas de date de publication (<pubDate>)."
    return ""


def download_audio(url, handle):
    """Streams the file into `handle` in 1 MB chunks, refusing it past the upload limit."""
    limit = settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE
    with _open(url, limit) as response:
        size = 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ImportFailure(f"{url} dépasse la taille maximale autorisée.")
            handle.write(chunk)
    handle.flush()


def chapters_from(url):
    try:
        data = json.loads(fetch_text(url))
        chapters = [
            (float(chapter["startTime"]), str(chapter.get("title", ""))[:200])
            for chapter in data["chapters"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise ImportFailure(f"Les chapitres de {url} sont illisibles ({error}).") from error
    return [(format_timestamp(start).removeprefix("00:"), title) for start, title in chapters]


def transcript_from(url):
    try:
        text = fetch_text(url).decode("utf-8")
        parse_transcript(text)
    except (UnicodeDecodeError, TranscriptError) as error:
        raise ImportFailure(f"La transcription de {url} est illisible ({error}).") from error
    return text


def _audio_changed(episode, item):
    return bool(item.audio_length) and episode.audio.size_bytes != item.audio_length


def import_item(show, item: FeedItem, existing: EpisodePage | None) -> str:
    """Create or update one episode, whole or not at all. Returns "créé" / "mis à jour"."""
    fields = episode_fields(item)
    transcript = transcript_from(item.transcript_url) if item.transcript_url else ""
    chapters = chapters_from(item.chapters_url) if item.chapters_url else []
    stored = None
    try:
        with transaction.atomic():
            audio = existing.audio if existing else None
            if audio is None or _audio_changed(existing, item):
                name = os.path.basename(urlsplit(item.audio_url).path) or "episode.mp3"
                with tempfile.NamedTemporaryFile(suffix=os.path.splitext(name)[1]) as handle:
                    download_audio(item.audio_url, handle)
                    upload = File(handle, name=name)
                    upload.content_type = item.audio_type
                    newest = AudioAsset.objects.order_by("-pk").values_list("pk", flat=True)
                    before = newest.first() or 0
                    audio = ingest_audio(upload, fields["title"])
                    if audio.pk > before:  # stored by this import: removed if it fails
                        stored = audio.file.name
            if existing is None:
                episode = EpisodePage(
                    slug=unique_slug(show, fields["title"]),
                    imported_guid=item.guid,
                    first_published_at=item.published,
                )
            else:
                episode = existing
            for name, value in fields.items():
                setattr(episode, name, value)
            episode.audio, episode.transcript = audio, transcript
            episode.chapters = [
                EpisodeChapter(start=start, title=title, sort_order=order)
                for order, (start, title) in enumerate(chapters)
            ]
            if existing is None:
                show.add_child(instance=episode)
            episode.save_revision().publish()
    except Exception:
        if stored:
            audio_storage.delete(stored)
        raise
    return "mis à jour" if existing else "créé"


def unique_slug(show, title):
    base = slugify(title)[:70].strip("-") or "episode"
    taken = set(show.get_children().values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def unchanged(episode, item):
    fields = episode_fields(item)
    return all(getattr(episode, name) == value for name, value in fields.items()) and not (
        _audio_changed(episode, item)
    )


def run_import(show, content: bytes, apply: bool) -> list[Outcome]:
    """Plan (dry run) or apply the import of a feed's episodes into `show`."""
    _show_fields, items = parse_feed(content)
    existing = {
        episode.imported_guid: episode
        for episode in EpisodePage.objects.child_of(show)
        .exclude(imported_guid="")
        .select_related("audio")
    }
    outcomes = []
    for item in items:
        title = item.title or item.guid or "(sans titre)"
        reason = problem(item)
        if reason:
            outcomes.append(Outcome(title, "échec", reason))
            continue
        episode = existing.get(item.guid)
        if episode is not None and unchanged(episode, item):
            outcomes.append(Outcome(title, "inchangé"))
        elif not apply:
            outcomes.append(Outcome(title, "à mettre à jour" if episode else "à créer"))
        else:
            try:
                outcomes.append(Outcome(title, import_item(show, item, episode)))
            except (ImportFailure, AudioRejected) as error:
                outcomes.append(Outcome(title, "échec", str(error)))
            except Exception as error:
                logger.exception("Import of %s failed", item.guid)
                outcomes.append(Outcome(title, "échec", f"erreur inattendue ({error})."))
    return outcomes


def create_show(home, slug, content: bytes):
    """A new show from the feed's own metadata and cover art (when the show does not exist)."""
    from wagtail.images import get_image_model

    from .models import PodcastPage

    fields, _items = parse_feed(content)
    if not fields["title"] or not fields["owner_email"]:
        raise ImportFailure(
            "Le flux ne donne pas le titre ou l'e-mail du propriétaire (<itunes:owner>) : "
            "créez d'abord l'émission dans l'administration, puis relancez l'import."
        )
    cover = None
    if fields["image_url"]:
        name = os.path.basename(urlsplit(fields["image_url"]).path) or "pochette.jpg"
        data = fetch_text(fields["image_url"], max_bytes=20 * 1024 * 1024)
        from django.core.files.base import ContentFile

        cover = get_image_model().objects.create(
            title=f"Pochette de {fields['title']}", file=ContentFile(data, name=name)
        )
    show = PodcastPage(
        title=fields["title"][:255],
        slug=slug,
        description=_truncate(fields["description"]) or fields["title"],
        author=(fields["author"] or fields["owner_name"] or fields["title"])[:120],
        owner_name=(fields["owner_name"] or fields["author"] or fields["title"])[:120],
        owner_email=fields["owner_email"],
        language=fields["language"],
        cover_image=cover,
    )
    home.add_child(instance=show)
    show.save_revision().publish()
    return show
