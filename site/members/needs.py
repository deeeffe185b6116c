"""Needs and responses: who sees and does what. Every view asks these functions, with the
membership read on this request; nothing trusts an id from the URL alone."""

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import (
    ACTIVE_PARTNER_STATUSES,
    Need,
    NeedAttachment,
    NeedStatus,
    OrganisationKind,
    PartnerInvitation,
    Response,
    ResponseStatus,
    Visibility,
)


def visible_needs(organisation):
    """Needs this organisation may read: its own, and others' that are not hidden by the
    moderation and are meant for it (SME-only needs are not shown to large accounts)."""
    others = Q(hidden=False, organisation__status="validee")
    if organisation.kind != OrganisationKind.SME:
        others &= Q(visibility=Visibility.ALL)
    return Need.objects.filter(Q(organisation=organisation) | others)


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
        Response.objects.select_related("need", "need__organisation", "organisation")
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
