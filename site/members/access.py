"""Who may use the platform: one check, run by every member view on every request.

The membership and its organisation are read afresh on each request (one query), so a
suspension or a validation by staff takes effect at the next click, whatever session the
person holds.
"""

from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from .models import Membership, OrganisationStatus

LOGIN_URL = reverse_lazy("account_login")


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organisation").filter(user=user).first()


def refuse_suspended(request):
    logout(request)
    return render(request, "members/suspended.html", status=403)


def member_required(view=None, *, admin=False):
    """The view runs for a person of a validated organisation (its admin if `admin`), with
    `request.membership` set; everyone else is sent where they belong."""

    def decorate(view):
        @login_required(login_url=LOGIN_URL)
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = membership_of(request.user)
            if membership is None:
                return redirect("members:create_organisation")
            if membership.suspended or (
                membership.organisation.status == OrganisationStatus.SUSPENDED
            ):
                return refuse_suspended(request)
            if membership.organisation.status != OrganisationStatus.VALIDATED:
                return render(
                    request, "members/waiting.html", {"membership": membership}, status=403
                )
            if admin and not membership.is_admin:
                return render(
                    request,
                    "members/forbidden.html",
                    {"message": "Seul l'administrateur de votre organisation peut faire cela."},
                    status=403,
                )
            request.membership = membership
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view else decorate
