"""Staff side of the platform: validating and suspending organisations and people."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from core.admin_access import StaffChooserViewSet

from . import consortium, organisations
from .admin_views import RevocableIndexView, RevokeView, steering_committee
from .models import (
    ACTIVE_PARTNER_STATUSES,
    Invitation,
    Membership,
    Need,
    NeedReport,
    Organisation,
    PartnerInvitation,
)
from .staff import for_staff, staff_departments


class DepartmentScopedMixin:
    """Views of one snippet whose department is `department_field` (or any of several, for
    an object between organisations): another department's object is refused even by its
    direct address (PermissionDenied, which Wagtail answers with a redirect to the dashboard
    and its « pas la permission » message), and an antenna cannot move an organisation out
    of its departments."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        fields = self.department_field
        fields = (fields,) if isinstance(fields, str) else fields
        scoped = for_staff(
            self.request.user, type(instance).objects.filter(pk=instance.pk), *fields
        )
        if not scoped.exists():
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
    chooser_viewset_class = StaffChooserViewSet
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
    chooser_viewset_class = StaffChooserViewSet
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
    chooser_viewset_class = StaffChooserViewSet
    icon = "doc-full"
    menu_label = "Besoins"
    list_display = ["title", "organisation", "axis", "status", "hidden", "published_at"]
    list_filter = ["hidden", "status", "axis"]
    search_fields = ["title"]
    panels = [FieldPanel("hidden"), FieldPanel("status")]


class NeedReportViewSet(SnippetViewSet):
    """The moderation queue: reports of needs by members, oldest unresolved first."""

    model = NeedReport
    chooser_viewset_class = StaffChooserViewSet
    icon = "warning"
    menu_label = "Signalements"
    list_display = ["need", "reporter", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "created_at"]
    panels = [FieldPanel("resolved")]


class RevokeOnlyPolicy(ModelPermissionPolicy):
    """Invitations are the members' own: staff read them (`view`) and revoke them (Django's
    `change` permission of the model), but create, edit or delete none in the admin."""

    NEVER = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.NEVER:
            return False
        return super().user_has_permission(user, "change" if action == "revoke" else action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [
                "change" if action == "revoke" else action
                for action in actions
                if action not in self.NEVER
            ]
        )


register_permission_policy(Invitation, RevokeOnlyPolicy(Invitation))
register_permission_policy(PartnerInvitation, RevokeOnlyPolicy(PartnerInvitation))


class InvitationViewSetMixin:
    """Read-mostly listing of invitations, scoped to the staff member's departments like the
    organisations, with a « Révoquer » action (`admin_views.RevokeView`) on those still
    usable. No add, edit or delete view is reachable (`RevokeOnlyPolicy`)."""

    chooser_viewset_class = StaffChooserViewSet

    inspect_view_enabled = True
    copy_view_enabled = False
    department_fields: tuple = ()
    revoke_confirmation = ""

    def revoke(self, instance, user):
        raise NotImplementedError

    def is_revocable(self, instance) -> bool:
        raise NotImplementedError

    def scoped(self, view_class, **attributes):
        return type(
            f"Scoped{view_class.__name__}",
            (DepartmentScopedMixin, view_class),
            {"department_field": self.department_fields, **attributes},
        )

    index_view_class = RevocableIndexView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"), is_revocable=self.is_revocable, **kwargs
        )

    @property
    def inspect_view_class(self):
        return self.scoped(InspectView)

    @property
    def history_view_class(self):
        # Wagtail asks for a right to edit; here reading is enough to see who revoked what.
        return self.scoped(HistoryView, any_permission_required=["view"])

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename__regex=r"^(view|change)_")

    def get_urlpatterns(self):
        revoke = self.scoped(RevokeView).as_view(
            model=self.model,
            revoke=self.revoke,
            is_revocable=self.is_revocable,
            confirmation_message=self.revoke_confirmation,
            index_url_name=self.get_url_name("list"),
            header_icon=self.icon,
        )
        return [*super().get_urlpatterns(), path("revoke/<int:pk>/", revoke, name="revoke")]


class InvitationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="État", choices=organisations.InvitationState.choices)

    class Meta:
        model = Invitation
        fields = ["organisation__department"]


class InvitationViewSet(InvitationViewSetMixin, SnippetViewSet):
    """Colleague invitations sent by organisations' admins."""

    model = Invitation
    icon = "mail"
    menu_label = "Invitations de collègues"
    department_fields = ("organisation__department",)
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        Column("state", label="État", accessor=organisations.state_label),
    ]
    filterset_class = InvitationFilterSet
    search_fields = ["email", "organisation__name"]
    ordering = ["-created_at"]
    # Never the token: the link is a bearer credential.
    inspect_view_fields = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "accepted_at",
        "revoked_at",
        "revoked_by",
    ]
    revoke_confirmation = (
        "Le lien envoyé par e-mail ne fonctionnera plus ; un administrateur de l'organisation "
        "pourra inviter l'adresse à nouveau."
    )

    def get_queryset(self, request):
        return organisations.with_state(
            for_staff(request.user, Invitation.objects.all(), *self.department_fields)
        ).select_related("organisation", "invited_by")

    def is_revocable(self, instance):
        return instance.accepted_at is None and instance.revoked_at is None

    def revoke(self, instance, user):
        try:
            organisations.revoke(instance, user)
        except organisations.RevokeError as error:
            raise RevokeView.Refused(str(error)) from error


class PartnerInvitationViewSet(InvitationViewSetMixin, SnippetViewSet):
    """Invitations to joint responses, seen by the antennas of either organisation."""

    model = PartnerInvitation
    icon = "group"
    menu_label = "Invitations aux réponses communes"
    department_fields = ("organisation__department", "response__organisation__department")
    list_display = ["organisation", "response", "status", "invited_at", "answered_at"]
    list_filter = ["status", "organisation__department"]
    search_fields = ["organisation__name", "response__organisation__name", "response__need__title"]
    ordering = ["-invited_at"]
    inspect_view_fields = [
        "organisation",
        "response",
        "status",
        "invited_by",
        "invited_at",
        "answered_by",
        "answered_at",
    ]
    revoke_confirmation = (
        "L'organisation invitée ne lira plus la réponse, l'acheteur ne la verra plus nommée et "
        "l'entreprise qui répond ne pourra plus l'inviter à cette réponse."
    )

    def get_queryset(self, request):
        return for_staff(
            request.user, PartnerInvitation.objects.all(), *self.department_fields
        ).select_related("organisation", "response__organisation", "response__need")

    def is_revocable(self, instance):
        return instance.status in ACTIVE_PARTNER_STATUSES

    def revoke(self, instance, user):
        try:
            consortium.revoke(instance)
        except consortium.RevokeError as error:
            raise RevokeView.Refused(str(error)) from error


class PlatformGroup(SnippetViewSetGroup):
    items = (
        OrganisationViewSet,
        MembershipViewSet,
        InvitationViewSet,
        PartnerInvitationViewSet,
        NeedViewSet,
        NeedReportViewSet,
    )
    menu_icon = "group"
    menu_label = "Pacte Occitan"
    menu_name = "pacte"
    menu_order = 250


register_snippet(PlatformGroup)


class CommitteeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.view_organisation")


@hooks.register("register_log_actions")
def revocation_log_action(actions):
    actions.register_action("members.revoke", "Révocation", "Invitation révoquée par l'équipe")


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
