"""« Recherches du site » (admin › Rapports): what visitors search, and what finds nothing."""

from django.template.response import TemplateResponse
from wagtail.admin.auth import require_admin_access

from .log import retention_days, top_queries

REPORT_DAYS = 30


@require_admin_access
def search_report(request):
    return TemplateResponse(
        request,
        "sitesearch/admin/report.html",
        {
            "header_title": "Recherches du site",
            "days": REPORT_DAYS,
            "retention_days": retention_days(),
            "top": top_queries(REPORT_DAYS),
            "unanswered": top_queries(REPORT_DAYS, no_result=True),
        },
    )
