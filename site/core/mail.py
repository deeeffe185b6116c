"""E-mail through Django's backends, from background jobs, each message at most once.

`EMAIL_BACKEND` decides where mail goes: the console in the embedded default, SMTP in
production, a local aiosmtpd server in the tests. Messages are sent from background jobs
(`core.tasks.background`), never in a visitor's or an editor's request, and each carries an
idempotency key: `send_once` sends it unless that key was already sent, and turns SMTP
errors into `TemporaryFailure` (the job is tried again later) or `PermanentFailure`.
"""

import hashlib
import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import Context
from django.template.loader import get_template, render_to_string
from wagtail.models import Site

from .models import IdempotencyKey, KeyState
from .tasks import PermanentFailure, TemporaryFailure, do_once

logger = logging.getLogger(__name__)


def render_text(name, context) -> str:
    """A plain-text template rendered without HTML escaping (« l'énergie », not « l&#x27;… »)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def build_message(template, context, *, to, headers=None) -> EmailMultiAlternatives:
    """A French message in text and HTML from `<template>_subject.txt`, `.txt` and `.html`.

    The subject and text parts are rendered without HTML escaping, the HTML part with it.
    """
    # One line; ordinary whitespace only, so the non-breaking spaces before « : » stay.
    subject = re.sub(r"[ \t\r\n]+", " ", render_text(f"{template}_subject.txt", context)).strip()
    message = EmailMultiAlternatives(
        subject,
        render_text(f"{template}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def message_id(key: str) -> str:
    """The same Message-ID for the same key: should a message ever go out twice (a worker
    killed between the server's acceptance and our record of it), mail clients that
    deduplicate by Message-ID still show it once."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def classify(error: Exception) -> Exception:
    """SMTP reply codes 4xx, lost connections and timeouts are temporary; 5xx are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        temporary = bool(codes) and all(400 <= code < 500 for code in codes)
        return (TemporaryFailure if temporary else PermanentFailure)(
            "; ".join(
                f"{address}: {code} {text!r}" for address, (code, text) in error.recipients.items()
            )
        )
    if isinstance(error, smtplib.SMTPResponseException):
        kind = TemporaryFailure if 400 <= error.smtp_code < 500 else PermanentFailure
        return kind(f"{error.smtp_code} {error.smtp_error!r}")
    return TemporaryFailure(f"{type(error).__name__}: {error}")


def send_once(message: EmailMultiAlternatives, *, key: str, connection=None) -> bool:
    """Send `message` unless one was already sent under `key`; True if sent now."""
    message.extra_headers.setdefault("Message-ID", message_id(key))

    def send():
        try:
            (connection or get_connection()).send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            raise classify(error) from error

    return do_once(key, send)


def already_sent(key: str) -> bool:
    return IdempotencyKey.objects.filter(key=key, state=KeyState.DONE).exists()


def send_each(keyed_messages, *, connection=None) -> list[tuple[str, str]]:
    """Send many messages over one connection, each at most once.

    `keyed_messages` yields (key, build) pairs; `build()` makes the message and is only
    called for keys not sent yet, so a retried batch neither rebuilds nor resends what went
    out. A temporary failure stops the batch (`TemporaryFailure` propagates: the job is
    tried again later and skips what was sent); messages refused for good are returned as
    (key, reason) and the others still go.
    """
    connection = connection or get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise classify(error) from error
    failures = []
    try:
        for key, build in keyed_messages:
            if already_sent(key):
                continue
            try:
                send_once(build(), key=key, connection=connection)
            except PermanentFailure as error:
                failures.append((key, str(error)))
    finally:
        close_quietly(connection)
    return failures


def close_quietly(connection):
    """Everything is sent or recorded by now: a failing QUIT must not fail the job."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.warning("SMTP connection did not close cleanly", exc_info=True)


def site_url(path: str) -> str:
    """Absolute URL for links in e-mails sent by workers, which have no request: the default
    Wagtail site's root URL, as Wagtail's own full URLs."""
    if path.startswith(("http://", "https://")):
        return path
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path
