import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from home.models import Antenna
from home.pages import site_pages

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages flagged "show in menus", in the order editors gave them in the tree."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = site_pages().child_of(site.root_page).live().public().in_menu() if site else []
    return {"items": items, "current": current, "home": site.root_page if site else None}


@register.inclusion_tag("components/footer_antennas.html", takes_context=True)
def footer_antennas(context):
    return {"antennas": Antenna.listed(context.get("request"))}


@register.filter
def thousands(value):
    """French thousands separator (narrow no-break space): 3000 -> "3 000"."""
    return f"{int(value):,}".replace(",", "\u202f")


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A JSON-LD block whose content can never close the script element early."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
