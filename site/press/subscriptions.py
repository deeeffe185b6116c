"""Press alert subscriptions: double opt-in, links, rate limits, consent and retention.

Plain functions; the views only read forms and render. Links are signed with Django's
`signing` (HMAC of SECRET_KEY, salted per purpose): a confirmation link carries the address
and themes and expires after `CONFIRMATION_MAX_AGE`; a subscription link (change themes,
unsubscribe) carries the subscriber's id and a digest of the address, and dies with the row.
"""

import datetime
import hashlib

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from core.ratelimit import over_limit
from positions.models import Theme

from .models import Subscriber

CONFIRMATION_MAX_AGE = datetime.timedelta(hours=48)
CONFIRM_SALT = "press.confirm"
MANAGE_SALT = "press.manage"

# What a journalist accepts by confirming: stored with the subscription as proof of consent.
CONSENT_TEXT = (
    "Inscription aux alertes presse de la CPME Occitanie depuis le formulaire de l'espace "
    "presse, confirmée par le lien reçu à cette adresse : j'accepte de recevoir un e-mail à "
    "chaque publication d'un communiqué ou d'une prise de position sur les thèmes choisis. "
    "Je peux changer de thèmes ou me désabonner à tout moment par le lien présent dans "
    "chaque message."
)

# At most this many sign-ups per client address per hour, and confirmation e-mails per
# recipient address per day: a form filled in a loop cannot flood anyone's mailbox.
SIGNUPS_PER_HOUR_PER_CLIENT = 5
CONFIRMATIONS_PER_DAY_PER_ADDRESS = 3


class InvalidLink(Exception):
    """A confirmation or subscription link that cannot be used; the message says why."""


def normalise_email(address: str) -> str:
    """Domain names are case-insensitive, and so are mailboxes in practice."""
    return address.strip().lower()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def confirmation_token(email: str, theme_ids: list[int] | None) -> str:
    """The sign-up, signed and timestamped: nothing is stored until it comes back."""
    payload = {"e": normalise_email(email), "t": sorted(theme_ids) if theme_ids else None}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> tuple[str, list[int] | None]:
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as error:
        raise InvalidLink(
            "Ce lien de confirmation a expiré : il est valable 48 heures. "
            "Inscrivez-vous à nouveau pour en recevoir un autre."
        ) from error
    except signing.BadSignature as error:
        raise InvalidLink(
            "Ce lien de confirmation n'est pas valide : vérifiez qu'il a été copié en entier, "
            "ou inscrivez-vous à nouveau."
        ) from error
    return payload["e"], payload["t"]


@transaction.atomic
def confirm(email: str, theme_ids: list[int] | None) -> Subscriber:
    """Record the consent: a new subscriber, or a returning one with fresh dates and themes."""
    now = timezone.now()
    themes = list(Theme.objects.filter(pk__in=theme_ids or []))
    subscriber, _ = Subscriber.objects.update_or_create(
        email=email,
        defaults={
            "all_themes": not themes,
            "consented_at": now,
            "consent_text": CONSENT_TEXT,
            "themes_changed_at": None,
            "unsubscribed_at": None,
        },
    )
    subscriber.themes.set(themes)
    return subscriber


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, digest(subscriber.email)], salt=MANAGE_SALT)


def subscriber_for(token: str) -> Subscriber:
    """The active subscriber a subscription link belongs to."""
    try:
        pk, email_digest = signing.loads(token, salt=MANAGE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink(
            "Ce lien d'abonnement n'est pas valide : utilisez celui du dernier message reçu."
        ) from error
    subscriber = Subscriber.objects.active().filter(pk=pk).first()
    if subscriber is None or digest(subscriber.email) != email_digest:
        raise InvalidLink(
            "Cet abonnement n'existe plus : vous êtes déjà désabonné(e) des alertes presse."
        )
    return subscriber


@transaction.atomic
def change_themes(subscriber: Subscriber, theme_ids: list[int] | None) -> None:
    themes = list(Theme.objects.filter(pk__in=theme_ids or []))
    subscriber.all_themes = not themes
    subscriber.themes_changed_at = timezone.now()
    subscriber.save(update_fields=["all_themes", "themes_changed_at"])
    subscriber.themes.set(themes)


@transaction.atomic
def unsubscribe(subscriber: Subscriber) -> None:
    """Sending stops at once and the themes go; the address and consent dates are kept for
    the retention period as proof, then deleted (`purge_press_subscribers`)."""
    subscriber.unsubscribed_at = timezone.now()
    subscriber.all_themes = False
    subscriber.save(update_fields=["unsubscribed_at", "all_themes"])
    subscriber.themes.clear()


def purge_unsubscribed(now=None) -> int:
    """Delete subscribers unsubscribed longer ago than the retention; returns how many."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.PRESS_UNSUBSCRIBED_RETENTION_DAYS)
    deleted, _ = Subscriber.objects.filter(unsubscribed_at__lt=limit).delete()
    return deleted


def signup_refused(client_ip: str, email: str) -> str | None:
    """The French reason to refuse a sign-up for flooding, or None."""
    if over_limit(
        f"press-signup:client:{client_ip}", SIGNUPS_PER_HOUR_PER_CLIENT, datetime.timedelta(hours=1)
    ):
        return (
            "Trop d'inscriptions ont été demandées depuis votre connexion. "
            "Réessayez dans une heure."
        )
    if over_limit(
        f"press-signup:address:{normalise_email(email)}",
        CONFIRMATIONS_PER_DAY_PER_ADDRESS,
        datetime.timedelta(days=1),
    ):
        return (
            "Plusieurs e-mails de confirmation ont déjà été envoyés à cette adresse "
            "aujourd'hui. Utilisez le dernier reçu, ou réessayez demain."
        )
    return None
