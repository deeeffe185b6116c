"""Staff side of the platform: validating and suspending organisations and people."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .admin_views import steering_committee
from .models import Membership, Need, NeedReport, Organisation
from .staff import for_staff, staff_departments


class DepartmentScopedMixin:
    """Edit and delete views of a snippet whose department is `department_field`: another
    department's object is refused even by its direct address (PermissionDenied, which
    Wagtail answers with a redirect to the dashboard and its « pas la permission » message),
    and an antenna cannot move an organisation out of its departments."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        field = self.department_field
        if not for_staff(self.request.user, type(instance).objects.filter(pk=instance.pk), field):
            raise PermissionDenied
        return instance

    def is_valid(self, form):
        """Wagtail's place for checks beyond the form's own."""
        if not super().is_valid(form):
            return False
        departments = staff_departments(self.request.user)
        if (
            departments is None
            or "department" not in form.fields
            or form.cleaned_data["department"] in departments
        ):
            return True
        form.add_error(
            "department",
            "Ce département n'est pas celui de votre antenne : demandez à l'équipe "
            "régionale de transférer l'organisation.",
        )
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return False


def scoped_views(department_field):
    """Edit and delete view classes limited to the staff member's departments."""
    attributes = {"department_field": department_field}
    return (
        type("ScopedEditView", (DepartmentScopedMixin, EditView), attributes),
        type("ScopedDeleteView", (DepartmentScopedMixin, DeleteView), attributes),
    )


class OrganisationViewSet(SnippetViewSet):
    """An antenna's staff validate and suspend the organisations of their department only."""

    model = Organisation
    edit_view_class, delete_view_class = scoped_views("department")
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "kind", "department", "status", "created_at"]
    list_filter = ["status", "kind", "department"]
    search_fields = ["name", "siren"]
    ordering = ["status", "name"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note")],
            heading="Validation par l'équipe",
            help_text="Vérifiez l'adhésion (PME) ou le partenariat (grand compte) avant de "
            "valider : l'organisation n'a accès à la plateforme qu'une fois validée.",
        ),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("siren"),
        FieldPanel("naf_codes"),
        FieldPanel("categories"),
        FieldPanel("department"),
        FieldPanel("size_band"),
        FieldPanel("description"),
        FieldPanel("references"),
        FieldPanel("in_directory"),
    ]

    def get_queryset(self, request):
        return for_staff(request.user, Organisation.objects.all())


class MembershipViewSet(SnippetViewSet):
    model = Membership
    edit_view_class, delete_view_class = scoped_views("organisation__department")
    icon = "user"
    menu_label = "Membres"
    list_display = ["full_name", "organisation", "is_admin", "suspended"]
    list_filter = ["suspended", "is_admin"]
    search_fields = ["full_name"]
    panels = [
        FieldPanel("suspended"),
        FieldPanel("is_admin"),
        FieldPanel("full_name"),
        FieldPanel("job_title"),
    ]

    def get_queryset(self, request):
        return for_staff(request.user, Membership.objects.all(), "organisation__department")


class NeedViewSet(SnippetViewSet):
    """Moderation: staff hide a need (it stays visible to its author only)."""

    model = Need
    icon = "doc-full"
    menu_label = "Besoins"
    list_display = ["title", "organisation", "axis", "status", "hidden", "published_at"]
    list_filter = ["hidden", "status", "axis"]
    search_fields = ["title"]
    panels = [FieldPanel("hidden"), FieldPanel("status")]


class NeedReportViewSet(SnippetViewSet):
    """The moderation queue: reports of needs by members, oldest unresolved first."""

    model = NeedReport
    icon = "warning"
    menu_label = "Signalements"
    list_display = ["need", "reporter", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "created_at"]
    panels = [FieldPanel("resolved")]


class PlatformGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet, NeedViewSet, NeedReportViewSet)
    menu_icon = "group"
    menu_label = "Pacte Occitan"
    menu_name = "pacte"
    menu_order = 250


register_snippet(PlatformGroup)


class CommitteeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.view_organisation")


@hooks.register("register_admin_urls")
def committee_urls():
    return [path("pacte/comite/", steering_committee, name="members_committee")]


@hooks.register("register_reports_menu_item")
def committee_menu_item():
    return CommitteeMenuItem(
        "Comité de pilotage du Pacte",
        reverse("members_committee"),
        icon_name="table",
        order=900,
    )
