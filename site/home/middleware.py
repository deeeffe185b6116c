"""Serves whole pages to anonymous visitors before sessions, CSRF, authentication and routing.

Placed right after WhiteNoise and the feed cache, a stored page costs about what a static
file does, plus the content-version query (see home.page_cache).
"""

from .page_cache import cached_page_response, render_and_store


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = cached_page_response(request)
        if response is not None:
            return response
        return render_and_store(request, self.get_response)
