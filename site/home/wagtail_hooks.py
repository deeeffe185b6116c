from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_access import visible_in_admin_lists
from .models import Antenna
from .panels import NextEpisodePanel, ScheduledPublicationsPanel


class AntennaViewSet(SnippetViewSet):
    model = Antenna
    icon = "site"
    menu_label = "Antennes"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["department_code", "name", "city", "email", "phone"]
    list_filter = ["department_code"]
    search_fields = ["name", "city"]
    ordering = ["department_code"]


register_snippet(AntennaViewSet)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend([ScheduledPublicationsPanel(), NextEpisodePanel()])


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_titles_from_the_page_chooser(pages, request):
    """The chooser lists draft titles: only pages the user edits, or published as they are."""
    return visible_in_admin_lists(pages, request.user)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Only Wagtail's serve view runs this hook (previews do not): what it answers may be
    kept by home.page_cache for anonymous visitors."""
    request.serves_published_page = True
