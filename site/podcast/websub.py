"""WebSub: tell the hub the feed declares that it changed, so apps update within seconds.

The notification is background work (core.tasks): a hub that is down or answers 5xx/429 is
tried again with backoff; one that refuses the request (4xx) leaves a dead letter that staff
see in « Tâches de fond ». Both are logged.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from core.tasks import PermanentFailure, TemporaryFailure, background

from .models import FeedVersion, PodcastPage

logger = logging.getLogger(__name__)
TIMEOUT = 10  # seconds


@background(max_attempts=6, base_delay=30, max_delay=1800)
def notify_hub(hub_url: str, feed_url: str) -> None:
    """POST hub.mode=publish&hub.url=<feed> (WebSub §7, the de-facto publish ping)."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    request = urllib.request.Request(  # noqa: S310 (the hub is the site's own setting)
        hub_url,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise TemporaryFailure(f"Hub WebSub injoignable ({hub_url}) : {error}") from error
    if status >= 500 or status == 429:
        raise TemporaryFailure(f"Le hub WebSub {hub_url} a répondu {status}.")
    if status >= 400:
        raise PermanentFailure(f"Le hub WebSub {hub_url} a refusé la notification ({status}).")
    logger.info("WebSub hub %s notified for %s (%s)", hub_url, feed_url, status)


def feeds_changed() -> None:
    """Every feed got a new version (podcast.signals.renew_feeds): one notification per
    public show, when a hub is set."""
    if not settings.PODCAST_WEBSUB_HUB:
        return
    versions = dict(FeedVersion.objects.values_list("show_id", "version"))
    for show in PodcastPage.objects.live().public():
        feed_changed(show, versions.get(show.pk))


def feed_changed(show, version) -> None:
    """Queue one notification per new version of the show's feed (when a hub is set)."""
    hub = settings.PODCAST_WEBSUB_HUB
    if hub:
        notify_hub.enqueue(hub, show.feed_url, key=f"websub:{show.pk}:{version}")
