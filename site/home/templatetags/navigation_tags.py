"""The header's menu and the footer, from the SiteNavigation setting."""

from django import template
from wagtail.models import Site

from antennas.models import Antenna
from home.models import SiteNavigation
from home.navigation import antenna_directory, footer_entries, join_link, main_menu_entries

register = template.Library()


def _navigation(request):
    """The setting, read once per request (menu and footer share it)."""
    if Site.find_for_request(request) is None:
        return None
    return SiteNavigation.for_request(request)


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The header's menu (SiteNavigation), the "Adhérer" button and the search form."""
    request = context["request"]
    navigation = _navigation(request)
    return {
        "entries": main_menu_entries(navigation, request, context.get("page")),
        "join": join_link(navigation, request, context.get("page")),
    }


@register.simple_tag(takes_context=True)
def footer_navigation(context):
    """The footer's links, legal pages and join page: `{% footer_navigation as footer %}`."""
    request = context["request"]
    navigation = _navigation(request)
    status = navigation.get_accessibility_status_display() if navigation else ""
    return {**footer_entries(navigation, request), "accessibility_status": status}


@register.inclusion_tag("components/footer_antennas.html", takes_context=True)
def footer_antennas(context):
    """The antennas, each a link to its card in the directory (cached with the footer)."""
    request = context.get("request")
    directory = antenna_directory(_navigation(request), request)
    return {
        "antennas": Antenna.listed(request),
        "antenna_index_url": directory.get_url(request) if directory else "",
    }
