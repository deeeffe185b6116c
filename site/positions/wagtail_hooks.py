from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
