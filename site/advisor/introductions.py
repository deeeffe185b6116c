"""Introductions: a member asks a present organisation's contact for advice or hosting.

The request goes by e-mail (background queue) with a signed link; the contact answers on the
site without needing to log in (the signature is the authorisation, valid 30 days). Only on
acceptance do both receive the other's name and address; a refusal tells the requester
nothing more than that.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone

from core.mail import build_message
from members.mail import queue_message

from .models import IntroductionRequest, IntroductionStatus
from .ratings import site_url

SALT = "advisor.introduction"
LINK_VALIDITY = datetime.timedelta(days=30)


class IntroductionError(Exception):
    """The French reason a request cannot be made or answered."""


def token_for(request: IntroductionRequest) -> str:
    """The answer link names the request and the contact it was sent to: if the presence's
    contact changes, the old link cannot hand the new contact's address to anyone."""
    return signing.dumps([request.pk, request.presence.contact_id], salt=SALT)


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
            "presence__contact__user", "presence__organisation", "requester", "requested_by"
        )
        .filter(pk=pk)
        .first()
    )
    if request is None or request.presence.contact_id != contact_id:
        raise IntroductionError("Cette demande n'existe plus.")
    return request


@transaction.atomic
def ask(presence, membership, kind, message) -> IntroductionRequest:
    if presence.organisation_id == membership.organisation_id:
        raise IntroductionError("Vous ne pouvez pas solliciter votre propre organisation.")
    if not presence.accepts_requests:
        raise IntroductionError("Cette organisation ne reçoit pas de demandes pour ce pays.")
    if IntroductionRequest.objects.filter(
        presence=presence, requester=membership.organisation, status=IntroductionStatus.SENT
    ).exists():
        raise IntroductionError(
            "Votre organisation a déjà une demande en attente auprès de ce contact."
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
