from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from positions.models import PositionPage

from .admin_views import may_resend, resend_alert
from .models import Subscriber


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """Consent comes from the person, never from the admin: staff may list, inspect and
    delete (a request for erasure), not add or edit."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Subscriber, SubscriberPermissionPolicy(Subscriber))


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "press_subscribers"
    icon = "mail"
    menu_label = "Abonnés presse"
    menu_order = 240
    add_to_admin_menu = True
    inspect_view_enabled = True
    form_fields = []  # never shown: the policy refuses "add" and "change"
    list_display = ["email", "all_themes", "consented_at", "unsubscribed_at"]
    list_filter = ["all_themes", "themes"]
    search_fields = ["email"]
    inspect_view_fields = [
        "email",
        "all_themes",
        "themes",
        "consented_at",
        "consent_text",
        "themes_changed_at",
        "unsubscribed_at",
    ]


@hooks.register("register_admin_viewset")
def register_subscribers():
    return SubscriberViewSet()


@hooks.register("register_admin_urls")
def resend_url():
    return [path("alertes-presse/renvoyer/<int:page_id>/", resend_alert, name="press_resend")]


def resend_button(page, user, priority):
    if issubclass(page.specific_class, PositionPage) and may_resend(page, user):
        yield Button(
            "Renvoyer l'alerte presse",
            url=reverse("press_resend", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def resend_in_listing(page, user, next_url=None):
    yield from resend_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def resend_in_header(page, user, view_name, next_url=None):
    yield from resend_button(page, user, priority=62)
