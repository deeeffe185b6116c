"""The daily digest: each person following the platform gets the new needs that match.

The day's new needs are read once (a few hundred at most) with their categories and
departments; people are read in chunks with `iterator()` (what each follows in two queries
per chunk, `followed`), matched in Python and their
messages built one at a time inside `send_each`, so memory stays bounded by a chunk
whatever the number of members. Each message's key (`members-digest:<day>:<alert>`) makes
a retried job skip what was sent.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.core import signing
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone

from core.mail import build_message, send_each, site_url
from core.tasks import PermanentFailure, background

from .models import Alert, Category, Department, Need, OrganisationKind, Visibility

UNSUBSCRIBE_SALT = "members.digest.unsubscribe"
ALERTS_PER_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NewNeed:
    pk: int
    title: str
    buyer: str
    axis: str
    deadline: datetime.date
    sme_only: bool
    organisation_id: int
    categories: frozenset
    departments: frozenset


def new_needs(day: datetime.date) -> list[NewNeed]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    queryset = (
        Need.objects.filter(
            published_at__gte=start,
            published_at__lt=start + datetime.timedelta(days=1),
            hidden=False,
            status="ouvert",
            organisation__status="validee",
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.only("pk")),
            Prefetch("departments", queryset=Department.objects.only("code")),
        )
    )
    return [
        NewNeed(
            need.pk,
            need.title,
            need.organisation.name,
            need.get_axis_display(),
            need.deadline,
            need.visibility == Visibility.SME_ONLY,
            need.organisation_id,
            frozenset(c.pk for c in need.categories.all()),
            frozenset(d.code for d in need.departments.all()),
        )
        for need in queryset
    ]


def followed(alerts) -> tuple[dict, dict]:
    """The categories and departments each alert follows (alert id -> set of ids), in two
    queries of plain values. Prefetched querysets would tie every alert of a chunk to its
    related managers in reference cycles that only the garbage collector's oldest
    generation frees: the digest's memory then grew with the number of people."""
    ids = [alert.pk for alert in alerts]
    categories, departments = defaultdict(set), defaultdict(set)
    rows = Alert.categories.through.objects.filter(alert_id__in=ids)
    for alert_id, category_id in rows.values_list("alert_id", "category_id"):
        categories[alert_id].add(category_id)
    rows = Alert.departments.through.objects.filter(alert_id__in=ids)
    for alert_id, code in rows.values_list("alert_id", "department_id"):
        departments[alert_id].add(code)
    return categories, departments


def matches(alert, need: NewNeed, axis_codes: dict, categories: set, departments: set) -> bool:
    """Whether `need` is news for `alert`, which follows `categories` and `departments`
    (empty: all of them)."""
    if need.organisation_id == alert.organisation_id:
        return False
    if need.sme_only and alert.organisation_kind != OrganisationKind.SME:
        return False
    if alert.axis_list and axis_codes[need.pk] not in alert.axis_list:
        return False
    if categories and not categories & need.categories:
        return False
    return not departments or bool(departments & need.departments)


def unsubscribe_token(alert) -> str:
    return signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT)


def alert_for_token(token):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Alert.objects.filter(pk=pk).first()


def digest_message(alert, matched, root):
    """`root` is the site's address, read once per digest (one query, not one per link)."""
    unsubscribe_url = root + reverse("members:alert_unsubscribe", args=[unsubscribe_token(alert)])
    needs = [
        {
            "title": need.title,
            "buyer": need.buyer,
            "axis": need.axis,
            "deadline": need.deadline,
            "url": root + reverse("members:need", args=[need.pk]),
        }
        for need in matched
    ]
    return build_message(
        "members/mail/digest",
        {"needs": needs, "name": alert.full_name, "unsubscribe_url": unsubscribe_url},
        to=alert.email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def digest_messages(day: datetime.date):
    """(key, build) pairs for `send_each`, lazily, one alert at a time."""
    needs = new_needs(day)
    if not needs:
        return
    root = site_url("/").rstrip("/")
    axis_codes = dict(Need.objects.filter(pk__in=[n.pk for n in needs]).values_list("pk", "axis"))
    alerts = (
        Alert.objects.filter(
            active=True,
            membership__suspended=False,
            membership__user__is_active=True,
            membership__organisation__status="validee",
        )
        # The person's details as annotations, not related objects: select_related of the
        # one-to-one links (alert-membership-user) caches each side on the other, a reference
        # cycle per person that only the collector's oldest generation frees.
        .annotate(
            full_name=F("membership__full_name"),
            email=F("membership__user__email"),
            organisation_id=F("membership__organisation_id"),
            organisation_kind=F("membership__organisation__kind"),
        )
        .only("pk", "axes")
        .order_by("pk")
    )
    rows = alerts.iterator(chunk_size=ALERTS_PER_CHUNK)
    while chunk := list(islice(rows, ALERTS_PER_CHUNK)):
        categories, departments = followed(chunk)
        for alert in chunk:
            matched = [
                need
                for need in needs
                if matches(alert, need, axis_codes, categories[alert.pk], departments[alert.pk])
            ]
            if matched:
                yield (
                    f"members-digest:{day.isoformat()}:{alert.pk}",
                    lambda alert=alert, matched=matched: digest_message(alert, matched, root),
                )


@background(queue_name="mail", max_attempts=8)
def send_digest(day_iso: str) -> int:
    refused = send_each(digest_messages(datetime.date.fromisoformat(day_iso)))
    if refused:
        raise PermanentFailure("; ".join(f"{key}: {reason}" for key, reason in refused))
    return 0


def queue_digest(day: datetime.date):
    return send_digest.enqueue(day.isoformat(), key=f"members-digest:{day.isoformat()}")
