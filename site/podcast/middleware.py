"""Answers warm feed requests before sessions, locale, CSRF, authentication and routing.

Podcast apps poll feeds all day long; placed right after WhiteNoise, a feed this process
already serves costs about what a static file does, plus one primary-key query (the show's
current version, see podcast.cache): no session, user or cache read. Anything it cannot
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
