"""Theme badges link to the theme's page: `{% theme_url theme as url %}`."""

from django import template

register = template.Library()


def theme_index_url(request):
    """The URL of the live, public « Nos sujets » index for this request's site, or "".

    The index is read with the header's and footer's pages (home.navigation, one query per
    request), then the URL is kept on the request: every badge of a page costs no query.
    """
    if request is None:
        return ""
    if not hasattr(request, "_theme_index_url"):
        from home.models import SiteNavigation
        from home.navigation import theme_index

        index = theme_index(SiteNavigation.for_request(request), request)
        request._theme_index_url = (index.get_url(request) or "") if index else ""
    return request._theme_index_url


@register.simple_tag(takes_context=True)
def theme_url(context, theme):
    base = theme_index_url(context.get("request"))
    return f"{base}{theme.slug}/" if base else ""
