"""Membership requests: a visitor's message to the antenna of their department.

The message is not stored: it travels in the background job that e-mails it, and the job
forgets it once the e-mail is sent. Floods are refused per client (``over_limit``) and
bots are caught by a honeypot field without being told.
"""

import datetime
import uuid

from django.conf import settings

from core.departments import DEPARTMENTS
from core.mail import build_message, send_once
from core.models import BackgroundJob
from core.ratelimit import over_limit
from core.tasks import background

REQUESTS_PER_HOUR_PER_CLIENT = 5


def refused(client_ip: str) -> str | None:
    """The French reason to refuse one more request from this client, or None."""
    if over_limit(
        f"membership:{client_ip}", REQUESTS_PER_HOUR_PER_CLIENT, datetime.timedelta(hours=1)
    ):
        return (
            "Plusieurs messages ont déjà été envoyés depuis votre connexion. "
            "Réessayez dans une heure ou appelez directement votre antenne."
        )
    return None


def recipient(antenna, identity) -> str:
    """The antenna's address, else the federation's, else the site's default."""
    return (
        (antenna.email if antenna else "") or identity.contact_email or settings.DEFAULT_FROM_EMAIL
    )


def queue_request(data: dict, antenna, identity) -> None:
    """Queue the e-mail to the antenna; the visitor's reply address goes in Reply-To."""
    key = f"membership-request:{uuid.uuid4()}"
    send_membership_request.enqueue(
        {
            "to": recipient(antenna, identity),
            "antenna": antenna.name if antenna else identity.organisation_name,
            **{field: data[field] for field in ("name", "company", "email", "phone", "message")},
            "department": DEPARTMENTS[data["department"]],
        },
        key,
        key=key,
    )


@background()
def send_membership_request(request: dict, key: str):
    message = build_message(
        "antennas/mail/membership_request",
        request,
        to=request["to"],
        headers={"Reply-To": request["email"]},
    )
    send_once(message, key=key)
    # Sent: the job keeps no copy of the visitor's message.
    BackgroundJob.objects.filter(key=key).update(arguments={})
