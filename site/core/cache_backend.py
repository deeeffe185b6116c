"""The Redis cache backend, with a circuit breaker so a hung Redis costs one timeout, not many.

django-redis with IGNORE_EXCEPTIONS turns a Redis failure into a cache miss, but every cache
call still waits for its socket timeout: a page making six calls to a Redis that accepts
connections and never answers took three seconds. After a failure, this backend skips Redis
for RETRY_AFTER seconds (each skipped call is an immediate, logged miss), then tries again,
so caching resumes by itself when Redis is back.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
_skip_until: dict[str, float] = {}  # per Redis location, shared by the threads of a process
_lock = threading.Lock()


class CircuitBreakingRedisCache(RedisCache):
    @property
    def client(self):
        return _GuardedClient(super().client, self._server)


class _GuardedClient:
    def __init__(self, client, location):
        self._client = client
        self._location = location

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if time.monotonic() < _skip_until.get(self._location, 0.0):
                error = ConnectionInterrupted(connection=None)
                error.__cause__ = ConnectionError("Redis skipped after a recent failure")
                raise error
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                with _lock:
                    _skip_until[self._location] = time.monotonic() + RETRY_AFTER
                logger.warning("Redis unreachable: cache skipped for %s s", RETRY_AFTER)
                raise

        return call
