"""Staff moderation of a rating in the Wagtail admin: publish, or refuse with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from . import ratings
from .forms import ModerationForm
from .models import Rating


def moderate(request, pk):
    if not request.user.has_perm("advisor.change_rating"):
        raise PermissionDenied
    rating = get_object_or_404(
        Rating.objects.select_related("organisation", "resource", "author"), pk=pk
    )
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratings.decide(
            rating, form.cleaned_data["action"], form.cleaned_data["reason"], request.user
        )
        messages.success(request, "La décision est enregistrée.")
        return redirect("wagtailsnippets_advisor_rating:list")
    return render(
        request,
        "advisor/admin/moderate.html",
        {
            "rating": rating,
            "form": form,
            "reports": rating.reports.select_related("reporter"),
            "versions": rating.versions.all(),
            "decisions": rating.decisions.select_related("decided_by"),
        },
        status=400 if form.errors else 200,
    )
