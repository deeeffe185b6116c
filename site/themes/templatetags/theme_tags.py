"""Theme badges link to the theme's page: `{% theme_url theme as url %}`."""

from django import template
from django.core.cache import cache
from wagtail.models import Site

from core.cache import request_content_version

register = template.Library()


def theme_index_url(request):
    """The URL of the live, public « Nos sujets » index for this request's site, or "".

    Read once per content version and site (cached), then once per request: every badge of a
    page costs no query.
    """
    if request is None:
        return ""
    if hasattr(request, "_theme_index_url"):
        return request._theme_index_url
    site = Site.find_for_request(request)
    key = f"theme-index-url:{request_content_version(request)}:{site.pk if site else 0}"
    url = cache.get(key)
    if url is None:
        from themes.models import ThemeIndexPage

        index = ThemeIndexPage.objects.live().public().first()
        url = (index.get_url(request) or "") if index else ""
        cache.set(key, url, None)
    request._theme_index_url = url
    return url


@register.simple_tag(takes_context=True)
def theme_url(context, theme):
    base = theme_index_url(context.get("request"))
    return f"{base}{theme.slug}/" if base else ""
