from django import template
from wagtail.models import Site

from home.models import Antenna

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages flagged "show in menus", in the order editors gave them in the tree."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = site.root_page.get_children().live().public().in_menu() if site else []
    return {"items": items, "current": current, "home": site.root_page if site else None}


@register.inclusion_tag("components/footer_antennas.html")
def footer_antennas():
    return {"antennas": Antenna.objects.only("department_code", "name", "city")}


@register.filter
def thousands(value):
    """French thousands separator (narrow no-break space): 3000 -> "3 000"."""
    return f"{int(value):,}".replace(",", "\u202f")
