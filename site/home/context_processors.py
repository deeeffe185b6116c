from .cache import content_version


def site_cache(request):
    """The content version cached fragments are keyed on (see home.cache)."""
    return {"content_version": content_version()}
