"""Organisations and their people: creation, invitations. Plain functions; views stay thin."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
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
    when its previous invitation expired or was used by someone who has since left."""
    invitation, _ = Invitation.objects.update_or_create(
        organisation=organisation,
        email=email,
        defaults={
            "token": secrets.token_urlsafe(),
            "invited_by": invited_by,
            "created_at": timezone.now(),
            "accepted_at": None,
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


class InvitationError(Exception):
    """The French reason an invitation cannot be used."""


def is_expired(invitation) -> bool:
    return invitation.created_at < timezone.now() - INVITATION_VALIDITY


def pending_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None or invitation.accepted_at:
        raise InvitationError(
            "Cette invitation n'est plus valable : demandez à l'administrateur de votre "
            "organisation de vous inviter à nouveau."
        )
    if is_expired(invitation):
        raise InvitationError(
            f"Cette invitation a expiré (elle était valable {INVITATION_VALIDITY.days} jours) : "
            "demandez à l'administrateur de votre organisation de vous inviter à nouveau."
        )
    if invitation.organisation.status == OrganisationStatus.SUSPENDED:
        raise InvitationError(
            "L'accès de cette organisation à l'espace des adhérents est suspendu : "
            "l'invitation ne peut pas être utilisée."
        )
    return invitation


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
