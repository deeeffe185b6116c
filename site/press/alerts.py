"""Press alerts: one e-mail per subscriber when a position or press release is published.

The publishing request (or `publish_scheduled` releasing an embargoed text) only queues one
job, `fan_out`, keyed by the page: publishing the page again (a correction) finds that key
and queues nothing. `fan_out` runs on a worker, reads the subscribers of the page's themes
and queues `send_batch` jobs of `BATCH_SIZE`; each message is keyed by (page, round,
subscriber), so no retry sends one twice. A new round is only started by an editor who asks
for it (« Renvoyer l'alerte presse », `resend`).
"""

import time

from django.urls import reverse

from core.formats import file_size
from core.mail import build_message, send_each, send_once, site_url
from core.publishing import after_commit
from core.tasks import PermanentFailure, background
from positions.models import PositionPage

from .models import Subscriber
from .subscriptions import manage_token

BATCH_SIZE = 200


@after_commit
def alert_on_publication(sender, instance, **kwargs):
    """page_published receiver: the first publication of a position queues its alert.

    Wagtail also sends page_published when it only *schedules* a revision (go-live date in
    the future, the page stays offline): that is not a publication, the embargo holds.
    """
    if isinstance(instance, PositionPage) and instance.live:
        queue_alert(instance.pk, round_number=0)


def queue_alert(page_id: int, round_number: int):
    return fan_out.enqueue(page_id, round_number, key=f"press-alert:{page_id}:{round_number}")


def resend(page: PositionPage):
    """An editor asked to send the alert again (a significant correction): a new round."""
    return queue_alert(page.pk, round_number=int(time.time()))


def alertable(page_id: int) -> PositionPage | None:
    """The page if it is live and public now: an alert never names an embargoed, draft or
    private text, even when the job runs late."""
    return (
        PositionPage.objects.live()
        .public()
        .filter(pk=page_id)
        .select_related("pdf")
        .prefetch_related("themes")
        .first()
    )


@background(max_attempts=8, queue_name="mail")
def fan_out(page_id: int, round_number: int) -> None:
    page = alertable(page_id)
    if page is None:
        return
    theme_ids = [theme.pk for theme in page.themes.all()]
    ids = list(Subscriber.objects.following(theme_ids).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        send_batch.enqueue(
            page_id,
            round_number,
            batch,
            key=f"press-alert:{page_id}:{round_number}:from-{batch[0]}",
        )


def alert_context(page: PositionPage) -> dict:
    """What every message about this page shows, computed once per batch."""
    pdf = None
    if page.pdf_id:
        pdf = {
            "url": site_url(page.pdf.url),
            "size": file_size(page.pdf.get_file_size()),
            "pages": page.pdf_page_count,
        }
    return {
        "root": site_url("/").rstrip("/"),  # one Site query per batch, not two per message
        "page": page,
        "url": site_url(page.url),
        "kind": page.get_kind_display(),
        "themes": ", ".join(theme.name for theme in page.themes.all()),
        "pdf": pdf,
    }


def alert_message(context: dict, subscriber: Subscriber):
    token = manage_token(subscriber)
    unsubscribe_url = context["root"] + reverse("press:unsubscribe", args=[token])
    message = build_message(
        "press/mail/alert",
        {
            **context,
            "manage_url": context["root"] + reverse("press:manage", args=[token]),
            "unsubscribe_url": unsubscribe_url,
        },
        to=subscriber.email,
        headers={
            # RFC 2369 and RFC 8058: mail clients show their own « se désabonner » button and
            # unsubscribe with one POST, no page to visit.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Alertes presse CPME Occitanie <alertes-presse.cpme-occitanie.fr>",
        },
    )
    return message


@background(max_attempts=8, queue_name="mail")
def send_batch(page_id: int, round_number: int, subscriber_ids: list[int]) -> None:
    page = alertable(page_id)
    if page is None:
        return
    context = alert_context(page)
    # Someone who unsubscribed since the fan-out gets nothing.
    subscribers = Subscriber.objects.active().filter(pk__in=subscriber_ids).order_by("pk")
    refused = send_each(
        (
            f"press-alert:{page_id}:{round_number}:{subscriber.pk}",
            lambda subscriber=subscriber: alert_message(context, subscriber),
        )
        for subscriber in subscribers.iterator()
    )
    if refused:
        raise PermanentFailure(
            f"{len(refused)} message(s) refusé(s) : " + "; ".join(r for _, r in refused)
        )


@background(max_attempts=8, queue_name="mail")
def send_confirmation(email: str, confirm_url: str, message_key: str) -> None:
    """The double opt-in message: the link that records the consent."""
    message = build_message(
        "press/mail/confirm", {"confirm_url": confirm_url, "email": email}, to=email
    )
    send_once(message, key=message_key)
