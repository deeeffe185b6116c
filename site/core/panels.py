"""Admin dashboard panels: what the communication team must see first each morning."""

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision

from .admin_access import editable_pages


class ScheduledPublicationsPanel(Component):
    """The embargo calendar: every page revision waiting for its go-live date."""

    order = 150
    template_name = "core/admin/scheduled_publications_panel.html"

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
