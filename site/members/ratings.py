"""Buyer ratings, only ever read as aggregates above a minimum count."""

from django.conf import settings
from django.db.models import Count, Q

from .models import BuyerRating, NeedStatus


def may_rate(response) -> bool:
    return response.need.status in (NeedStatus.CLOSED, NeedStatus.AWARDED)


def aggregate(organisation) -> dict | None:
    """Shares of yes answers for one buyer, or None below the minimum number of ratings."""
    totals = BuyerRating.objects.filter(response__need__organisation=organisation).aggregate(
        count=Count("pk"),
        answered=Count("pk", filter=Q(answered=True)),
        reasons=Count("pk", filter=Q(reason_given=True)),
        reasons_asked=Count("pk", filter=Q(reason_given__isnull=False)),
        paid=Count("pk", filter=Q(paid_on_time=True)),
        paid_asked=Count("pk", filter=Q(paid_on_time__isnull=False)),
    )
    if totals["count"] < settings.MEMBERS_MIN_RATINGS:
        return None

    def share(part, whole):
        return round(100 * part / whole) if whole else None

    return {
        "count": totals["count"],
        "answered": share(totals["answered"], totals["count"]),
        "reasons": share(totals["reasons"], totals["reasons_asked"]),
        "paid": share(totals["paid"], totals["paid_asked"]),
    }
