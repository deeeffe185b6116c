"""The content version around requests.

PageCacheMiddleware serves whole pages to anonymous visitors before sessions, CSRF,
authentication and routing: placed right after WhiteNoise and the feed cache, a stored page
costs about what a static file does, plus the content-version query (see core.page_cache).
ContentVersionMiddleware, right after it, makes a request's changes one new version.
"""

from .cache import one_content_version_bump
from .page_cache import cached_page_response, render_and_store


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = cached_page_response(request)
        if response is not None:
            return response
        return render_and_store(request, self.get_response)


class ContentVersionMiddleware:
    """The changes a request makes give one new content version, once the view and every
    signal receiver are done writing (see core.cache.one_content_version_bump)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_content_version_bump():
            return self.get_response(request)
