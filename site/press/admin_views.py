"""« Renvoyer l'alerte presse »: an editor who may publish a live position sends it again.

Publishing a correction sends nothing (the alert of a page goes once); this is the explicit
request for the rare correction subscribers must know about.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from positions.models import PositionPage

from .alerts import resend
from .models import Subscriber


def may_resend(page, user) -> bool:
    return page.live and page.permissions_for_user(user).can_publish()


def resend_alert(request, page_id):
    page = get_object_or_404(PositionPage, pk=page_id)
    if not may_resend(page, request.user):
        raise PermissionDenied
    recipients = Subscriber.objects.following([theme.pk for theme in page.themes.all()]).count()
    if request.method == "POST":
        resend(page)
        messages.success(
            request,
            f"L'alerte presse de « {page.title} » part vers {recipients} abonné(s).",
        )
        return redirect(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    return TemplateResponse(
        request, "press/admin/resend.html", {"page": page, "recipients": recipients}
    )
