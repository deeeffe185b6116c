"""The steering committee view in the Wagtail admin (staff who may see organisations)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from . import committee


def steering_committee(request):
    if not request.user.has_perm("members.view_organisation"):
        raise PermissionDenied
    rows = committee.monthly_rows()
    if request.GET.get("format") == "csv":
        response = HttpResponse(committee.csv_text(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="comite-de-pilotage.csv"'
        return response
    needs_chart, won_chart = committee.charts(rows)
    return render(
        request,
        "members/admin/committee.html",
        {
            "rows": rows,
            "columns": committee.COLUMNS,
            "scorecard": committee.scorecard(),
            "needs_chart": needs_chart,
            "won_chart": won_chart,
        },
    )
