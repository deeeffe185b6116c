"""Wagtail's own admin reports, with the site's CSV formula guard (core.spreadsheets).

Their CSV exports write page titles, usernames and log messages as they are: an editor who
titles a page =HYPERLINK(…) would plant a formula in the sheet of whoever exports the site
history. The same views, guarded, answer at the same URLs (config.urls puts these first,
with no names of their own: Wagtail's names reverse to these paths), with the decorators
Wagtail's admin URLs get.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .spreadsheets import FormulaGuardedExportMixin

REPORTS = {
    "locked/": LockedPagesView,
    "workflow/": WorkflowView,
    "workflow_tasks/": WorkflowTasksView,
    "site-history/": LogEntriesView,
    "aging-pages/": AgingPagesView,
    "page-types-usage/": PageTypesUsageReportView,
}


def _guarded(view_class):
    return type(f"Guarded{view_class.__name__}", (FormulaGuardedExportMixin, view_class), {})


def _patterns():
    for route, view_class in REPORTS.items():
        guarded = _guarded(view_class)
        yield path(route, guarded.as_view())
        yield path(f"{route}results/", guarded.as_view(results_only=True))


urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(list(_patterns()), require_admin_access), never_cache
)
