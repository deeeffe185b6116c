"""Staff side of the Export Advisor: presences, resources, ratings and their moderation."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_access import StaffChooserViewSet

from .admin_views import moderate
from .models import ModerationDecision, Presence, Rating, RatingReport, Resource


class PresenceViewSet(SnippetViewSet):
    model = Presence
    chooser_viewset_class = StaffChooserViewSet
    icon = "site"
    menu_label = "Présences"
    list_display = ["organisation", "country", "city", "kind", "since"]
    list_filter = ["kind", "country"]
    search_fields = ["city"]
    panels = [
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("kind"),
        FieldPanel("since"),
        FieldPanel("can_host"),
        FieldPanel("hosting_terms"),
    ]


class ResourceViewSet(SnippetViewSet):
    model = Resource
    chooser_viewset_class = StaffChooserViewSet
    icon = "pick"
    menu_label = "Ressources"
    list_display = ["name", "country", "city", "category", "published", "recommended_by"]
    list_filter = ["published", "category", "country"]
    search_fields = ["name", "city"]
    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("published"),
    ]


class RatingViewSet(SnippetViewSet):
    """Ratings: staff publish or refuse them from « Modérer » (a logged decision with its
    reason); here they only enter the rated resource's reply."""

    model = Rating
    chooser_viewset_class = StaffChooserViewSet
    icon = "pick"
    menu_label = "Avis"
    list_display = ["__str__", "status", "updated_at", "moderation_link"]
    list_filter = ["status"]
    ordering = ["status", "-updated_at"]
    panels = [FieldPanel("staff_reply")]


class RatingReportViewSet(SnippetViewSet):
    """The moderation queue: reported ratings, oldest unresolved first."""

    model = RatingReport
    chooser_viewset_class = StaffChooserViewSet
    icon = "warning"
    menu_label = "Signalements d'avis"
    list_display = ["rating", "reporter", "reason", "created_at", "resolved"]
    list_filter = ["resolved"]
    ordering = ["resolved", "created_at"]
    panels = [FieldPanel("resolved")]


class DecisionViewSet(SnippetViewSet):
    model = ModerationDecision
    chooser_viewset_class = StaffChooserViewSet
    icon = "history"
    menu_label = "Journal de modération"
    list_display = ["rating", "action", "reason", "decided_by", "decided_at"]
    list_filter = ["action"]
    panels = []


class AdvisorGroup(SnippetViewSetGroup):
    items = (PresenceViewSet, ResourceViewSet, RatingViewSet, RatingReportViewSet, DecisionViewSet)
    menu_icon = "site"
    menu_label = "Conseiller export"
    menu_name = "conseiller-export"
    menu_order = 260


register_snippet(AdvisorGroup)


@hooks.register("register_admin_urls")
def moderation_urls():
    return [path("conseiller-export/avis/<int:pk>/moderer/", moderate, name="advisor_moderate")]
