"""Import an existing show from its RSS feed (a hosting service, Castopod…), dry run first.

Each episode keeps the GUID its feed gave it (`EpisodePage.imported_guid`, written back in our
feed), so podcast apps do not download everything again. Audio files are streamed to a
temporary file (memory does not grow with the file) and go through `ingest_audio`, the path
of every upload: validated by `podcast.audio`, stored content-addressed. An episode is
imported whole or not at all: any failure (file unreachable or refused, transcript or
chapters unreadable) rolls its rows back, deletes an audio object it had just stored, and is
reported in French. An item's cover (`itunes:image`) is fetched too, but a bad one is only a
warning: the episode falls back to the show's cover. Running the import again changes
nothing unless the feed or a file at the host changed (see `changes` and `audio_change`).
Only public addresses are fetched (`public_socket`), each file within a deadline
(`body_chunks`): a feed must not make the server reach its own network.

Hosts write feeds differently (Ausha, Acast, Spreaker, Podcastics, Audiomeans, Spotify for
Podcasters, Castopod): notes as HTML in `content:encoded` or `description`, or as plain
text; enclosure lengths of 0 or none; enclosures behind redirecting tracking prefixes;
`itunes:duration` as seconds, MM:SS or HH:MM:SS. The duration is not read: the file's own,
measured by `podcast.audio`, is the one our feed gives.
"""

import contextlib
import dataclasses
import email.utils
import hashlib
import html
import http.client
import io
import ipaddress
import json
import logging
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import linebreaks, strip_tags
from django.utils.text import slugify
from lxml import etree
from PIL import Image as PillowImage
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.images import get_image_model

from core.forms import CheckedImageField

from .audio import FORMATS, UNDECLARED_TYPES, AudioRejected
from .feeds import ITUNES_IMAGE_MAX_SIZE, ITUNES_IMAGE_SIZE
from .ingest import ingest_audio
from .models import (
    APPLE_TEXT_LIMIT,
    AudioAsset,
    EpisodeChapter,
    EpisodePage,
    ImportedEpisodeSource,
)
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
EPISODE_NUMBER_MAX = 2**31 - 1  # EpisodePage.season and .number (PositiveIntegerField)
NOTES_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]
# In order of preference when an item links several (Castopod gives SRT, VTT and JSON).
TRANSCRIPT_TYPES = ("text/vtt", "application/x-subrip", "application/srt", "text/srt")
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|li|h[1-6]|div)>")


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
    image_url: str = ""


@dataclasses.dataclass
class Outcome:
    title: str
    action: str  # "créé", "mis à jour", "inchangé", "à créer", "à mettre à jour", "échec"
    reason: str = ""


@dataclasses.dataclass
class Download:
    """An audio file streamed to disk: its SHA-256, the host's validators, the final URL."""

    sha256: str
    etag: str
    last_modified: str
    url: str


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a host's redirects (tracking prefixes, CDNs), to http(s) only: urllib would
    also follow one to ftp://."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise ImportFailure(f"{req.full_url} redirige vers une adresse non prise en charge.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class AddressRefused(OSError):
    """A host that resolves to an address the import must not reach (see `public_socket`)."""


def is_public(address) -> bool:
    """Whether `address` is on the public Internet: not loopback, private (RFC 1918, fc00::/7),
    link-local (169.254/16 with the cloud metadata service, fe80::/10), CGNAT, reserved,
    multicast or unspecified (0.0.0.0, ::), nor IPv6 site-local (fec0::/10, deprecated but
    routed by some networks). An IPv4 address carried in IPv6 (::ffff:a.b.c.d, 6to4's
    2002:aabb:ccdd::) is judged as itself: Python 3.11 calls 6to4 global whatever it carries."""
    ip = ipaddress.ip_address(address.split("%")[0])  # a scoped fe80::1%eth0 too
    if ip.version == 6:
        if ip.is_site_local:
            return False
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def allowed(address) -> bool:
    """Public, or in `PODCAST_IMPORT_ALLOWED_ADDRESSES` (the tests' local servers)."""
    if is_public(address):
        return True
    ip = ipaddress.ip_address(address.split("%")[0])
    networks = settings.PODCAST_IMPORT_ALLOWED_ADDRESSES
    return any(ip in ipaddress.ip_network(network) for network in networks)


def public_socket(host, port, timeout):
    """A socket connected to `host`, resolved here and refused (AddressRefused) when any of
    its addresses is not allowed, before any connection is made. The socket connects to the
    address that was checked: a feed, a redirect or a DNS answer that changes between two
    look-ups (rebinding) cannot send the server to its own network or the cloud metadata
    service."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    refused = [info[4][0] for info in infos if not allowed(info[4][0])]
    if refused:
        # The editor reads the name they gave; what it resolves to inside our network is
        # for the server's log only.
        logger.warning("Import refused: %s resolves to %s", host, refused[0])
        raise AddressRefused(host)
    error = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
            return sock
        except OSError as failure:
            sock.close()
            error = failure
    raise error


class AnswerWithinTimeout:
    """The status line and headers must all arrive within TIMEOUT: the socket's timeout
    applies to each read, so a host sending its headers a byte at a time would hold the
    import forever (`body_chunks` bounds the body). At the deadline the socket is shut,
    which ends the blocked read; a response cut that way is refused, not read as whole."""

    def getresponse(self):
        late, sock = threading.Event(), self.sock

        def hang_up():
            late.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(TIMEOUT, hang_up)
        watchdog.start()
        try:
            response = super().getresponse()
        except (OSError, http.client.HTTPException):
            if not late.is_set():
                raise
            response = None
        finally:
            watchdog.cancel()
        if late.is_set():
            if response is not None:
                response.close()
            raise TimeoutError(f"en-têtes de réponse non reçus en {TIMEOUT} s")
        return response


class PublicHTTPConnection(AnswerWithinTimeout, http.client.HTTPConnection):
    def connect(self):
        self.sock = public_socket(self.host, self.port, self.timeout)


TLS = ssl.create_default_context()


class PublicHTTPSConnection(AnswerWithinTimeout, http.client.HTTPSConnection):
    def connect(self):
        sock = public_socket(self.host, self.port, self.timeout)
        self.sock = TLS.wrap_socket(sock, server_hostname=self.host)


class PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(PublicHTTPSConnection, req)


# No proxy from the environment: the address check must see the host itself.
OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), PublicHTTPHandler, PublicHTTPSHandler, HttpOnlyRedirects
)


def _open(url, max_bytes, headers=None):
    """The response for `url`, or None when a conditional request (`headers`) got 304."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImportFailure(f"Adresse non prise en charge : {url}")
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": "CPME Occitanie (import)", **(headers or {})}
    )
    try:
        response = OPENER.open(request, timeout=TIMEOUT)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304 and headers:
            return None
        raise ImportFailure(f"{url} a répondu {error.code}.") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, AddressRefused):
            raise ImportFailure(f"{url} : adresse interne refusée ({error.reason}).") from error
        raise ImportFailure(f"{url} est injoignable ({error}).") from error
    except (ValueError, http.client.InvalidURL) as error:  # a name or path HTTP cannot carry
        raise ImportFailure(f"Adresse illisible : {url} ({error}).") from error
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        raise ImportFailure(f"{url} est injoignable ({error}).") from error
    length = announced_length(response)
    if length > max_bytes:
        response.close()
        raise ImportFailure(f"{url} est trop volumineux ({length} octets).")
    return response


def announced_length(response) -> int:
    """The body's length as the host announced it; 0 when it did not, or not as a number
    (« abc »: http.client then reads to the end, and so do we)."""
    return _int(response.headers.get("Content-Length") or "") or 0


def body_chunks(response, url):
    """The response's body as it arrives, one socket read at a time, given up (in French)
    once it has taken longer than `PODCAST_IMPORT_DOWNLOAD_DEADLINE`: the read timeout
    applies to each read, so a host sending a byte now and then would hold the import
    forever without it. A host hanging up before the end is a failure too: `read1` then
    simply stops (or, chunked, raises), and a half file would be imported as whole."""
    limit = settings.PODCAST_IMPORT_DOWNLOAD_DEADLINE
    deadline = time.monotonic() + limit
    announced = announced_length(response)
    received = 0
    try:
        while chunk := response.read1(CHUNK):
            if time.monotonic() > deadline:
                raise ImportFailure(
                    f"{url} : téléchargement trop long (plus de {limit} s), abandonné."
                )
            received += len(chunk)
            yield chunk
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        raise ImportFailure(
            f"{url} : téléchargement interrompu après {received} octets."
        ) from error
    if received < announced:
        raise ImportFailure(
            f"{url} : téléchargement interrompu ({received} octets reçus sur {announced})."
        )


def _read(response, url, max_bytes) -> bytes:
    body = bytearray()
    for chunk in body_chunks(response, url):
        body += chunk
        if len(body) > max_bytes:
            raise ImportFailure(f"{url} est trop volumineux.")
    return bytes(body)


def fetch_text(url, max_bytes=TEXT_MAX_BYTES) -> bytes:
    with _open(url, max_bytes) as response:
        return _read(response, url, max_bytes)


def _text(element, path):
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _int(value, limit=2**63 - 1):
    """A whole number as feeds write it, None when absent, unreadable or above `limit` (what
    its column holds): "²" is a digit to `isdigit` but not to `int`, and `int` refuses more
    than 4,300 digits, so either would stop the whole import."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(limit)):
        return None
    number = int(value)
    return number if number <= limit else None


def _date(value):
    """A pubDate as hosts write it (RFC 822, any zone); None when absent or unreadable."""
    try:
        return email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


def _transcript_url(item):
    """The best transcript we can store (WebVTT, else SRT); HTML and JSON ones are skipped."""
    links = {}
    for tag in item.findall("podcast:transcript", NS):
        kind = tag.get("type", "").split(";")[0].strip().lower()
        links.setdefault(kind, tag.get("url", ""))
    return next((links[kind] for kind in TRANSCRIPT_TYPES if links.get(kind)), "")


def plain_text(text):
    """Text for podcast apps from notes in HTML or not: paragraphs kept, entities decoded."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", text)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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
        "description": plain_text(
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
        enclosure = {} if enclosure is None else enclosure.attrib
        chapters = item.find("podcast:chapters", NS)
        image = item.find("itunes:image", NS)
        notes = _text(item, "content:encoded") or _text(item, "description")
        items.append(
            FeedItem(
                guid=_text(item, "guid"),
                title=_text(item, "title"),
                published=_date(_text(item, "pubDate")),
                summary=plain_text(_text(item, "itunes:summary") or notes),
                notes=notes,
                audio_url=enclosure.get("url", "").strip(),
                audio_type=enclosure.get("type", ""),
                audio_length=_int(enclosure.get("length", "")) or 0,
                season=_int(_text(item, "itunes:season"), EPISODE_NUMBER_MAX),
                number=_int(_text(item, "itunes:episode"), EPISODE_NUMBER_MAX),
                episode_type=_text(item, "itunes:episodeType").lower() or "full",
                explicit=_text(item, "itunes:explicit").lower() in ("true", "yes", "explicit"),
                transcript_url=_transcript_url(item),
                chapters_url=chapters.get("url", "") if chapters is not None else "",
                image_url=(image.get("href", "") if image is not None else "").strip(),
            )
        )
    return show, items


def _truncate(text, limit=APPLE_TEXT_LIMIT):
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", "ignore")


def notes_html(notes):
    """Show notes as rich text. Most hosts give HTML; some (Spreaker, Podcastics) plain text
    whose line breaks are its paragraphs: it is escaped and broken into paragraphs first."""
    if not HTML_TAG.search(notes):
        notes = linebreaks(notes, autoescape=True)
    return EditorHTMLConverter(features=NOTES_FEATURES).to_database_format(notes)


def episode_fields(item: FeedItem) -> dict:
    """The page fields an item gives, as they will be stored (notes sanitised)."""
    return {
        "title": item.title[:255],
        "summary": _truncate(item.summary) or item.title,
        "show_notes": notes_html(item.notes),
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
        return "l'épisode n'a pas de date de publication lisible (<pubDate>)."
    return ""


def stream_audio(response, url, handle) -> Download:
    """Streams a response's body into `handle` in chunks of at most 1 MB, hashing it on the
    way and refusing it past the upload limit or the download deadline: memory does not
    grow with the file."""
    limit = settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE
    digest = hashlib.sha256()
    with response:
        size = 0
        for chunk in body_chunks(response, url):
            size += len(chunk)
            if size > limit:
                raise ImportFailure(f"{url} dépasse la taille maximale autorisée.")
            digest.update(chunk)
            handle.write(chunk)
        headers = response.headers
        download = Download(
            digest.hexdigest(),
            headers.get("ETag", "")[:200],
            headers.get("Last-Modified", "")[:64],
            response.geturl(),
        )
    handle.flush()
    return download


def download_audio(url, handle) -> Download:
    """The file at `url` streamed into `handle`; redirects are followed (the final URL names
    the file)."""
    return stream_audio(_open(url, settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE), url, handle)


def audio_name(download: Download, item: FeedItem):
    """The file's name for validation: from the URL it was finally served at (tracking
    prefixes and Spotify for Podcasters' URL-encoded CDN address name it badly), with the
    extension of its declared type when the name has none we know."""
    for url in (download.url, item.audio_url):
        name = os.path.basename(unquote(urlsplit(url).path))
        if os.path.splitext(name)[1].lower().lstrip(".") in FORMATS:
            return name
    declared = item.audio_type.split(";")[0].strip().lower()
    extension = next((ext for ext, (_, _, types) in FORMATS.items() if declared in types), "mp3")
    return f"episode.{extension}"


def source_of(episode):
    """The record of the episode's last import, None for one imported before it was kept."""
    try:
        return episode.import_source
    except ImportedEpisodeSource.DoesNotExist:
        return None


def imported_sha256(episode, source) -> str:
    """The SHA-256 of the host's file as last imported. Rows kept before it was recorded
    fall back to the asset's, which is the same unless an editor replaced the sound here."""
    if source is not None and source.audio_sha256:
        return source.audio_sha256
    return episode.audio.sha256 if episode.audio else ""


REPLACED = "l'hébergeur a remplacé le fichier audio"


def audio_change(episode, item, handle=None) -> tuple[str, Download | None]:
    """Why an imported episode's audio must be fetched again, in French ("" if it need not),
    and the host's file when deciding took downloading it (into `handle`, the run's
    temporary file; None in a dry run, which keeps no bytes).

    Cheapest signal first, the host's bytes last: no record of the last import; the
    enclosure URL changed; the declared length changed (compared with the length the feed
    declared last time, not the file's size, since hosts often declare 0 or a wrong figure);
    else a conditional GET with the ETag / Last-Modified the host sent last time: 304 (or a
    200 with the same validators, from a host that ignores the condition) means the same
    file. A 200 with other validators is streamed into `handle` and hashed: only a SHA-256
    other than the one imported last time is a new file, so a CDN that changes ETags for
    the same bytes costs a download, never a new version.

    A host that sends no validator at all leaves only the bytes: the file is downloaded and
    hashed on every run (dry run included, the bytes then go nowhere), the cost stated in
    docs/operations.md. Only a different hash is a change.
    """
    source = source_of(episode)
    if source is None:
        return "le fichier audio n'a pas encore été comparé à celui de l'hébergeur", None
    if source.audio_url != item.audio_url:
        return "l'adresse du fichier audio a changé", None
    if item.audio_length and item.audio_length != source.audio_length:
        return "la taille annoncée du fichier audio a changé", None
    validators = {"If-None-Match": source.etag, "If-Modified-Since": source.last_modified}
    validators = {name: value for name, value in validators.items() if value}
    limit = settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE
    response = _open(item.audio_url, limit, validators or None)
    if response is None:
        return "", None
    if validators:
        served = (response.headers.get("ETag", "")[:200], response.headers.get("Last-Modified", ""))
        if served == (source.etag, source.last_modified[:64]):
            response.close()
            return "", None
        if handle is None:
            response.close()
            return REPLACED, None
    with open(os.devnull, "wb") if handle is None else contextlib.nullcontext(handle) as sink:
        download = stream_audio(response, item.audio_url, sink)
    kept = download if handle is not None else None
    return ("" if download.sha256 == imported_sha256(episode, source) else REPLACED), kept


def fetch_image(url, title):
    """(bytes, file name, Pillow image) of the picture at `url`, checked like an upload to
    the library (`CheckedImageField`: a real image, within the size and pixel limits).
    Raises ImportFailure (French) otherwise."""
    limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    with _open(url, limit) as response:
        content_type = response.headers.get_content_type()
        data = _read(response, url, limit)
    if not content_type.startswith("image/") and content_type not in UNDECLARED_TYPES:
        raise ImportFailure(f"{url} n'est pas une image ({content_type}).")
    try:
        picture = PillowImage.open(io.BytesIO(data))
        extension = IMAGE_FORMATS.get(picture.format, "jpg")
    except (OSError, ValueError, PillowImage.DecompressionBombError):
        # Unreadable, or a header declaring billions of pixels (Pillow will not open it):
        # the field below refuses it in French.
        picture, extension = None, "jpg"
    name = f"{slugify(title)[:60] or 'pochette'}.{extension}"
    try:
        CheckedImageField().clean(SimpleUploadedFile(name, data, content_type))
    except forms.ValidationError as error:
        raise ImportFailure(f"{url} est refusée : {' '.join(error.messages)}") from error
    return data, name, picture


def file_hash(data) -> str:
    """The image library's `file_hash` of these bytes (SHA-1, as Wagtail computes it)."""
    return hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash, not security


def unsaved_image(data, name, title, digest):
    return get_image_model()(
        title=f"Pochette de {title}"[:255],
        file=ContentFile(data, name=name),
        file_hash=digest,
        file_size=len(data),
    )


def cover_from(url, title, show):
    """The item's cover: an image already in the library with the same bytes, None when it is
    the show's own cover (the episode then uses it), else a new unsaved image. Raises
    ImportFailure (French) for a file too big, not an image, or one the library refuses."""
    data, name, _picture = fetch_image(url, title)
    digest = file_hash(data)
    if show.cover_image and show.cover_image.get_file_hash() == digest:
        return None
    existing = get_image_model().objects.filter(file_hash=digest).first()
    return existing or unsaved_image(data, name, title, digest)


COLOUR_MODES = {
    "RGBA": "en RVB avec une couche de transparence",
    "CMYK": "en CMJN (couleurs d'imprimerie)",
    "L": "en niveaux de gris",
    "LA": "en niveaux de gris avec transparence",
    "P": "en couleurs indexées (palette)",
    "1": "en noir et blanc",
}


def apple_cover_problems(picture) -> list[str]:
    """What Apple Podcasts refuses in a show's cover art, in French ([] if nothing): a
    square of 1400 to 3000 pixels, JPEG or PNG, RGB."""
    problems = []
    width, height = picture.size
    if width != height or not ITUNES_IMAGE_SIZE <= width <= ITUNES_IMAGE_MAX_SIZE:
        problems.append(
            f"elle mesure {width} × {height} pixels, il faut un carré de 1 400 à 3 000 pixels "
            "de côté"
        )
    if picture.format not in ("JPEG", "PNG"):
        problems.append(f"elle est au format {picture.format}, il faut du JPEG ou du PNG")
    if picture.mode != "RGB":
        colours = COLOUR_MODES.get(picture.mode, f"en mode {picture.mode}")
        problems.append(f"ses couleurs sont {colours}, il faut du RVB")
    return problems


def show_cover_from(url, title):
    """The new show's cover, unsaved, checked like an upload and against Apple's rules.
    Raises ImportFailure (French) naming every rule it breaks."""
    try:
        data, name, picture = fetch_image(url, title)
    except ImportFailure as error:
        raise ImportFailure(f"La pochette de l'émission est refusée : {error}") from error
    problems = apple_cover_problems(picture)
    if problems:
        raise ImportFailure(
            f"La pochette de l'émission ({url}) ne suit pas les règles d'Apple Podcasts : "
            + " ; ".join(problems)
            + "."
        )
    return unsaved_image(data, name, title, file_hash(data))


def fetch_linked(url, known=None) -> tuple[bytes | None, list[str]]:
    """(body, [ETag, Last-Modified]) of a transcript or chapters file; the body is None
    when the host answers 304 to the validators `known` from the last import."""
    etag, last_modified = known or ("", "")
    headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    response = _open(url, TEXT_MAX_BYTES, {k: v for k, v in headers.items() if v} or None)
    if response is None:
        return None, list(known)
    with response:
        body = _read(response, url, TEXT_MAX_BYTES)
        served = [response.headers.get("ETag", "")[:200], response.headers.get("Last-Modified", "")]
    return body, served


def chapters_from(url, data: bytes):
    try:
        data = json.loads(data)
        chapters = [
            (float(chapter["startTime"]), str(chapter.get("title", ""))[:200])
            for chapter in data["chapters"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise ImportFailure(f"Les chapitres de {url} sont illisibles ({error}).") from error
    return [(format_timestamp(start).removeprefix("00:"), title) for start, title in chapters]


def transcript_from(url, data: bytes):
    try:
        text = data.decode("utf-8")
        parse_transcript(text)
    except (UnicodeDecodeError, TranscriptError) as error:
        raise ImportFailure(f"La transcription de {url} est illisible ({error}).") from error
    return text


def chapter_list(episode):
    return [(chapter.start, chapter.title) for chapter in episode.chapters.all()]


@dataclasses.dataclass
class Plan:
    """What a run found for one item: why its episode must change ([] if nothing), and what
    was fetched to decide, which the import reuses rather than fetching it again."""

    reasons: list[str]
    transcript: str
    chapters: list[tuple[str, str]]
    # The host's validators for the transcript and chapters the feed links, by URL.
    texts: dict[str, list[str]]
    refresh_audio: bool = True
    download: Download | None = None  # the host's file, already in the run's temporary file


def fetched_plan(item: FeedItem, episode=None, known=None) -> Plan:
    """The item's transcript and chapters, fetched and checked. For an imported episode the
    host is asked with the validators of the last import (`known`, by URL): a 304 keeps
    the episode's own. A link gone from the feed empties them."""
    known, texts = known or {}, {}
    transcript, chapters = "", []
    if item.transcript_url:
        url = item.transcript_url
        data, texts[url] = fetch_linked(url, known.get(url))
        transcript = episode.transcript if data is None else transcript_from(url, data)
    if item.chapters_url:
        url = item.chapters_url
        data, texts[url] = fetch_linked(url, known.get(url))
        chapters = chapter_list(episode) if data is None else chapters_from(url, data)
    return Plan([], transcript, chapters, texts)


def changes(episode, item, handle=None) -> Plan:
    """What differs between an imported episode and its item, in French.

    Transcripts and chapters are asked for on every run, conditionally when their host sent
    validators last time, and compared with the episode's: a new address, new content at
    the same address, or a link gone from the feed is seen. The audio is compared by
    `audio_change`.
    """
    source = source_of(episode)
    plan = fetched_plan(item, episode, source.text_validators if source else None)
    if any(getattr(episode, name) != value for name, value in episode_fields(item).items()):
        plan.reasons.append("les informations de l'épisode ont changé")
    if plan.transcript != episode.transcript:
        plan.reasons.append("la transcription a changé")
    if plan.chapters != chapter_list(episode):
        plan.reasons.append("les chapitres ont changé")
    audio, plan.download = audio_change(episode, item, handle)
    if audio:
        plan.reasons.append(audio)
    plan.refresh_audio = bool(audio)
    if item.image_url and (source is None or source.image_url != item.image_url):
        plan.reasons.append("la pochette de l'épisode a changé")
    return plan


def remember_validators(episode, plan: Plan):
    """Nothing changed, but the host may have sent new validators for the same bytes (a
    CDN's new ETag, a host that started sending them): keep them, so the next run's
    conditional requests get their 304 instead of downloading again."""
    values = {"text_validators": plan.texts}
    if plan.download is not None:
        values.update(
            etag=plan.download.etag,
            last_modified=plan.download.last_modified,
            audio_sha256=plan.download.sha256,
        )
    source = source_of(episode)
    if any(getattr(source, name) != value for name, value in values.items()):
        ImportedEpisodeSource.objects.filter(episode=episode).update(**values)


def import_item(show, item: FeedItem, existing: EpisodePage | None, plan: Plan, handle):
    """Create or update one episode, whole or not at all: (action, warning). The action is
    "créé", "mis à jour" or "inchangé" (the host's file had the same bytes after all).

    A replaced asset that nothing uses any more is deleted after the commit (see
    `EpisodePage.save` and `podcast.ingest.release_audio`)."""
    fields = episode_fields(item)
    source = source_of(existing) if existing else None
    image_url = source.image_url if source else ""
    cover = existing.cover_image if existing else None
    warning = ""
    if item.image_url and item.image_url != image_url:
        try:
            cover, image_url = cover_from(item.image_url, fields["title"], show), item.image_url
        except ImportFailure as error:
            warning = f"pochette non importée ({error})"
    known = (source.etag, source.last_modified, source.audio_sha256) if source else ("", "", "")
    stored = []
    try:
        with transaction.atomic():
            audio = existing.audio if existing else None
            download = plan.download
            if audio is None or plan.refresh_audio:
                download = download or download_audio(item.audio_url, handle)
                if audio is None or download.sha256 != imported_sha256(existing, source):
                    handle.seek(0)
                    upload = File(handle, name=audio_name(download, item))
                    upload.content_type = item.audio_type
                    newest = AudioAsset.objects.order_by("-pk").values_list("pk", flat=True)
                    before = newest.first() or 0
                    audio = ingest_audio(upload, fields["title"])
                    if audio.pk > before:  # stored by this import: removed if it fails
                        stored.append((audio_storage, audio.file.name))
            if download is not None:
                known = (download.etag, download.last_modified, download.sha256)
            if cover is not None and cover.pk is None:
                cover.save()
                stored.append((cover.file.storage, cover.file.name))
            if existing is None:
                episode = EpisodePage(
                    slug=unique_slug(show, fields["title"]),
                    imported_guid=item.guid,
                    first_published_at=item.published,
                )
            else:
                episode = existing
            chapters = [
                EpisodeChapter(start=start, title=title, sort_order=order)
                for order, (start, title) in enumerate(plan.chapters)
            ]
            edited = existing is None or (
                audio.pk != existing.audio_id
                or cover != existing.cover_image
                or any(getattr(existing, name) != value for name, value in fields.items())
                or plan.transcript != existing.transcript
                or plan.chapters != chapter_list(existing)
            )
            if edited:
                for name, value in fields.items():
                    setattr(episode, name, value)
                episode.audio, episode.transcript, episode.cover_image = (
                    audio,
                    plan.transcript,
                    cover,
                )
                episode.chapters = chapters
                if existing is None:
                    show.add_child(instance=episode)
                episode.save_revision().publish()
            ImportedEpisodeSource.objects.update_or_create(
                episode=episode,
                defaults={
                    "audio_url": item.audio_url,
                    "audio_length": item.audio_length,
                    "etag": known[0],
                    "last_modified": known[1],
                    "audio_sha256": known[2],
                    "text_validators": plan.texts,
                    "image_url": image_url,
                },
            )
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise
    if existing is None:
        return "créé", warning
    return ("mis à jour" if edited else "inchangé"), warning


def unique_slug(show, title):
    base = slugify(title)[:70].strip("-") or "episode"
    taken = set(show.get_children().values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def run_import(show, content: bytes, apply: bool, progress=None) -> list[Outcome]:
    """Plan (dry run) or apply the import of a feed's episodes into `show`. The dry run
    writes nothing but asks the host whether each imported file changed (`audio_change`).
    `progress(outcomes so far, number of items)`, when given, is called after each item:
    the admin's run page shows how far a long import is (podcast.import_runs)."""
    _show_fields, items = parse_feed(content)
    existing = {
        episode.imported_guid: episode
        for episode in EpisodePage.objects.child_of(show)
        .exclude(imported_guid="")
        .select_related("audio", "cover_image", "import_source")
    }
    outcomes = []
    for item in items:
        outcomes.append(item_outcome(show, item, existing.get(item.guid), apply))
        if progress is not None:
            progress(outcomes, len(items))
    return outcomes


def item_outcome(show, item: FeedItem, episode: EpisodePage | None, apply: bool) -> Outcome:
    """One item's outcome; a failure is the item's « échec », never the run's."""
    title = item.title or item.guid or "(sans titre)"
    reason = problem(item)
    if reason:
        return Outcome(title, "échec", reason)
    try:
        return plan_or_import(show, item, episode, apply)
    except (ImportFailure, AudioRejected) as error:
        return Outcome(title, "échec", str(error))
    except Exception as error:
        logger.exception("Import of %s failed", item.guid)
        return Outcome(title, "échec", f"erreur inattendue ({error}).")


def plan_or_import(show, item: FeedItem, episode: EpisodePage | None, apply: bool) -> Outcome:
    """One item's outcome. The run's temporary file holds the host's audio when deciding
    took downloading it, so the import does not download it a second time."""
    with tempfile.NamedTemporaryFile() as handle:
        if episode is None:
            if not apply:
                return Outcome(item.title, "à créer")
            plan = fetched_plan(item)
        else:
            plan = changes(episode, item, handle if apply else None)
            if not plan.reasons:
                remember_validators(episode, plan)
                return Outcome(item.title, "inchangé")
            if not apply:
                return Outcome(item.title, "à mettre à jour", "; ".join(plan.reasons))
        return Outcome(item.title, *import_item(show, item, episode, plan, handle))


def check_show(content: bytes):
    """(show fields, unsaved cover or None) for a show to create from its feed, checked
    before anything is written. Raises ImportFailure (French) when the feed lacks what the
    show needs or its cover art breaks Apple's rules: the show is then not created."""
    fields, _items = parse_feed(content)
    if not fields["title"] or not fields["owner_email"]:
        raise ImportFailure(
            "Le flux ne donne pas le titre ou l'e-mail du propriétaire (<itunes:owner>) : "
            "créez d'abord l'émission dans l'administration, puis relancez l'import."
        )
    cover = None
    if fields["image_url"]:
        try:
            cover = show_cover_from(fields["image_url"], fields["title"])
        except ImportFailure as error:
            raise ImportFailure(
                f"{error} Corrigez-la chez l'hébergeur, ou créez l'émission dans "
                "l'administration avec une pochette conforme, puis relancez l'import."
            ) from error
    return fields, cover


def create_show(home, slug, content: bytes):
    """A new show from the feed's own metadata and cover art (when the show does not exist),
    whole or not at all: a failure after the cover was stored deletes its file."""
    from .models import PodcastPage

    fields, cover = check_show(content)
    try:
        with transaction.atomic():
            if cover is not None:
                cover.save()
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
    except Exception:
        if cover is not None and cover.file.name:
            cover.file.storage.delete(cover.file.name)
        raise
    return show
