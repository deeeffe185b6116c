"""The header's menu and the footer's links, read from the SiteNavigation setting.

Editors choose pages in the setting; a visitor sees only what is live and public today (a
page unpublished or made private after it was chosen simply drops out). Every page the
header and the footer may link is read in one query per request (`navigation_pages`): the
chosen pages, the top-level pages marked "show in menus" (the menu before editors set it
up), the antennas directory (the footer's antenna links) and the themes index (« Nos
sujets »: theme badges link to it).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Site

from antennas.models import AntennaIndexPage
from core.pages import site_pages


@dataclass
class MenuEntry:
    label: str
    url: str = ""
    description: str = ""
    current: bool = False  # this very page: aria-current="page"
    active: bool = False  # the section the current page belongs to
    children: list["MenuEntry"] = field(default_factory=list)
    key: str = ""


def _raw_links(items):
    """A ListBlock's raw items ({"type": "item", "value": …} since Wagtail 2.16, or bare)."""
    return [item["value"] if "type" in item and "value" in item else item for item in items]


def _raw_stream(stream):
    """The stream's stored JSON: page ids and labels without loading each chosen page (the
    chooser block would fetch them, and they are fetched again to keep the public ones)."""
    return [(block["type"], block["value"]) for block in stream.raw_data]


def _chosen_ids(navigation):
    if navigation is None:
        return set()
    ids = {
        navigation.join_page_id,
        navigation.legal_notice_page_id,
        navigation.privacy_page_id,
        navigation.accessibility_page_id,
    }
    for block_type, value in _raw_stream(navigation.main_menu):
        if block_type == "group":
            ids.update(link.get("page") for link in _raw_links(value.get("links", [])))
        else:
            ids.add(value.get("page"))
    ids.update(value.get("page") for _type, value in _raw_stream(navigation.footer_links))
    return ids - {None}


def navigation_pages(navigation, request) -> dict:
    """{pk: page} of every live, public page the header and footer may link; one query,
    read once per request (the menu and the footer are two cached fragments)."""
    pages = getattr(request, "_navigation_pages", None)
    if pages is not None:
        return pages
    site = Site.find_for_request(request)
    condition = Q(pk__in=_chosen_ids(navigation)) | Q(
        content_type__in=[ContentType.objects.get_for_model(model) for model in _directories()]
    )
    if site is not None:
        root = site.root_page
        condition |= Q(show_in_menus=True, depth=root.depth + 1, path__startswith=root.path)
    pages = {page.pk: page for page in site_pages().filter(condition).live().public()}
    request._navigation_pages = pages
    return pages


def _directories():
    from themes.models import ThemeIndexPage

    return (AntennaIndexPage, ThemeIndexPage)


def _first_of_type(navigation, request, model):
    pages = navigation_pages(navigation, request).values()
    page_type = ContentType.objects.get_for_model(model)
    return next((page for page in pages if page.content_type_id == page_type.pk), None)


def antenna_directory(navigation, request):
    return _first_of_type(navigation, request, AntennaIndexPage)


def theme_index(navigation, request):
    """The live, public « Nos sujets » index, or None."""
    from themes.models import ThemeIndexPage

    return _first_of_type(navigation, request, ThemeIndexPage)


def _entry(page, label, description, request, current):
    is_current = current is not None and current.pk == page.pk
    in_section = (
        current is not None
        and not is_current
        and page.depth > 2
        and current.url_path.startswith(page.url_path)
    )
    return MenuEntry(
        label=label or page.title,
        url=page.get_url(request),
        description=description or "",
        current=is_current,
        active=in_section,
    )


def main_menu_entries(navigation, request, current=None) -> list[MenuEntry]:
    pages = navigation_pages(navigation, request)
    raw_menu = _raw_stream(navigation.main_menu) if navigation else []
    if not raw_menu:
        return _fallback_entries(navigation, pages, request, current)
    entries = []
    for index, (block_type, value) in enumerate(raw_menu):
        if block_type == "group":
            children = [
                _entry(pages[link["page"]], link.get("label"), link.get("description"), request,
                       current)
                for link in _raw_links(value.get("links", []))
                if link.get("page") in pages
            ]  # fmt: skip
            if children:
                entries.append(
                    MenuEntry(
                        label=value.get("label", ""),
                        children=children,
                        active=any(child.current or child.active for child in children),
                        key=f"menu-groupe-{index}",
                    )
                )
        elif value.get("page") in pages:
            entries.append(_entry(pages[value["page"]], value.get("label"), "", request, current))
    return entries


def _fallback_entries(navigation, pages, request, current):
    """Before the menu is set up: the top-level pages marked "show in menus", in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    join_id = navigation.join_page_id if navigation else None
    top_level = sorted(
        (
            page
            for page in pages.values()
            if page.show_in_menus and page.depth == site.root_page.depth + 1
            and page.path.startswith(site.root_page.path) and page.pk != join_id
        ),
        key=lambda page: page.path,
    )  # fmt: skip
    return [_entry(page, "", "", request, current) for page in top_level]


def join_link(navigation, request, current=None):
    """The "Adhérer" button's target, when the chosen page is live and public."""
    if navigation is None or not navigation.join_page_id:
        return None
    page = navigation_pages(navigation, request).get(navigation.join_page_id)
    return _entry(page, "Adhérer", "", request, current) if page else None


def footer_entries(navigation, request) -> dict:
    """The footer's links, the legal pages and the join page, as URLs."""
    if navigation is None:
        return {"links": [], "legal": {}, "join": None}
    pages = navigation_pages(navigation, request)
    links = [
        _entry(pages[value["page"]], value.get("label"), "", request, None)
        for _type, value in _raw_stream(navigation.footer_links)
        if value.get("page") in pages
    ]
    legal_ids = {
        "legal_notice": navigation.legal_notice_page_id,
        "privacy": navigation.privacy_page_id,
        "accessibility": navigation.accessibility_page_id,
    }
    legal = {name: pages[pk].get_url(request) for name, pk in legal_ids.items() if pk in pages}
    join = pages.get(navigation.join_page_id)
    return {"links": links, "legal": legal, "join": join.get_url(request) if join else None}
