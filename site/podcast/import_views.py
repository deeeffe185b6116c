"""« Importer un flux » in the admin: the dry run first, then the import (podcast.importer)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from .audio import AudioRejected
from .forms import FeedImportForm
from .importer import ImportFailure, fetch_text, run_import


def import_feed(request):
    """GET: the form. POST with « Simuler »: the report, nothing written. POST with
    « Importer »: the import and its report. Only those who may publish pages may import."""
    if not request.user.has_perm("wagtailcore.publish_page") and not request.user.is_superuser:
        raise PermissionDenied
    form = FeedImportForm(request.POST or None)
    context = {"form": form, "outcomes": None, "error": ""}
    if request.method == "POST" and form.is_valid():
        apply = "apply" in request.POST
        try:
            content = fetch_text(form.cleaned_data["url"], max_bytes=50 * 1024 * 1024)
            context["outcomes"] = run_import(form.cleaned_data["show"], content, apply=apply)
        except (ImportFailure, AudioRejected) as error:
            context["error"] = str(error)
        context["applied"] = apply
    status = 400 if request.method == "POST" and (form.errors or context["error"]) else 200
    return TemplateResponse(request, "podcast/admin/import_feed.html", context, status=status)
