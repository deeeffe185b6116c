from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Antenna


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
