"""Ratings: saving one (with its history), averages computed by the database, reports and
staff decisions. Averages are shown only from `ADVISOR_MIN_RATINGS` published ratings on."""

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from core.mail import build_message
from members.mail import queue_message
from members.models import OrganisationStatus

from .models import (
    COUNTRY_CRITERIA,
    RESOURCE_CRITERIA,
    AdvisorSettings,
    ModerationAction,
    ModerationDecision,
    Rating,
    RatingReport,
    RatingStatus,
    RatingVersion,
)

# A rating counts and shows only while it is published and its organisation validated: a
# suspended organisation's ratings vanish from lists and averages (and come back if staff
# lift the suspension).
PUBLISHED = Q(status=RatingStatus.PUBLISHED, organisation__status=OrganisationStatus.VALIDATED)


def with_averages(resources):
    """Resources annotated with their number of published ratings and each criterion's
    average, in the same query as the resources themselves."""
    published = Q(
        ratings__status=RatingStatus.PUBLISHED,
        ratings__organisation__status=OrganisationStatus.VALIDATED,
    )
    return resources.annotate(
        rating_count=Count("ratings", filter=published),
        **{f"avg_{name}": Avg(f"ratings__{name}", filter=published) for name in RESOURCE_CRITERIA},
    )


def resource_averages(resource) -> list[tuple[str, float]] | None:
    """(label, average) per criterion of an annotated resource, or None below the minimum."""
    if resource.rating_count < settings.ADVISOR_MIN_RATINGS:
        return None
    return [(label, getattr(resource, f"avg_{name}")) for name, label in RESOURCE_CRITERIA.items()]


def country_averages(country: str) -> tuple[int, list[tuple[str, float]] | None]:
    """The number of published ratings of a country and, from the minimum on, its averages."""
    totals = Rating.objects.filter(PUBLISHED, country=country, resource__isnull=True).aggregate(
        count=Count("pk"), **{name: Avg(name) for name in COUNTRY_CRITERIA}
    )
    if totals["count"] < settings.ADVISOR_MIN_RATINGS:
        return totals["count"], None
    return totals["count"], [(label, totals[name]) for name, label in COUNTRY_CRITERIA.items()]


def new_status(rating) -> str:
    """Where a new or edited rating starts: awaiting review if the team pre-moderates, if
    staff had refused its previous version, or if that version still awaits review (else a
    refused rating edited twice would publish itself); published otherwise. Only a staff
    decision takes a rating out of review."""
    if (
        rating.status in (RatingStatus.REFUSED, RatingStatus.PENDING)
        or AdvisorSettings.load().premoderation
    ):
        return RatingStatus.PENDING
    if rating.status == RatingStatus.REPORTED:
        return RatingStatus.REPORTED  # still hidden until staff have reviewed the report
    return RatingStatus.PUBLISHED


@transaction.atomic
def save_rating(form, membership, *, resource=None, country="") -> Rating:
    """Create or edit the organisation's one rating of the item; each version is kept."""
    rating = form.instance
    rating.organisation = membership.organisation
    rating.author = membership.user
    rating.resource = resource
    rating.country = country
    rating.status = new_status(rating)
    rating.updated_at = timezone.now()
    rating.save()
    RatingVersion.objects.create(
        rating=rating,
        scores={name: getattr(rating, name) for name in rating.criteria},
        text=rating.text,
        saved_at=rating.updated_at,
    )
    return rating


@transaction.atomic
def report(rating, organisation, reason) -> RatingReport:
    """A report hides the rating at once, until staff have reviewed it."""
    if rating.status == RatingStatus.PUBLISHED:
        rating.status = RatingStatus.REPORTED
        rating.save(update_fields=["status"])
    return RatingReport.objects.create(rating=rating, reporter=organisation, reason=reason)


@transaction.atomic
def decide(rating, action, reason, staff_user) -> ModerationDecision:
    """Publish or refuse a rating, logged with its reason; a refusal is sent to its author."""
    rating.status = (
        RatingStatus.PUBLISHED if action == ModerationAction.PUBLISH else RatingStatus.REFUSED
    )
    rating.save(update_fields=["status"])
    rating.reports.filter(resolved=False).update(resolved=True)
    decision = ModerationDecision.objects.create(
        rating=rating, action=action, reason=reason, decided_by=staff_user
    )
    if action == ModerationAction.REFUSE:
        for address in author_addresses(rating):
            queue_message(
                build_message(
                    "advisor/mail/rating_refused",
                    {"rating": rating, "reason": reason, "rules_url": site_url("advisor:rules")},
                    to=address,
                )
            )
    return decision


def author_addresses(rating) -> list[str]:
    """The rating's author, or if they left, their organisation's admins."""
    if rating.author_id and rating.author.email:
        return [rating.author.email]
    return [
        membership.user.email
        for membership in rating.organisation.memberships.filter(is_admin=True).select_related(
            "user"
        )
    ]


def site_url(name, *args) -> str:
    """An absolute link for e-mail, on the site's configured address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)
