"""Rate limits on publishing, counted in the cache (Redis in production, shared by servers)."""

import datetime
import hashlib

from django.core.cache import cache

NEEDS_PER_DAY_PER_ORGANISATION = 20
RESPONSES_PER_DAY_PER_ORGANISATION = 60
REPORTS_PER_DAY_PER_ORGANISATION = 20


def over_limit(key: str, limit: int, period=datetime.timedelta(days=1)) -> bool:
    """Count one more event under `key`; True once `limit` is passed."""
    cache_key = f"members-limit:{hashlib.sha256(key.encode()).hexdigest()[:24]}"
    seconds = int(period.total_seconds())
    if cache.add(cache_key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return limit < 1
