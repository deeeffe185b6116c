"""Admin views of our own: staff run a failed background job again; moderators are told
what their approval from the dashboard did."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.workflow import WorkflowActionView

from .models import BackgroundJob, JobStatus
from .tasks import retry_now


@require_POST
def retry_job(request, pk):
    """« Relancer »: a dead letter (or a job stuck « en cours ») gets a fresh set of attempts."""
    if not request.user.has_perm("core.change_backgroundjob"):
        raise PermissionDenied
    job = get_object_or_404(BackgroundJob, pk=pk)
    if job.status == JobStatus.DONE:
        messages.warning(request, "Cette tâche est déjà terminée : rien à relancer.")
    else:
        retry_now(job)
        messages.success(request, f"La tâche « {job.key} » est relancée.")
    return redirect("background_jobs:inspect", pk)


class ConfirmedWorkflowActionView(WorkflowActionView):
    """Approve or reject from the dashboard's « En attente de votre relecture » panel.

    Wagtail performs the action and reloads the dashboard without a word; the moderator
    could not tell whether the page went live. Same view, plus a message saying what
    happened to the page (only when the action did happen: an invalid comment form leaves
    the task as it was and says nothing).
    """

    def post(self, request, *args, **kwargs):
        status_before = self.task_state.status
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != status_before:
            messages.success(request, workflow_outcome(self.object.specific_deferred))
        return response


def workflow_outcome(page) -> str:
    """One French sentence on where a page stands once a moderator acted on it."""
    page.refresh_from_db()
    title = page.get_admin_display_title()
    state = page.current_workflow_state
    if state and state.status == state.STATUS_NEEDS_CHANGES:
        return f"« {title} » est renvoyée pour modification, avec votre commentaire."
    if state:
        return f"« {title} » est approuvée à cette étape ; la relecture continue."
    revision = page.scheduled_revision
    if revision:
        when = date_format(timezone.localtime(revision.approved_go_live_at), "j F Y à H:i")
        return f"« {title} » est approuvée ; sa mise en ligne est programmée le {when}."
    if page.live and not page.has_unpublished_changes:
        return f"« {title} » est approuvée et publiée."
    return f"« {title} » est approuvée."


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """« Guide de la rédaction », from the admin's help menu: the site's own gestures, next to
    Wagtail's user guide. Its links are followed by tests/core/test_editor_guide.py."""

    template_name = "core/admin/editor_guide.html"
    page_title = "Guide de la rédaction"
    header_icon = "help"
