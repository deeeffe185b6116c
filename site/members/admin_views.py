"""Staff views in the Wagtail admin: the steering committee (staff who may see
organisations) and the revocation of invitations."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from wagtail.admin import messages
from wagtail.admin.views.generic.base import BaseOperationView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import IndexView

from . import committee, organisations


def steering_committee(request):
    if not request.user.has_perm("members.view_organisation"):
        raise PermissionDenied
    rows = committee.monthly_rows()
    if request.GET.get("format") == "csv":
        response = HttpResponse(committee.csv_text(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="comite-de-pilotage.csv"'
        return response
    needs_chart, won_chart = committee.charts(rows)
    return render(
        request,
        "members/admin/committee.html",
        {
            "rows": rows,
            "columns": committee.COLUMNS,
            "scorecard": committee.scorecard(),
            "needs_chart": needs_chart,
            "won_chart": won_chart,
        },
    )


class RevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseOperationView):
    """Staff revoke an invitation (a colleague's, or a partner's to a joint response): a
    confirmation page, then the POST, logged in the object's history. The viewset gives the
    model, the `revoke(instance, user)` function and whether an instance `is_revocable`; it
    scopes the object to the staff member's departments (`DepartmentScopedMixin`)."""

    class Refused(Exception):
        """The French reason the invitation cannot be revoked (already answered…)."""

    permission_required = "revoke"
    template_name = "members/admin/revoke.html"
    page_title = "Révoquer l'invitation"
    revoke = None
    is_revocable = None
    confirmation_message = ""
    index_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_success_url(self):
        return self.next_url or reverse(self.index_url_name)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(
                revocable=self.is_revocable(self.object),
                status=self.object_status(),
                index_url=self.get_success_url(),
            )
        )

    def object_status(self):
        if hasattr(self.object, "get_status_display"):
            return self.object.get_status_display()
        state = organisations.with_state(type(self.object).objects.filter(pk=self.object.pk))
        return organisations.state_label(state.get())

    def log_title(self):
        return f"{capfirst(self.object._meta.verbose_name)} n° {self.object.pk}"

    def post(self, request, *args, **kwargs):
        try:
            self.revoke(self.object, request.user)
        except self.Refused as error:
            messages.error(request, str(error))
            return redirect(self.get_success_url())
        # Logged under its number, not its address or need: Wagtail's « Historique du site »
        # lists every entry of the model to whoever may see one, whatever its department.
        log(self.object, "members.revoke", user=request.user, title=self.log_title())
        messages.success(request, f"L'invitation « {self.object} » est révoquée.")
        return redirect(self.get_success_url())


class RevocableIndexView(IndexView):
    """A snippet listing with « Révoquer » on each row still revocable, for staff who may."""

    revoke_url_name = None
    is_revocable = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.is_revocable(instance) and self.user_has_permission("revoke"):
            buttons.append(
                ListingButton(
                    "Révoquer",
                    url=reverse(self.revoke_url_name, args=[instance.pk]),
                    icon_name="cross",
                    priority=5,
                )
            )
        return buttons
