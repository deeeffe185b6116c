"""Counting events in the shared cache, to refuse floods from one client."""

import datetime
import hashlib

from django.core.cache import cache


def over_limit(key: str, limit: int, period: datetime.timedelta) -> bool:
    """Count one more event under `key` for `period`; True once `limit` is passed.

    The count lives in the cache (Redis in production, shared by every app server) under a
    digest of the key, so no address is written anywhere for a refused request.
    """
    cache_key = f"rate-limit:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    seconds = int(period.total_seconds())
    if cache.add(cache_key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return limit < 1
