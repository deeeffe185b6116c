from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .documents import document_is_embargoed
from .models import PressContact, Spokesperson, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SpokespersonViewSet(SnippetViewSet):
    model = Spokesperson
    icon = "user"
    menu_label = "Porte-parole"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "role", "email", "phone"]
    search_fields = ["name", "role"]


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "mail"
    menu_label = "Contacts presse"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", "role", "email", "phone"]
    search_fields = ["name", "role"]


register_snippet(ThemeViewSet)
register_snippet(SpokespersonViewSet)
register_snippet(PressContactViewSet)


@hooks.register("before_serve_document")
def keep_embargoed_pdfs_private(document, request):
    """A position's PDF is released with the position; admin users can still check it."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if document_is_embargoed(document):
        raise Http404("Ce document n'est pas encore publié.")
    return None
