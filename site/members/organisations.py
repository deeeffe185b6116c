"""Organisations and their people: creation, invitations. Plain functions; views stay thin."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import build_message

from .mail import queue_message
from .models import Invitation, Membership, Organisation


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
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, invited_by=invited_by
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


def pending_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None or invitation.accepted_at:
        raise InvitationError(
            "Cette invitation n'est plus valable : demandez à l'administrateur de votre "
            "organisation de vous inviter à nouveau."
        )
    return invitation


@transaction.atomic
def accept(invitation, user, full_name, job_title) -> Membership:
    if user.email.lower() != invitation.email.lower():
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
