"""Platform e-mail, always sent from a background job (core.tasks, core.mail)."""

import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from core.mail import send_once
from core.tasks import background


@background(queue_name="default")
def send_rendered(subject: str, text: str, html: str, to: str, key: str) -> None:
    """A message already rendered in the request (allauth's mails, invitations)."""
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    send_once(message, key=key)


def queue_message(message: EmailMultiAlternatives) -> None:
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    key = f"members-mail:{uuid.uuid4().hex}"
    for to in message.to:
        send_rendered.enqueue(message.subject, message.body, html, to, key, key=key)
