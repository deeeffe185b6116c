"""The anonymous search log (see models.SearchQueryLog) and its retention."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from .models import SearchQueryLog


def retention_days() -> int:
    return settings.SEARCH_LOG_RETENTION_DAYS


def log_search(query: str, result_count: int, day=None):
    """Count one search of `query` today, keeping the latest number of results."""
    query = normalise_query_string(query)[:200]
    if not query:
        return
    day = day or timezone.localdate()
    if connection.vendor != "postgresql":
        _count(day, query, result_count)
        return
    with transaction.atomic():
        # The visitor does not wait for the server to flush this count to disk (the costliest
        # statement of a search otherwise: docs/architecture.md, "Site search"); a crash may
        # lose the last fraction of a second of counts, never corrupt them.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        _count(day, query, result_count)


def _count(day, query, result_count):
    updated = SearchQueryLog.objects.filter(day=day, query=query).update(
        hits=F("hits") + 1, results=result_count
    )
    if not updated:
        SearchQueryLog.objects.get_or_create(
            day=day, query=query, defaults={"hits": 1, "results": result_count}
        )


def top_queries(days: int, limit: int = 50, no_result=False):
    """Queries of the last `days` days with their total searches, most searched first."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    rows = SearchQueryLog.objects.filter(day__gte=since)
    if no_result:
        # A query counts as unanswered when its latest search found nothing.
        rows = rows.filter(results=0)
    return list(
        rows.values("query").annotate(total=Sum("hits")).order_by("-total", "query")[:limit]
    )


def purge(today=None) -> int:
    """Delete rows older than the retention period; returns how many were deleted."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=retention_days())
    deleted, _ = SearchQueryLog.objects.filter(day__lt=limit).delete()
    return deleted
