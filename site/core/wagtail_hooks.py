from django.http import Http404
from django.shortcuts import get_list_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_access import listed_snippets, visible_in_admin_lists
from .admin_views import ConfirmedWorkflowActionView, EditorGuideView, retry_job
from .file_access import can_read_document, withheld_from
from .models import BackgroundJob, PublicDocument
from .panels import ScheduledPublicationsPanel
from .shared_cache import mark_shareable


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("guide/", EditorGuideView.as_view(), name="editor_guide")]


@hooks.register("register_help_menu_item")
def register_editor_guide_menu_item():
    return MenuItem("Guide de la rédaction", reverse("editor_guide"), icon_name="help", order=1050)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("construct_homepage_panels")
def add_embargo_calendar(request, panels):
    panels.append(ScheduledPublicationsPanel())


class SitePageViewSet(PageViewSet):
    """Wagtail's admin views of pages, except that approving or rejecting from the dashboard
    answers with a message. Registered after Wagtail's own viewset for ``Page``, it takes
    its place for every page type."""

    model = Page
    name = "site_pages"
    workflow_action_view_class = ConfirmedWorkflowActionView


@hooks.register("register_admin_viewset")
def register_site_page_viewset():
    return SitePageViewSet()


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_titles_from_the_page_chooser(pages, request):
    """The chooser lists draft titles: only pages the user edits, or published as they are."""
    return visible_in_admin_lists(pages, request.user)


@hooks.register("before_serve_page")
def share_published_pages(page, request, serve_args, serve_kwargs):
    """Only Wagtail's serve view runs this hook (previews do not): what it answers to an
    anonymous visitor may be kept by the shared HTTP cache (core.shared_cache)."""
    mark_shareable(request)


class JobPermissionPolicy(ModelPermissionPolicy):
    """Jobs are made by the code, never typed in: the admin may list, inspect and delete
    them; running one again is its own view (« Relancer »)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy"):
            return False
        return super().user_has_permission(user, action)


class BackgroundJobViewSet(ModelViewSet):
    """Paramètres › Tâches de fond: the dead letters first, with their last error."""

    model = BackgroundJob
    name = "background_jobs"
    icon = "warning"
    menu_label = "Tâches de fond"
    add_to_settings_menu = True
    inspect_view_enabled = True
    form_fields = []  # never shown: the policy refuses "add" and "change"
    inspect_template_name = "core/admin/job_inspect.html"
    list_display = ["key", "task", "status", "attempts", "next_attempt_at", "updated_at"]
    list_filter = ["status", "task"]
    search_fields = ["key", "last_error"]
    ordering = ["-updated_at"]
    inspect_view_fields = [
        "key",
        "task",
        "arguments",
        "queue_name",
        "status",
        "attempts",
        "max_attempts",
        "next_attempt_at",
        "created_at",
        "finished_at",
        "last_error",
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/relancer/", retry_job, name="retry")]


register_permission_policy(BackgroundJob, JobPermissionPolicy(BackgroundJob))


@hooks.register("register_admin_viewset")
def register_background_jobs():
    return BackgroundJobViewSet()


@hooks.register("register_admin_urls")
def style_guide_url():
    """The living style guide: admin URLs are for logged-in staff only (Wagtail checks it)."""
    from .views import style_guide

    return [path("guide-de-style/", style_guide, name="style_guide")]


@hooks.register("register_admin_menu_item")
def style_guide_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem("Guide de style", reverse("style_guide"), icon_name="doc-full", order=100_000)


@hooks.register("before_serve_document")
def apply_the_document_rule(document, request):
    """Documents are public only once a live, public page uses them or a moderator marked
    them public; see core.file_access. Wagtail's own collection restrictions run before."""
    if not can_read_document(request, document):
        raise Http404("Ce document n'est pas publié.")


def marked_public_document_ids():
    return set(PublicDocument.objects.values_list("document_id", flat=True))


class VisibleDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin's documents API (used by rich-text editors) lists every document to anyone
    with admin access: leave out the files of pages the user does not work on."""

    def get_queryset(self):
        user = self.request.user
        hidden = withheld_from(user, get_document_model(), marked_public_document_ids())
        return super().get_queryset().exclude(pk__in=hidden)


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own "documents" endpoint
def restrict_the_documents_api(router):
    router.register_endpoint("documents", VisibleDocumentsAPIViewSet)


@hooks.register("construct_document_chooser_queryset")
def restrict_the_document_chooser(documents, request):
    hidden = withheld_from(request.user, get_document_model(), marked_public_document_ids())
    return documents.exclude(pk__in=hidden)


class PublicDocumentViewSet(SnippetViewSet):
    """Paramètres › Documents publics: moderators only (migration core 0003)."""

    model = PublicDocument
    icon = "doc-full"
    menu_label = "Documents publics"
    add_to_settings_menu = True
    list_display = ["document", "reason"]


register_snippet(PublicDocumentViewSet)


class ListedSnippetsDeleteBulkAction(DeleteBulkAction):
    """Wagtail's « Supprimer » for selected snippets, over the rows the staff member's listing
    shows (`listed_snippets`). Wagtail's own names every row it is given, `?id=all` included,
    as « vous n'avez pas la permission » to anyone who reaches the admin."""

    def get_queryset(self, model, object_ids):
        return get_list_or_404(listed_snippets(self.request, model), pk__in=object_ids)


# After wagtail.snippets' registration of DeleteBulkAction for the same models: replaces it.
hooks.register("register_bulk_action", ListedSnippetsDeleteBulkAction, order=1)
