"""The shared HTTP cache in front of the app (Varnish here, a CDN elsewhere).

Two halves, both deliberately small:

- **What may be shared.** `SharedCacheControlMiddleware` adds `s-maxage` to the responses an
  anonymous visitor may share with every other one: what Wagtail's own serve view answered for
  a published page (or one of its file routes: feed.xml, agenda.ics), the stored copies of
  feeds (podcast.cache), and the sitemap; status 200 only, no cookie set, nothing marked
  private, and only a complete render: a page rendered while the media storage was down
  (`mark_render_degraded`: Wagtail drew a missing image) reaches the visitor who asked but is
  not shared. Everything else (admin, previews, forms, logged-in visitors, files) carries no
  `s-maxage`, and `deploy/varnish.vcl` caches nothing without it. The lifetime runs
  to the next hour at most: lists of upcoming events change with the clock, not only with
  publishing.
- **Purge on change.** Every change that alters a public response already makes a new
  content version (core.cache, once per request, after its last write); once that change
  commits, `purge_shared_cache` asks each cache in `SHARED_CACHE_PURGE_URLS` to drop the
  whole site, before the request (or `publish_scheduled`, or an import) that made the change
  returns. The whole site rather than tags: one publish
  changes the page, its listings, the home page, feeds, theme pages and the sitemap, and a
  site-wide ban costs one request per cache (about a millisecond, see bench/stack_bench.py).
  A cache that does not answer is logged and the purge is retried in the background
  (core.tasks) until it does, so a purge is never lost silently.

Wagtail's `wagtail.contrib.frontend_cache` purges one URL per page and logs failures without
telling the caller, so neither listings nor retries would be covered: this module sends the
purge itself with requests, and docs/operations.md gives the CDN equivalents.
"""

import contextvars
import functools
import logging
import uuid

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .tasks import TemporaryFailure, background

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 2  # seconds per cache: a purge runs inside the editor's request
SHAREABLE_STATUSES = {200}
_NOT_SHARED = ("private", "no-store")

_render_degraded = contextvars.ContextVar("render_degraded", default=False)


def visitor_is_anonymous(request) -> bool:
    """No session, no pending message, no credentials: what the visitor gets is what every
    anonymous visitor gets (deploy/varnish.vcl bypasses the cache on the same cookies)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def mark_render_degraded() -> None:
    """Part of the response could not be made (the media storage is down: Wagtail renders a
    missing image): it is served to this visitor, never shared, so that the shared cache does
    not keep the broken page for everyone until the next hour."""
    _render_degraded.set(True)


def mark_shareable(request) -> None:
    """What answered the request is public to every anonymous visitor (a published page, a
    public show's feed, the sitemap)."""
    request.serves_published_page = True


def shareable(view):
    """For views outside Wagtail's page serving whose answer is the same for every anonymous
    visitor (the XML and HTML site maps)."""

    @functools.wraps(view)
    def view_marked_shareable(request, *args, **kwargs):
        mark_shareable(request)
        return view(request, *args, **kwargs)

    return view_marked_shareable


def seconds_to_next_hour(now=None) -> int:
    now = timezone.localtime(now)
    return 3600 - (now.minute * 60 + now.second)


def is_shareable(request, response) -> bool:
    return (
        getattr(request, "serves_published_page", False)
        and request.method in ("GET", "HEAD")
        and response.status_code in SHAREABLE_STATUSES
        and not response.cookies
        and visitor_is_anonymous(request)
        and not _render_degraded.get()
        and not any(word in response.get("Cache-Control", "") for word in _NOT_SHARED)
    )


class SharedCacheControlMiddleware:
    """Outermost of the app's caching middleware, so that it also sees the feeds' stored
    copies. A degraded render says so in a context variable, reset for every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _render_degraded.set(False)
        try:
            response = self.get_response(request)
            if is_shareable(request, response):
                patch_cache_control(response, s_maxage=seconds_to_next_hour())
            elif _render_degraded.get():
                patch_cache_control(response, private=True)
            return response
        finally:
            _render_degraded.reset(token)


def purge_shared_cache(**signal_arguments) -> None:
    """Drop every stored response of the site from each shared cache, once the current
    transaction commits (a purge before the commit lets a request store the old content)."""
    if settings.SHARED_CACHE_PURGE_URLS:
        transaction.on_commit(_purge_now)


def _purge_now() -> None:
    for url in settings.SHARED_CACHE_PURGE_URLS:
        try:
            send_purge(url)
        except TemporaryFailure as error:
            logger.warning(
                "Shared cache %s not purged (%s): retrying in the background", url, error
            )
            retry_purge.enqueue(url, key=f"shared-cache-purge:{uuid.uuid4()}")


def send_purge(url: str) -> None:
    try:
        answer = requests.request("PURGE", url, timeout=PURGE_TIMEOUT)
        answer.raise_for_status()
    except requests.RequestException as error:
        raise TemporaryFailure(f"purge of {url} failed: {error}") from error


@background(max_attempts=20, base_delay=5, max_delay=300)
def retry_purge(url: str) -> None:
    send_purge(url)
