"""The content version around requests: ContentVersionMiddleware makes a request's changes
one new version (which purges the shared HTTP cache and renews the fragment caches)."""

from .cache import one_content_version_bump


class ContentVersionMiddleware:
    """The changes a request makes give one new content version, once the view and every
    signal receiver are done writing (see core.cache.one_content_version_bump)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_content_version_bump():
            return self.get_response(request)
