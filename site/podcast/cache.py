"""The feed is rendered once per change and served from memory with ETag/Last-Modified.

Correctness rests on FeedVersion, a row per show in the database: every change that can alter
a feed gives the shows a new version (podcast.signals: with every new content version of
core.cache, after the change's last write), and
rendered feeds are cached under (show, version). A render can therefore never be served under
a version newer than the data it was built from, and every process sees a bump, which a
version kept in a per-process local-memory cache could not guarantee.

Warm requests skip Wagtail's page routing (several queries) and most of the middleware
(podcast.middleware). Each process keeps the feeds it serves in memory, body and validators
ready, under (show, version), so a warm request does not read a 4 MB body from the cache. It
still reads the show's current version on every request (one primary-key query): a change
made by another process (another worker, publish_scheduled) is seen by the next request,
with no window where a stale feed is served. Django's cache shares renders between processes:
the body under (show, version), and which (show, version) a host and path lead to, an entry
only trusted while that version is still current, so a move, a deletion or a new view
restriction sends the request back through routing, where the page's own checks apply. Only
routes to public shows are remembered: a reader let in by a restriction must not open the
way for everyone.
"""

import datetime
import functools
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.shared_cache import mark_shareable

from .feeds import RSS_CONTENT_TYPE, build_feed, collect_feed
from .models import FeedVersion, PodcastPage

FEED_CACHE_TIMEOUT = 24 * 3600  # versions make entries obsolete; this only bounds memory
# Podcast apps and CDNs revalidate on every poll (a 304 is cheap), so a publish shows at once.
FEED_CACHE_CONTROL = "public, no-cache"
# Host and path pairs remembered per process; past this, they are forgotten and looked up in
# the shared cache again (hosts are only bounded by ALLOWED_HOSTS, which may hold wildcards).
MAX_SERVED_ROUTES = 1000


@dataclass(frozen=True)
class RenderedFeed:
    show_id: int
    version: uuid.UUID
    last_modified: datetime.datetime
    body: bytes


@functools.cache
def _version_sql() -> str:
    meta, quote = FeedVersion._meta, connection.ops.quote_name
    version, changed_at, show = (
        quote(meta.get_field(name).column) for name in ("version", "changed_at", "show")
    )
    return f"SELECT {version}, {changed_at} FROM {quote(meta.db_table)} WHERE {show} = %s"  # noqa: S608


def current_version(show_id) -> tuple[uuid.UUID, datetime.datetime] | None:
    """The show's version, read on every warm feed request: as one plain statement, because
    building the same query with the ORM costs about fifteen times as much (255 µs against
    17 µs on SQLite), most of the cost of a warm hit. Names come from the model, the id is a
    parameter; values are converted by the model's own fields."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [show_id])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = FeedVersion._meta
    version = fields.get_field("version").to_python(row[0])
    changed_at = fields.get_field("changed_at").to_python(row[1])
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without an offset
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return version, changed_at


def ensure_version(show_id) -> tuple[uuid.UUID, datetime.datetime]:
    version = current_version(show_id)
    if version is None:
        row, _ = FeedVersion.objects.get_or_create(
            show_id=show_id, defaults={"changed_at": timezone.now().replace(microsecond=0)}
        )
        version = (row.version, row.changed_at)
    return version


def invalidate_shows(show_ids) -> None:
    """New version for these shows; shows without a version get one on their next render.

    Last-Modified has a one-second resolution: each version is at least a second later than
    the previous one, so a client that only sends If-Modified-Since never misses a change.
    """
    now = timezone.now().replace(microsecond=0)
    FeedVersion.objects.filter(show_id__in=list(show_ids)).update(
        version=uuid.uuid4(),
        changed_at=Greatest(
            Value(now),
            F("changed_at") + datetime.timedelta(seconds=1),
            output_field=DateTimeField(),
        ),
    )


def invalidate_all_shows() -> None:
    invalidate_shows(FeedVersion.objects.values_list("show_id", flat=True))


def _etag(show_id, version):
    return f'"{show_id}-{version.hex}"'


def _body_key(show_id, version):
    return f"podcast:feed:{show_id}:{version.hex}"


def _route_key(host, path):
    return f"podcast:feed-route:{host}:{path}"


def rendered_feed(show: PodcastPage, known=None) -> RenderedFeed:
    """The cached feed for the show's current version, rendering it on a miss.

    The version is read before the episodes: a change committed in between makes the body
    newer than its version, never older. `known` is the (show_id, version, changed_at) the
    warm path already read in this request, if it was this show's.
    """
    if known is not None and known[0] == show.pk:
        version, changed_at = known[1:]
    else:
        version, changed_at = ensure_version(show.pk)
    key = _body_key(show.pk, version)
    body = cache.get(key)
    if body is None:
        body = build_feed(*collect_feed(show, updated=changed_at))
        cache.set(key, body, FEED_CACHE_TIMEOUT)
    return RenderedFeed(show.pk, version, changed_at, body)


@dataclass(frozen=True)
class ServedFeed:
    """A show's feed as this process answers it, validators computed once."""

    show_id: int
    version: uuid.UUID
    body: bytes
    etag: str
    last_modified: int
    last_modified_header: str

    @classmethod
    def of(cls, show_id, version, changed_at, body):
        timestamp = int(changed_at.timestamp())
        return cls(show_id, version, body, _etag(show_id, version), timestamp, http_date(timestamp))


# What this process serves: one feed per show (the latest version it served), and the routes
# that lead to it, each with the version it was resolved for: a route resolved before a move
# or a new view restriction does not lead to the next version.
_feeds: dict[int, ServedFeed] = {}
_routes: dict[tuple[str, str], tuple[int, uuid.UUID]] = {}


def _serve(host, path, feed: ServedFeed) -> None:
    _feeds[feed.show_id] = feed
    if len(_routes) >= MAX_SERVED_ROUTES:
        _routes.clear()
    _routes[host, path] = (feed.show_id, feed.version)


def forget_served() -> None:
    """Drop every feed and route this process keeps (tests start from an empty database)."""
    _feeds.clear()
    _routes.clear()


def _response(request, feed: ServedFeed) -> HttpResponse:
    """304 when the client has this version, else the feed."""
    mark_shareable(request)  # only public shows' feeds are remembered
    response = get_conditional_response(request, etag=feed.etag, last_modified=feed.last_modified)
    if response is None:
        response = HttpResponse(feed.body, content_type=RSS_CONTENT_TYPE)
        # Set here so that HEAD, whose body the server drops, still announces the real length.
        response["Content-Length"] = str(len(feed.body))
    response["ETag"] = feed.etag
    response["Last-Modified"] = feed.last_modified_header
    response["Cache-Control"] = FEED_CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


def feed_response(request, show: PodcastPage) -> HttpResponse:
    """Serve the feed after Wagtail routing, and remember the route for the next requests when
    anyone may follow it: the page's own checks let this request in, not necessarily the next."""
    rendered = rendered_feed(show, getattr(request, "_feed_version", None))
    feed = ServedFeed.of(show.pk, rendered.version, rendered.last_modified, rendered.body)
    if not show.get_view_restrictions().exists():
        host, path = request.get_host(), request.path
        route = (show.pk, rendered.version, rendered.last_modified)
        cache.set(_route_key(host, path), route, FEED_CACHE_TIMEOUT)
        _serve(host, path, feed)
    return _response(request, feed)


def _from_shared_cache(host, path, known) -> ServedFeed | None:
    """What any process rendered for this URL, if its version is still current. `known` is a
    show's current version already read: (show_id, version, changed_at) or None."""
    route = cache.get(_route_key(host, path))
    if route is None:
        return None
    show_id, version, changed_at = route
    if known is None or known[0] != show_id:
        current = current_version(show_id)
        known = None if current is None else (show_id, *current)
    if known is None or known[1] != version:
        return None
    served = _feeds.get(show_id)
    body = served.body if served is not None and served.version == version else None
    if body is None:
        body = cache.get(_body_key(show_id, version))
    if body is None:
        return None
    feed = ServedFeed.of(show_id, version, changed_at, body)
    _serve(host, path, feed)
    return feed


def cached_feed_response(request) -> HttpResponse | None:
    """The warm path: the show's current version (one primary-key query), then this process's
    copy when it is of that version, else the shared cache's; None sends the request through
    routing."""
    host, path = request.get_host(), request.path
    known = None  # the version read here, kept for the render if the request goes on
    route = _routes.get((host, path))
    if route is not None:
        show_id, version = route
        current = current_version(show_id)
        if current is not None:
            known = (show_id, *current)
            feed = _feeds.get(show_id)
            if current[0] == version and feed is not None and feed.version == version:
                return _response(request, feed)
    feed = _from_shared_cache(host, path, known)
    if feed is None:
        request._feed_version = known
        return None
    return _response(request, feed)
