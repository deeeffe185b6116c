from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Body, Mandate, Representative
from .views import IMPORT_PERMISSIONS, ImportView, import_template_download


class BodyViewSet(SnippetViewSet):
    model = Body
    icon = "group"
    menu_label = "Instances"
    list_display = ["name", "kind", "level", "department_code"]
    list_filter = ["kind", "level", "department_code"]
    search_fields = ["name"]


class RepresentativeViewSet(SnippetViewSet):
    model = Representative
    icon = "user"
    menu_label = "Mandataires"
    list_display = ["name", "company", "department_code", "public_consent"]
    list_filter = ["public_consent", "department_code"]
    search_fields = ["name", "company"]


class MandateViewSet(SnippetViewSet):
    model = Mandate
    icon = "date"
    menu_label = "Mandats"
    list_display = ["representative", "body", "role", "start_date", "end_date"]
    list_filter = ["role", "body__kind"]
    ordering = ["body__name", "representative__name"]

    def get_queryset(self, request):
        return Mandate.objects.select_related("representative", "body")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(IMPORT_PERMISSIONS)


class InfluenceGroup(SnippetViewSetGroup):
    menu_label = "Influence"
    menu_icon = "group"
    menu_order = 220
    items = (BodyViewSet, RepresentativeViewSet, MandateViewSet)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            ImportMenuItem(
                "Importer un CSV", reverse_lazy("influence_import"), icon_name="upload", order=10
            ),
        ]


register_snippet(InfluenceGroup)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("influence/import/", ImportView.as_view(), name="influence_import"),
        path(
            "influence/import/modele.csv",
            import_template_download,
            name="influence_import_template",
        ),
    ]
