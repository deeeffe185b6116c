"""Consortium suggestions and joint responses.

When a need is larger than one SME (a large budget, several departments), SMEs with
matching activities nearby are suggested; the responder names some as partners, and each
named organisation is asked (`PartnerInvitation`): its admins get an e-mail, and any of its
people accepts or declines in the members' space. Only accepted partners are shown to the
buyer; a closed need ends the invitations still waiting (`Need.save`).
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.mail import build_message, send_each, site_url
from core.tasks import PermanentFailure, background

from .limits import PARTNER_INVITATION_MAIL_INTERVAL
from .models import (
    ACTIVE_PARTNER_STATUSES,
    BudgetBand,
    Organisation,
    OrganisationKind,
    PartnerInvitation,
    PartnerStatus,
)
from .needs import visible_needs, with_need_visibility

LARGE_BUDGETS = {BudgetBand.TO_500K, BudgetBand.OVER_500K}
MAX_SUGGESTIONS = 6


def needs_a_consortium(need, department_codes) -> bool:
    return need.budget_band in LARGE_BUDGETS or len(department_codes) > 1


def suggestions(need, viewer, department_codes, category_ids):
    """Validated SMEs of the directory sharing a category and in a department of the need,
    other than the viewer and the buyer; one query."""
    if not needs_a_consortium(need, department_codes):
        return Organisation.objects.none()
    return (
        Organisation.objects.validated()
        .filter(
            kind=OrganisationKind.SME,
            in_directory=True,
            department__in=department_codes,
            categories__in=category_ids,
        )
        .exclude(pk__in=[viewer.pk, need.organisation_id])
        .distinct()
        .order_by("name")[:MAX_SUGGESTIONS]
    )


def active_partner_ids(response) -> set[int]:
    """Organisations invited and not (yet) refused: the partners the responder has named."""
    return set(
        response.partner_invitations.filter(status__in=ACTIVE_PARTNER_STATUSES).values_list(
            "organisation_id", flat=True
        )
    )


@transaction.atomic
def set_partners(response, organisations, user):
    """Invite the newly named organisations (an e-mail to their admins once this commits),
    withdraw the invitations of those no longer named, leave the others as they are."""
    wanted = {organisation.pk for organisation in organisations}
    current = {
        invitation.organisation_id: invitation
        for invitation in response.partner_invitations.select_for_update()
    }
    now = timezone.now()
    for organisation_id, invitation in current.items():
        if organisation_id not in wanted and invitation.status in ACTIVE_PARTNER_STATUSES:
            invitation.status = PartnerStatus.WITHDRAWN
            invitation.save(update_fields=["status"])
    for organisation_id in wanted:
        invitation = current.get(organisation_id)
        if invitation is not None and invitation.status != PartnerStatus.WITHDRAWN:
            # Still invited or accepted: nothing to do. Declined (perhaps while this form was
            # being filled in) or ended: the partner's answer stands.
            continue
        if invitation is None:
            invitation = PartnerInvitation.objects.create(
                response=response, organisation_id=organisation_id, invited_by=user
            )
        else:  # withdrawn, then named again: a fresh invitation
            mailed_recently = invitation.invited_at > now - PARTNER_INVITATION_MAIL_INTERVAL
            invitation.status = PartnerStatus.INVITED
            invitation.invited_by, invitation.invited_at = user, now
            invitation.answered_by = invitation.answered_at = None
            invitation.save()
            if mailed_recently:
                continue
        send_partner_invitation.enqueue(
            invitation.pk,
            key=f"partner-invitation:{invitation.pk}:{invitation.invited_at.timestamp():.0f}",
        )


class AnswerError(Exception):
    """The French reason an invitation cannot be answered."""


def invitation_for(organisation, pk) -> PartnerInvitation:
    """An invitation is answered by the invited organisation only: another gets the same
    404 as for one that does not exist."""
    invitation = (
        with_need_visibility(
            PartnerInvitation.objects.select_related(
                "response__need", "response__organisation", "organisation"
            ),
            organisation,
            "response__need__",
        )
        .filter(pk=pk, organisation=organisation)
        .first()
    )
    if invitation is None:
        raise Http404("Invitation introuvable.")
    return invitation


def answer(invitation, user, accept: bool) -> None:
    """Accept or decline (an invitation from `invitation_for`), once, while the need is open
    and the invited organisation may read it. One conditional UPDATE, so two clicks (or two
    colleagues) cannot both answer."""
    need = invitation.response.need
    if invitation.status == PartnerStatus.WITHDRAWN:
        raise AnswerError(
            f"{invitation.response.organisation.name} a retiré cette invitation : "
            "il n'y a plus rien à accepter."
        )
    if invitation.status == PartnerStatus.REVOKED:
        raise AnswerError(
            "L'équipe de la CPME Occitanie a annulé cette invitation : "
            "il n'y a plus rien à accepter."
        )
    if not invitation.need_visible:
        raise AnswerError(
            "Ce besoin n'est plus accessible à votre organisation : "
            "l'invitation ne peut plus être acceptée."
        )
    if invitation.status == PartnerStatus.ENDED or not need.is_open():
        raise AnswerError("Ce besoin est clos : l'invitation ne peut plus être acceptée.")
    if invitation.status != PartnerStatus.INVITED:
        raise AnswerError(
            "Votre organisation a déjà répondu à cette invitation "
            f"(« {invitation.get_status_display()} »)."
        )
    answered = PartnerInvitation.objects.filter(
        pk=invitation.pk, status=PartnerStatus.INVITED
    ).update(
        status=PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED,
        answered_by=user,
        answered_at=timezone.now(),
    )
    if not answered:
        raise AnswerError("Votre organisation a déjà répondu à cette invitation.")


class RevokeError(Exception):
    """The French reason staff cannot revoke an invitation."""


def revoke(invitation) -> None:
    """Staff end an invitation still waiting or accepted: the partner no longer reads the
    response, the buyer no longer sees it named, and the responder cannot invite it again to
    this response. One conditional UPDATE, so it cannot cross the partner's answer."""
    revoked = PartnerInvitation.objects.filter(
        pk=invitation.pk, status__in=ACTIVE_PARTNER_STATUSES
    ).update(status=PartnerStatus.REVOKED)
    if not revoked:
        invitation.refresh_from_db(fields=["status"])
        raise RevokeError(
            f"Cette invitation n'est plus active (« {invitation.get_status_display()} ») : "
            "il n'y a rien à annuler."
        )


def with_accepted_partners(responses):
    """Responses with `accepted_partners` (their partners that accepted), in one more query
    whatever the number of responses: what the buyer may see of a joint response."""
    return responses.prefetch_related(
        Prefetch(
            "partner_invitations",
            queryset=PartnerInvitation.objects.filter(status=PartnerStatus.ACCEPTED)
            .select_related("organisation")
            .order_by("organisation__name"),
            to_attr="accepted_partners",
        )
    )


@background(queue_name="default")
def send_partner_invitation(invitation_id: int) -> None:
    """Tell the invited organisation's admins, each once; built in the job, from the rows,
    so a retry sends what is true now (nothing if the invitation was withdrawn meanwhile)."""
    invitation = (
        PartnerInvitation.objects.select_related(
            "response__need", "response__organisation", "organisation"
        )
        .filter(pk=invitation_id, status=PartnerStatus.INVITED)
        .first()
    )
    # The message names the need: not to an organisation that may no longer read it.
    if invitation is None or not (
        visible_needs(invitation.organisation).filter(pk=invitation.response.need_id).exists()
    ):
        return
    context = {
        "invitation": invitation,
        "response": invitation.response,
        "need": invitation.response.need,
        "url": site_url(reverse("members:partner_invitations")),
    }
    admins = invitation.organisation.memberships.filter(
        is_admin=True, suspended=False
    ).select_related("user")
    refused = send_each(
        (
            f"partner-invitation:{invitation.pk}:{invitation.invited_at.timestamp():.0f}:{m.pk}",
            lambda m=m: build_message("members/mail/partner_invitation", context, to=m.user.email),
        )
        for m in admins
    )
    if refused:
        raise PermanentFailure("; ".join(reason for _, reason in refused))
