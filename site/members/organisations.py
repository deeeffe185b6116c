"""Organisations and their people: creation, invitations. Plain functions; views stay thin."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from core.mail import build_message

from .mail import queue_message
from .models import Invitation, Membership, Organisation, OrganisationStatus

# An invitation link is a bearer token sent by e-mail: it expires, so a forgotten message
# does not open the organisation for ever. Inviting the address again sends a fresh one.
INVITATION_VALIDITY = datetime.timedelta(days=14)


@transaction.atomic
def create_organisation(form, user) -> Organisation:
    """The organisation, pending validation, with its creator as its admin."""
    organisation = form.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        full_name=form.cleaned_data["full_name"],
        job_title=form.cleaned_data.get("job_title", ""),
        is_admin=True,
    )
    return organisation


def invite(organisation, email, invited_by, request) -> Invitation:
    """Invite the address, or invite it again with a new token (the old link stops working)
    when its previous invitation expired, was revoked, lapsed with its sender's admin rights,
    or was used by someone who has since left."""
    invitation, _ = Invitation.objects.update_or_create(
        organisation=organisation,
        email=email,
        defaults={
            "token": secrets.token_urlsafe(),
            "invited_by": invited_by,
            "created_at": timezone.now(),
            "accepted_at": None,
            "revoked_at": None,
            "revoked_by": None,
        },
    )
    url = request.build_absolute_uri(reverse("members:join", args=[invitation.token]))
    queue_message(
        build_message(
            "members/mail/invitation",
            {"organisation": organisation, "url": url, "inviter": invited_by.membership},
            to=email,
        )
    )
    return invitation


class InvitationState(models.TextChoices):
    PENDING = "en_attente", "En attente"
    ACCEPTED = "acceptee", "Acceptée"
    REVOKED = "annulee", "Annulée"
    EXPIRED = "expiree", "Expirée"
    LAPSED = "caduque", "Caduque : la personne qui l'a envoyée n'est plus administratrice"


def with_state(invitations, now=None):
    """Invitations with their `state`, computed by the database so that lists, filters and
    the invitation link itself read the same answer. An invitation speaks for its sender: it
    lapses as soon as they are no longer an active admin of the organisation (admin rights
    withdrawn, person suspended or gone), and a new admin has to invite again."""
    now = now or timezone.now()
    sender_is_admin = Q(
        invited_by__is_active=True,
        invited_by__membership__organisation=F("organisation"),
        invited_by__membership__is_admin=True,
        invited_by__membership__suspended=False,
    )
    return invitations.annotate(
        state=Case(
            When(accepted_at__isnull=False, then=Value(InvitationState.ACCEPTED)),
            When(revoked_at__isnull=False, then=Value(InvitationState.REVOKED)),
            When(created_at__lt=now - INVITATION_VALIDITY, then=Value(InvitationState.EXPIRED)),
            When(sender_is_admin, then=Value(InvitationState.PENDING)),
            default=Value(InvitationState.LAPSED),
            output_field=models.CharField(),
        )
    )


def state_label(invitation) -> str:
    return InvitationState(invitation.state).label


class InvitationError(Exception):
    """The French reason an invitation cannot be used."""


ASK_AGAIN = "demandez à un administrateur de votre organisation de vous inviter à nouveau."
REFUSALS = {
    InvitationState.ACCEPTED: f"Cette invitation n'est plus valable : {ASK_AGAIN}",
    InvitationState.REVOKED: f"Cette invitation a été annulée : {ASK_AGAIN}",
    InvitationState.EXPIRED: f"Cette invitation a expiré (elle était valable "
    f"{INVITATION_VALIDITY.days} jours) : {ASK_AGAIN}",
    InvitationState.LAPSED: "Cette invitation n'est plus valable : la personne qui l'a "
    f"envoyée n'est plus administratrice de l'organisation ; {ASK_AGAIN}",
}


def pending_invitation(token: str) -> Invitation:
    invitation = (
        with_state(Invitation.objects.select_related("organisation")).filter(token=token).first()
    )
    if invitation is None:
        raise InvitationError(REFUSALS[InvitationState.ACCEPTED])
    if invitation.state != InvitationState.PENDING:
        raise InvitationError(REFUSALS[invitation.state])
    if invitation.organisation.status == OrganisationStatus.SUSPENDED:
        raise InvitationError(
            "L'accès de cette organisation à l'espace des adhérents est suspendu : "
            "l'invitation ne peut pas être utilisée."
        )
    return invitation


class RevokeError(Exception):
    """The French reason an invitation cannot be revoked."""


def revoke(invitation, user) -> None:
    """Revoke an invitation not yet accepted (its link stops working at once); one
    conditional UPDATE, so it cannot cross an acceptance (`accept` holds the row lock)."""
    revoked = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=user)
    if not revoked:
        invitation.refresh_from_db(fields=["accepted_at", "revoked_at"])
        raise RevokeError(
            "Cette invitation a déjà été acceptée : la personne fait partie de l'organisation."
            if invitation.accepted_at
            else "Cette invitation est déjà annulée."
        )


@transaction.atomic
def accept(invitation, user, full_name, job_title) -> Membership:
    # Locked and read again, so one link cannot be used twice at once.
    invitation = pending_invitation(
        Invitation.objects.select_for_update().get(pk=invitation.pk).token
    )
    # The address must be one the person proved they own, not merely typed on their account.
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise InvitationError(
            "Cette invitation a été envoyée à une autre adresse : connectez-vous avec "
            "l'adresse qui l'a reçue."
        )
    if Membership.objects.filter(user=user).exists():
        raise InvitationError("Votre compte appartient déjà à une organisation.")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return Membership.objects.create(
        user=user, organisation=invitation.organisation, full_name=full_name, job_title=job_title
    )
