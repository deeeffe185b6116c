"""The feed is rendered once per change and served from Django's cache with ETag/Last-Modified.

Correctness rests on FeedVersion, a row per show in the database: every change that can alter
a feed gives the show a new version (in the same transaction as the change, or after it), and
rendered feeds are cached under (show, version). A render can therefore never be served under
a version newer than the data it was built from, and every process sees a bump at once, which
a version kept in a per-process local-memory cache could not guarantee.

Warm requests skip Wagtail's page routing (several queries) and most of the middleware
(podcast.middleware) through a second cache entry that maps the requested host and path to
(show, version); it is only trusted while that version is still current, so a move, a
deletion or a new view restriction sends the request back through routing, where the page's
own checks apply.
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

from .feeds import RSS_CONTENT_TYPE, build_feed, collect_feed
from .models import EpisodePage, FeedVersion, PodcastPage

FEED_CACHE_TIMEOUT = 24 * 3600  # versions make entries obsolete; this only bounds memory
# Podcast apps and CDNs revalidate on every poll (a 304 is cheap), so a publish shows at once.
FEED_CACHE_CONTROL = "public, no-cache"


@dataclass(frozen=True)
class RenderedFeed:
    show_id: int
    version: uuid.UUID
    last_modified: datetime.datetime
    body: bytes


def current_version(show_id) -> tuple[uuid.UUID, datetime.datetime] | None:
    return FeedVersion.objects.filter(show_id=show_id).values_list("version", "changed_at").first()


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


def shows_of_episodes(episodes) -> set[int]:
    """The shows (parent pages) of the given episode queryset, by tree path."""
    parent_paths = {
        path[: -EpisodePage.steplen] for path in episodes.values_list("path", flat=True)
    }
    return set(PodcastPage.objects.filter(path__in=parent_paths).values_list("pk", flat=True))


def _etag(show_id, version):
    return f'"{show_id}-{version.hex}"'


def _body_key(show_id, version):
    return f"podcast:feed:{show_id}:{version.hex}"


def _route_key(host, path):
    return f"podcast:feed-route:{host}:{path}"


def rendered_feed(show: PodcastPage) -> RenderedFeed:
    """The cached feed for the show's current version, rendering it on a miss.

    The version is read before the episodes: a change committed in between makes the body
    newer than its version, never older.
    """
    version, changed_at = ensure_version(show.pk)
    key = _body_key(show.pk, version)
    body = cache.get(key)
    if body is None:
        body = build_feed(*collect_feed(show, updated=changed_at))
        cache.set(key, body, FEED_CACHE_TIMEOUT)
    return RenderedFeed(show.pk, version, changed_at, body)


def _response(request, feed_id, last_modified, load_body) -> HttpResponse | None:
    """304 when the client has this version (without reading the body), else the feed; None
    when the body is no longer in the cache."""
    etag, timestamp = _etag(*feed_id), int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        body = load_body()
        if body is None:
            return None
        response = HttpResponse(body, content_type=RSS_CONTENT_TYPE)
        # Set here so that HEAD, whose body the server drops, still announces the real length.
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = FEED_CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


def feed_response(request, show: PodcastPage) -> HttpResponse:
    """Serve the feed after Wagtail routing, and remember the route for the next requests."""
    feed = rendered_feed(show)
    route = (show.pk, feed.version, feed.last_modified)
    cache.set(_route_key(request.get_host(), request.path), route, FEED_CACHE_TIMEOUT)
    return _response(request, (show.pk, feed.version), feed.last_modified, lambda: feed.body)


@functools.cache
def _version_sql():
    table = connection.ops.quote_name(FeedVersion._meta.db_table)
    version, show = (FeedVersion._meta.get_field(name).column for name in ("version", "show"))
    return f"SELECT {version} FROM {table} WHERE {show} = %s"  # noqa: S608 - no user input


def _current_version_id(show_id) -> uuid.UUID | None:
    """Raw SQL on purpose: on the warm path the ORM's query compilation costs more than the
    primary-key lookup itself. UUIDs come back as text on SQLite and as UUIDs on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [show_id])
        row = cursor.fetchone()
    return uuid.UUID(str(row[0])) if row else None


def cached_feed_response(request) -> HttpResponse | None:
    """The warm path: one cache lookup, one primary-key query, one cache lookup; or None."""
    route = cache.get(_route_key(request.get_host(), request.path))
    if route is None:
        return None
    show_id, version, changed_at = route
    if _current_version_id(show_id) != version:
        return None
    body_key = _body_key(show_id, version)
    return _response(request, (show_id, version), changed_at, lambda: cache.get(body_key))


# Signal receivers, connected in podcast.signals. Each gives a new version to the shows whose
# feed the change can alter; rare, structural changes (moves, view restrictions, sites) renew
# every show rather than work out which ones they touch.


def page_changed(sender, instance, **kwargs):
    """Published, unpublished or deleted show or episode."""
    if isinstance(instance, PodcastPage):
        invalidate_shows([instance.pk])
    else:
        invalidate_shows(shows_of_episodes(EpisodePage.objects.filter(pk=instance.pk)))


def episode_deleted(sender, instance, **kwargs):
    """The row is gone: find the show from the tree path the instance still carries."""
    parent_path = instance.path[: -EpisodePage.steplen]
    invalidate_shows(PodcastPage.objects.filter(path=parent_path).values_list("pk", flat=True))


def structure_changed(sender, **kwargs):
    """A page moved, a view restriction or a site changed: URLs or visibility may differ."""
    invalidate_all_shows()


def audio_changed(sender, instance, **kwargs):
    invalidate_shows(shows_of_episodes(EpisodePage.objects.filter(audio=instance)))


def image_changed(sender, instance, **kwargs):
    """Saved or about to be deleted (afterwards, the covers pointing to it are already null)."""
    shows = set(PodcastPage.objects.filter(cover_image=instance).values_list("pk", flat=True))
    shows |= shows_of_episodes(EpisodePage.objects.filter(cover_image=instance))
    invalidate_shows(shows)
