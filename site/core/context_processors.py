from .cache import request_content_version


def site_cache(request):
    """The content version cached fragments are keyed on (see core.cache)."""
    return {"content_version": request_content_version(request)}
