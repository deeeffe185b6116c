"""Introductions: a member asks a present organisation's contact for advice or hosting.

The request goes by e-mail (background queue) with a signed link; the contact answers on the
site without needing to log in (the signature is the authorisation, valid 30 days). Only on
acceptance do both receive the other's name and address; a refusal tells the requester
nothing more than that.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from core.mail import build_message
from members.mail import queue_message
from members.models import OrganisationStatus

from .models import IntroductionRequest, IntroductionStatus, Presence
from .ratings import site_url

SALT = "advisor.introduction"
CONFIRMATION_SALT = "advisor.contact-confirmation"
LINK_VALIDITY = datetime.timedelta(days=30)
# After a decline, the requester waits this long before asking the same contact again: a
# "no" must not turn into a stream of reminders (stated on the request form).
DECLINED_COOLDOWN = datetime.timedelta(days=30)


class IntroductionError(Exception):
    """The French reason a request cannot be made or answered."""


def token_for(request: IntroductionRequest) -> str:
    """The answer link names the request and the contact it was sent to: if the presence's
    contact changes, the old link cannot hand the new contact's address to anyone."""
    return signing.dumps([request.pk, request.presence.contact_id], salt=SALT)


@transaction.atomic
def save_presence(form, membership):
    """Save a presence from its form. Naming a contact who accepts requests takes that
    person's own confirmation: given at once when they fill the form themselves, otherwise
    asked by e-mail with a signed link; whenever the contact or the opt-in changes, the
    previous confirmation no longer counts."""
    presence = form.save(commit=False)
    presence.organisation = membership.organisation
    contact_changed = presence.pk is None or bool(
        {"contact", "contact_opt_in"} & set(form.changed_data)
    )
    if contact_changed or not presence.contact_opt_in or presence.contact_id is None:
        presence.contact_confirmed_at = None
    if presence.contact_opt_in and presence.contact_id == membership.pk:
        presence.contact_confirmed_at = presence.contact_confirmed_at or timezone.now()
    presence.save()
    form.save_m2m()
    if contact_changed and presence.awaits_contact_confirmation:
        ask_contact_confirmation(presence, membership)
    return presence


def ask_contact_confirmation(presence, membership):
    queue_message(
        build_message(
            "advisor/mail/contact_confirmation",
            {
                "presence": presence,
                "named_by": membership,
                "confirm_url": site_url(
                    "advisor:contact_confirm",
                    signing.dumps([presence.pk, presence.contact_id], salt=CONFIRMATION_SALT),
                ),
            },
            to=presence.contact.user.email,
        )
    )


def presence_for_confirmation(token: str):
    """The presence a confirmation link names, if it still names the same contact."""
    try:
        pk, contact_id = signing.loads(token, salt=CONFIRMATION_SALT, max_age=LINK_VALIDITY)
    except signing.SignatureExpired as error:
        raise IntroductionError(
            "Ce lien a expiré : demandez à l'administrateur de votre organisation de "
            "vous désigner à nouveau."
        ) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise IntroductionError("Ce lien n'est pas valide.") from error
    presence = Presence.objects.select_related("organisation", "contact").filter(pk=pk).first()
    if (
        presence is None
        or presence.contact_id != contact_id
        or not presence.contact_opt_in
        or presence.contact.suspended
        or presence.organisation.status != OrganisationStatus.VALIDATED
    ):
        raise IntroductionError(
            "Cette demande de confirmation n'est plus valable : la présence a changé ou "
            "n'existe plus."
        )
    return presence


def confirm_contact(presence):
    if not presence.contact_confirmed:
        presence.contact_confirmed_at = timezone.now()
        presence.save(update_fields=["contact_confirmed_at"])
    return presence


def request_for_token(token: str) -> IntroductionRequest:
    try:
        pk, contact_id = signing.loads(token, salt=SALT, max_age=LINK_VALIDITY)
    except signing.SignatureExpired as error:
        raise IntroductionError(
            "Ce lien a expiré : la demande date de plus de 30 jours."
        ) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise IntroductionError("Ce lien n'est pas valide.") from error
    request = (
        IntroductionRequest.objects.select_related(
            "presence__contact__user",
            "presence__organisation",
            "requester",
            "requested_by__membership",
        )
        .filter(pk=pk)
        .first()
    )
    if request is None or request.presence.contact_id != contact_id:
        raise IntroductionError("Cette demande n'existe plus.")
    # The link works without login, so it must not outlive either side's access: a suspended
    # organisation or person (the contact, or the member who asked, who would otherwise still
    # receive the contact's address) is not introduced to anyone.
    asker = getattr(request.requested_by, "membership", None)
    if (
        request.requester.status != OrganisationStatus.VALIDATED
        or request.presence.organisation.status != OrganisationStatus.VALIDATED
        or request.presence.contact.suspended
        or asker is None
        or asker.suspended
        or asker.organisation_id != request.requester_id
    ):
        raise IntroductionError(
            "Cette demande ne peut plus aboutir : l'une des deux organisations n'a plus accès "
            "à l'espace des adhérents."
        )
    return request


def declined_recently(presence, organisation) -> IntroductionRequest | None:
    """The organisation's latest request that this contact (on this presence or another one
    they answer for) declined within the cooldown."""
    return (
        IntroductionRequest.objects.filter(
            Q(presence=presence) | Q(presence__contact_id=presence.contact_id),
            requester=organisation,
            status=IntroductionStatus.DECLINED,
            answered_at__gte=timezone.now() - DECLINED_COOLDOWN,
        )
        .order_by("-answered_at")
        .first()
    )


@transaction.atomic
def ask(presence, membership, kind, message) -> IntroductionRequest:
    if presence.organisation_id == membership.organisation_id:
        raise IntroductionError("Vous ne pouvez pas solliciter votre propre organisation.")
    if not presence.accepts_requests or presence.contact.suspended:
        raise IntroductionError("Cette organisation ne reçoit pas de demandes pour ce pays.")
    if IntroductionRequest.objects.filter(
        presence=presence, requester=membership.organisation, status=IntroductionStatus.SENT
    ).exists():
        raise IntroductionError(
            "Votre organisation a déjà une demande en attente auprès de ce contact."
        )
    declined = declined_recently(presence, membership.organisation)
    if declined is not None:
        again = timezone.localtime(declined.answered_at + DECLINED_COOLDOWN)
        raise IntroductionError(
            "Ce contact a décliné votre précédente demande : vous pourrez le solliciter à "
            f"nouveau à partir du {date_format(again, 'j F Y')}."
        )
    request = IntroductionRequest.objects.create(
        presence=presence,
        requester=membership.organisation,
        requested_by=membership.user,
        kind=kind,
        message=message,
    )
    queue_message(
        build_message(
            "advisor/mail/introduction_request",
            {
                "request": request,
                "requester": membership,
                "answer_url": site_url("advisor:introduction_answer", token_for(request)),
            },
            to=presence.contact.user.email,
        )
    )
    return request


@transaction.atomic
def answer(request, accept: bool) -> IntroductionRequest:
    # Locked, so two answers sent at once cannot both go through.
    current = IntroductionRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != IntroductionStatus.SENT:
        raise IntroductionError("Vous avez déjà répondu à cette demande.")
    if accept and not request.presence.accepts_requests:
        raise IntroductionError("Ce contact ne reçoit plus de demandes pour ce pays.")
    request.status = IntroductionStatus.ACCEPTED if accept else IntroductionStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    contact = request.presence.contact
    requester = getattr(request.requested_by, "membership", None)
    if accept:
        queue_message(
            build_message(
                "advisor/mail/introduction_accepted",
                {"request": request, "other": contact, "other_email": contact.user.email},
                to=request.requested_by.email,
            )
        )
        queue_message(
            build_message(
                "advisor/mail/introduction_accepted",
                {
                    "request": request,
                    "other": requester,
                    "other_email": request.requested_by.email,
                },
                to=contact.user.email,
            )
        )
    else:
        queue_message(
            build_message(
                "advisor/mail/introduction_declined",
                {"request": request},
                to=request.requested_by.email,
            )
        )
    return request
