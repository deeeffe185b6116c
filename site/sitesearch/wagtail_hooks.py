from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import search_report


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("recherches/", search_report, name="sitesearch_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return MenuItem(
        "Recherches du site",
        reverse("sitesearch_report"),
        name="site-searches",
        icon_name="search",
        order=660,
    )


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms_report(request, menu_items):
    """Wagtail's « Termes de recherche » counts `Query.add_hit` calls, which this site does not
    make: « Recherches du site » keeps the result count too (queries that find nothing) and
    is purged. Wagtail's report would stay empty beside it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
