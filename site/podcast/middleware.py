"""Answers warm feed requests before sessions, locale, CSRF, authentication and routing.

Podcast apps poll feeds all day long; placed right after WhiteNoise, a feed this process
already serves costs what a static file does: no session, user, cache read or query (the
show's version is read again at most once a second, see podcast.cache). Anything it cannot
answer from memory or the shared cache goes down the normal stack unchanged.
"""

from .cache import cached_feed_response


class FeedCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info.endswith("/feed.xml"):
            response = cached_feed_response(request)
            if response is not None:
                return response
        return self.get_response(request)
