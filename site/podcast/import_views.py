"""« Importer un flux » in the admin: the form queues a run (podcast.import_runs), the run's
page follows it and shows its report. Only those who may publish a show may import into it
or read its runs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .forms import FeedImportForm
from .import_runs import RunRefused, importable_shows, may_import, runs_for, start_run

RECENT_RUNS = 20


def import_feed(request):
    """GET: the form and the recent runs. POST « Simuler » or « Importer »: a run is queued
    and the editor is sent to its page (to the run already under way for the same feed and
    show, with a message, rather than a second one)."""
    if not may_import(request.user):
        raise PermissionDenied
    form = FeedImportForm(request.POST or None, shows=importable_shows(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            run = start_run(
                request.user,
                form.cleaned_data["show"],
                form.cleaned_data["url"],
                apply="apply" in request.POST,
            )
        except RunRefused as refusal:
            messages.warning(request, str(refusal))
            return redirect("podcast_import_run", refusal.active.pk)
        return redirect("podcast_import_run", run.pk)
    runs = runs_for(request.user).select_related("show", "user")[:RECENT_RUNS]
    context = {"form": form, "runs": runs}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "podcast/admin/import_feed.html", context, status=status)


def import_run(request, pk):
    """One run: « en attente » / « en cours » (the page reloads itself), then its report; after
    a dry run, the button that imports the same feed into the same show."""
    if not may_import(request.user):
        raise PermissionDenied
    run = get_object_or_404(runs_for(request.user).select_related("show", "user", "job"), pk=pk)
    context = {"run": run, "may_see_jobs": request.user.has_perm("core.view_backgroundjob")}
    return TemplateResponse(request, "podcast/admin/import_run.html", context)
