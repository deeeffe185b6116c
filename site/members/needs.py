"""Needs and responses: who sees and does what. Every view asks these functions, with the
membership read on this request; nothing trusts an id from the URL alone."""

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.utils import timezone

from .models import (
    ACTIVE_PARTNER_STATUSES,
    Need,
    NeedAttachment,
    NeedStatus,
    OrganisationKind,
    OrganisationStatus,
    PartnerInvitation,
    Response,
    ResponseStatus,
    Visibility,
)


def readable_by(organisation, prefix="") -> Q:
    """The condition for a need (reached through `prefix`, e.g. "response__need__") to be
    readable by this organisation: its own, or another's that is not hidden by the
    moderation, whose buyer is not suspended, and that is meant for it (SME-only needs are
    not shown to large accounts)."""
    others = Q(
        **{f"{prefix}hidden": False, f"{prefix}organisation__status": OrganisationStatus.VALIDATED}
    )
    if organisation.kind != OrganisationKind.SME:
        others &= Q(**{f"{prefix}visibility": Visibility.ALL})
    return Q(**{f"{prefix}organisation": organisation}) | others


def visible_needs(organisation):
    """Needs this organisation may read (`readable_by`)."""
    return Need.objects.filter(readable_by(organisation))


def with_need_visibility(queryset, organisation, prefix):
    """Rows that name a need (a response, an invitation) with `need_visible`: whether this
    organisation may read that need. A list shows a need's title only when it is true, so a
    need hidden, restricted to SMEs or whose buyer was suspended since is not named to
    those who can no longer open it."""
    return queryset.annotate(
        need_visible=ExpressionWrapper(
            readable_by(organisation, prefix), output_field=BooleanField()
        )
    )


def need_for_reader(organisation, pk) -> Need:
    need = visible_needs(organisation).select_related("organisation").filter(pk=pk).first()
    if need is None:
        raise Http404("Besoin introuvable.")
    return need


def need_for_owner(organisation, pk) -> Need:
    """Only the buyer edits, closes, reads responses: others get the same 404 as for a need
    that does not exist, so ids cannot be probed."""
    need = Need.objects.filter(pk=pk, organisation=organisation).first()
    if need is None:
        raise Http404("Besoin introuvable.")
    return need


def response_for(organisation, pk) -> Response:
    """A response is read by the organisation that sent it, the buyer, and the partners it
    invited (while invited or once accepted, read-only); nobody else."""
    response = (
        with_need_visibility(
            Response.objects.select_related("need", "need__organisation", "organisation"),
            organisation,
            "need__",
        )
        .filter(pk=pk)
        .filter(
            Q(organisation=organisation)
            | Q(need__organisation=organisation)
            | Q(
                pk__in=PartnerInvitation.objects.filter(
                    organisation=organisation, status__in=ACTIVE_PARTNER_STATUSES
                ).values("response_id")
            )
        )
        .first()
    )
    if response is None:
        raise Http404("Réponse introuvable.")
    return response


@transaction.atomic
def publish(form, membership) -> Need:
    need = form.save(commit=False)
    need.organisation = membership.organisation
    need.author = membership.user
    need.save()
    form.save_m2m()
    add_attachment(need, form.cleaned_data.get("attachment"))
    return need


def add_attachment(need, upload):
    if upload:
        NeedAttachment.objects.create(
            need=need, file=upload, name=upload.name[-160:], size=upload.size
        )


def close(need, awarded=False):
    need.status = NeedStatus.AWARDED if awarded else NeedStatus.CLOSED
    need.closed_at = timezone.now()
    need.save(update_fields=["status", "closed_at"])


@transaction.atomic
def decide(response, status, reason=""):
    """The buyer's decision on a response; marking one won awards the need."""
    response.status = status
    response.decision_reason = reason
    response.decided_at = timezone.now()
    response.save(update_fields=["status", "decision_reason", "decided_at"])
    if status == ResponseStatus.WON and response.need.status != NeedStatus.AWARDED:
        close(response.need, awarded=True)


def open_needs(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(status=NeedStatus.OPEN, deadline__gte=today)
