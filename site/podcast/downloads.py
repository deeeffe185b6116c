"""Download counting that needs no consent banner (CNIL audience-measurement exemption).

Rules, after the IAB podcast measurement guidelines: HEAD requests and `Range: bytes=0-1`
probes (what Apple's and other apps' players send before playing) are not downloads; a
listener counts once per episode per 24 hours. A listener is only the SHA-256 of a salt,
their IP address and user agent. The salt is random, one per day, stored in the database and
deleted two days later: from then on nobody, not even us, can link a hash to an address.
No cookie, no third party, no raw IP stored.

Counting must never cost the listener their episode, so any failure here is logged and the
redirect goes ahead.
"""

import datetime
import hashlib
import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import DateField, DateTimeField, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from config.security import client_ip

from .models import DailyDownloads, DownloadHit, DownloadSalt

logger = logging.getLogger(__name__)

PROBE_RANGES = {"bytes=0-0", "bytes=0-1"}
WINDOW = datetime.timedelta(hours=24)


def is_countable(method: str, range_header: str | None) -> bool:
    return method == "GET" and (range_header or "").strip().lower() not in PROBE_RANGES


def daily_salt(day: datetime.date, create: bool) -> str | None:
    key = f"podcast:download-salt:{day.isoformat()}"
    value = cache.get(key)
    if value:
        return value
    if create:
        salt, created = DownloadSalt.objects.get_or_create(
            day=day, defaults={"value": secrets.token_hex(32)}
        )
        if created:
            DownloadSalt.objects.filter(day__lt=day - datetime.timedelta(days=1)).delete()
        value = salt.value
    else:
        value = DownloadSalt.objects.filter(day=day).values_list("value", flat=True).first()
    if value:
        cache.set(key, value, 3600)
    return value


def listener_hash(salt: str, ip: str, user_agent: str) -> str:
    return hashlib.sha256(f"{salt}\n{ip}\n{user_agent}".encode()).hexdigest()


def record_download(episode_id, ip: str, user_agent: str, now=None) -> bool:
    """Count a download unless this listener was counted for the episode in the last 24 h.

    Today's hash is unique per episode (the database refuses a second one, even from two
    concurrent requests); yesterday's hash, computed with yesterday's salt, covers the hours
    of the window that lie before midnight.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    listener = listener_hash(daily_salt(today, create=True), ip, user_agent)
    yesterday_salt = daily_salt(today - datetime.timedelta(days=1), create=False)
    if (
        yesterday_salt
        and DownloadHit.objects.filter(
            episode_id=episode_id,
            listener=listener_hash(yesterday_salt, ip, user_agent),
            created_at__gt=now - WINDOW,
        ).exists()
    ):
        return False
    try:
        with transaction.atomic():
            DownloadHit.objects.create(episode_id=episode_id, listener=listener, created_at=now)
            _add_to_day(episode_id, today)
    except IntegrityError:
        return False  # already counted today
    return True


def _add_to_day(episode_id, day):
    updated = DailyDownloads.objects.filter(episode_id=episode_id, day=day).update(
        downloads=F("downloads") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                DailyDownloads.objects.create(episode_id=episode_id, day=day, downloads=1)
        except IntegrityError:  # another request created the day's row meanwhile
            DailyDownloads.objects.filter(episode_id=episode_id, day=day).update(
                downloads=F("downloads") + 1
            )


def count_request(request, episode_id) -> None:
    """Count the request if it is a download; never raise."""
    if not is_countable(request.method, request.headers.get("Range")):
        return
    try:
        with transaction.atomic():
            record_download(episode_id, client_ip(request), request.headers.get("User-Agent", ""))
    except DatabaseError:
        logger.exception("Download of episode %s not counted", episode_id)


def with_download_counts(episodes, today=None):
    """Annotate episodes with downloads over the last 7 and 30 days (today included) and in
    total, read from the daily counts so that figures survive the purge of raw hits."""
    today = today or timezone.localdate()

    def downloads_since(days):
        rows = DailyDownloads.objects.filter(episode=OuterRef("pk"))
        if days:
            rows = rows.filter(day__gt=today - datetime.timedelta(days=days))
        total = rows.values("episode").annotate(sum=Sum("downloads")).values("sum")
        return Coalesce(Subquery(total), 0)

    def downloads_in_first(days):
        """From the day of publication (Paris time) to `days` days later: the figure
        podcasters compare between episodes, whatever their age."""
        rows = DailyDownloads.objects.filter(
            episode=OuterRef("pk"),
            day__gte=OuterRef("published_day"),
            day__lt=OuterRef(f"published_day_{days}"),
        )
        total = rows.values("episode").annotate(sum=Sum("downloads")).values("sum")
        return Coalesce(Subquery(total), 0)

    def days_after(days):
        later = ExpressionWrapper(
            F("published_day") + datetime.timedelta(days=days), output_field=DateTimeField()
        )
        return Cast(later, DateField())

    published = TruncDate("first_published_at", tzinfo=timezone.get_current_timezone())
    return (
        episodes.annotate(published_day=published)
        .annotate(published_day_7=days_after(7), published_day_30=days_after(30))
        .annotate(
            downloads_7=downloads_since(7),
            downloads_30=downloads_since(30),
            downloads_total=downloads_since(None),
            downloads_first_7=downloads_in_first(7),
            downloads_first_30=downloads_in_first(30),
        )
    )


def daily_downloads(days: int, today=None, episode_id=None) -> list[tuple[datetime.date, int]]:
    """Downloads per day over the last `days` days (today included), zeros included, for the
    whole show or one episode."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=days - 1)
    rows = DailyDownloads.objects.filter(day__gte=start, day__lte=today)
    if episode_id is not None:
        rows = rows.filter(episode_id=episode_id)
    totals = dict(rows.values("day").annotate(total=Sum("downloads")).values_list("day", "total"))
    days_list = [start + datetime.timedelta(days=offset) for offset in range(days)]
    return [(day, totals.get(day, 0)) for day in days_list]


def purge_hits(older_than: datetime.timedelta, now=None) -> int:
    """Delete raw hits (daily totals stay) and salts older than yesterday."""
    now = now or timezone.now()
    deleted, _ = DownloadHit.objects.filter(created_at__lt=now - older_than).delete()
    DownloadSalt.objects.filter(
        day__lt=timezone.localdate(now) - datetime.timedelta(days=1)
    ).delete()
    return deleted
