"""The dashboard panel of the podcast: where the next episode stands."""

from wagtail.admin.ui.components import Component

from core.admin_access import editable_pages

from .models import EpisodePage


class NextEpisodePanel(Component):
    """Where the next Cash PME episode stands, and when the last one went out."""

    order = 160
    template_name = "podcast/admin/next_episode_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = editable_pages(parent_context["request"].user)
        episodes = EpisodePage.objects.filter(pk__in=pages.values("pk"))
        context["next_episode"] = (
            episodes.filter(live=False).order_by("-latest_revision_created_at").first()
        )
        context["last_episode"] = (
            episodes.live().exclude(first_published_at=None).order_by("-first_published_at").first()
        )
        return context
