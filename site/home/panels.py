"""Admin dashboard panels: what the communication team must see first each morning."""

from django.apps import apps
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision

from .admin_access import editable_pages


class ScheduledPublicationsPanel(Component):
    """The embargo calendar: every page revision waiting for its go-live date."""

    order = 150
    template_name = "home/admin/scheduled_publications_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = editable_pages(parent_context["request"].user)
        context["revisions"] = (
            Revision.page_revisions.filter(
                approved_go_live_at__gt=timezone.now(),
                object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
            )
            .select_related("user")
            .order_by("approved_go_live_at")[:20]
        )
        return context


class NextEpisodePanel(Component):
    """Where the next Cash PME episode stands, and when the last one went out."""

    order = 160
    template_name = "home/admin/next_episode_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = editable_pages(parent_context["request"].user)
        episode_model = apps.get_model("podcast", "EpisodePage")
        episodes = episode_model.objects.filter(pk__in=pages.values("pk"))
        context["next_episode"] = (
            episodes.filter(live=False).order_by("-latest_revision_created_at").first()
        )
        context["last_episode"] = (
            episodes.live().exclude(first_published_at=None).order_by("-first_published_at").first()
        )
        return context
