"""Whole pages for anonymous visitors, rendered once per content version and served like files.

A response is stored only when Wagtail served a published page (or one of its sub-routes)
to a visitor without a session (the ``before_serve_page`` hook marks the request; previews
do not go through it), for a query-less GET, with status 200, not streamed, no cookie set and
nothing saying "private". It is stored under the content version (core.cache),
the hour (lists of upcoming events change with time, not only with publishing), the scheme
(pages carry absolute URLs), the Wagtail site the request leads to and the path; every
host name and port that leads to a site shares its entries, so varying the Host header
cannot fill the cache (nor would a page that printed the raw Host be cached for others:
pages build absolute URLs from their site). Release changes are in every key's prefix
(config.release); any publish, unpublish, move, deletion or change of what pages show makes a new
version, so the next request renders afresh. Visitors with a session cookie (editors: the
Wagtail user bar, previews) never get a stored page and never store one.

A stored page keeps the headers the inner middleware gave it (Content-Security-Policy,
X-Frame-Options…), and answers If-None-Match with 304.
"""

import contextvars
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from wagtail.models import Site

from .cache import request_content_version

_render_degraded = contextvars.ContextVar("page_render_degraded", default=False)

PAGE_CACHE_TIMEOUT = 3600  # keys carry the hour: older entries can never be asked for again
PAGE_CACHE_PREFIX = "page"
_NOT_SHARED = ("private", "no-store")


def visitor_is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if not request.path.endswith("/"):
        return None  # files (feed.xml, agenda.ics, exports) keep their own caching
    if not visitor_is_anonymous(request):
        return None
    version = request_content_version(request)
    site_id = _site_id(request, version)
    if site_id is None:
        return None
    hour = timezone.localtime().strftime("%Y%m%d%H")
    address = hashlib.sha256(f"{request.scheme}:{site_id}:{request.path}".encode()).hexdigest()
    return f"{PAGE_CACHE_PREFIX}:{version}:{hour}:{address}"


# The site each host and port leads to, as Wagtail decides it, remembered by this process
# for one content version (a change of the sites makes a new one), so that a stored page
# costs no site query. Hosts are bounded by ALLOWED_HOSTS, ports are not: past this many,
# the map starts again.
_sites: dict[tuple[str, str], int | None] = {}
_sites_version = {"version": ""}
MAX_REMEMBERED_HOSTS = 1000


def _site_id(request, version) -> int | None:
    if _sites_version["version"] != version or len(_sites) >= MAX_REMEMBERED_HOSTS:
        _sites.clear()
        _sites_version["version"] = version
    key = (request.get_host(), request.get_port())
    if key not in _sites:
        site = Site.find_for_request(request)
        _sites[key] = None if site is None else site.pk
    return _sites[key]


def mark_render_degraded() -> None:
    """Part of the page could not be made (the media storage is down: Wagtail renders a
    missing image): the page is served as it is, but not kept."""
    _render_degraded.set(True)


def cached_page_response(request):
    """The stored response for this request, or None (then the page renders as usual)."""
    key = _key(request)
    request._page_cache_key = key
    if key is None:
        return None
    stored = cache.get(key)
    if stored is None:
        return None
    headers, body, etag = stored
    request.serves_published_page = True  # only published pages are ever stored
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    response = HttpResponse(b"" if request.method == "HEAD" else body, headers=headers)
    response["Content-Length"] = str(len(body))
    return response


def render_and_store(request, get_response):
    """The response of the rest of the stack, kept when it can be shared."""
    token = _render_degraded.set(False)
    try:
        response = get_response(request)
        if _shareable(request, response):
            _store(request, response)
        return response
    finally:
        _render_degraded.reset(token)


def _shareable(request, response) -> bool:
    """Responses with their own validators (feeds, calendars with ETag or Last-Modified)
    manage their own caching and are left alone."""
    return not (
        getattr(request, "_page_cache_key", None) is None
        or not getattr(request, "serves_published_page", False)
        or _render_degraded.get()
        or response.status_code != 200
        or response.streaming
        or response.has_header("ETag")
        or response.has_header("Last-Modified")
        or response.cookies
        or any(word in response.get("Cache-Control", "") for word in _NOT_SHARED)
        or getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def _store(request, response) -> None:
    key = request._page_cache_key
    etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["ETag"] = etag
    patch_vary_headers(response, ["Cookie"])
    headers = {name: value for name, value in response.items() if name != "Content-Length"}
    cache.set(key, (headers, response.content, etag), PAGE_CACHE_TIMEOUT)
