"""Redis stopped or hung while the site runs: pages still answer, quickly, and caching resumes."""

import logging
import os
import signal
import time

import pytest
import redis
from django.urls import reverse

import core.cache_backend
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.service("redis")

# Connection refused is immediate; a hung server costs SOCKET_TIMEOUT per cache call.
PAGE_BUDGET_SECONDS = 2


@pytest.fixture
def redis_cache(settings, redis_server, monkeypatch):
    """The production cache configuration, pointed at a redis-server of the test's own."""
    monkeypatch.setattr(core.cache_backend, "RETRY_AFTER", 1.0)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.CircuitBreakingRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "cpme",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    return redis_server


@pytest.fixture
def site_pages(home_page):
    page = StandardPageFactory(parent=home_page, title="Pacte occitan", slug="pacte-occitan")
    return ["/", page.url]


@pytest.fixture
def editor(client, django_user_model):
    django_user_model.objects.create_superuser("moderatrice", "m@example.org", "secret")
    # Through the login form: django-axes checks every login against the request.
    response = client.post("/admin/login/", {"username": "moderatrice", "password": "secret"})
    assert response.status_code == 302
    return client


def cached_keys(server):
    return redis.Redis(port=server.port).keys("cpme:*")


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_pages_and_admin_survive_redis_going_away_and_caching_resumes(
    client, editor, redis_cache, site_pages, caplog
):
    for url in site_pages:
        assert client.get(url).status_code == 200
    assert cached_keys(redis_cache)  # the site does use Redis

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="django_redis"):
        for url in site_pages:
            response, elapsed = timed_get(client, url)
            assert response.status_code == 200, url
            assert elapsed < PAGE_BUDGET_SECONDS, url
        admin = client.get(reverse("wagtailadmin_home"))

    assert admin.status_code == 200  # still logged in: the session is in the database
    assert "moderatrice" in admin.content.decode()
    messages = {(record.name, record.getMessage()) for record in caplog.records}
    assert ("django_redis.cache", "Exception ignored") in messages
    assert ("core.cache_backend", "Redis unreachable: cache skipped for 1.0 s") in messages

    redis_cache.start()
    time.sleep(core.cache_backend.RETRY_AFTER)  # the circuit breaker lets Redis be tried again
    for url in site_pages:
        assert client.get(url).status_code == 200
    assert cached_keys(redis_cache)  # caching is back without a restart of the site


def test_a_hung_redis_costs_at_most_the_socket_timeouts(client, redis_cache, site_pages):
    for url in site_pages:
        client.get(url)
    os.kill(redis_cache.process.pid, signal.SIGSTOP)  # accepts connections, answers nothing
    try:
        for url in site_pages:
            response, elapsed = timed_get(client, url)
            assert response.status_code == 200, url
            assert elapsed < PAGE_BUDGET_SECONDS, (url, elapsed)
    finally:
        os.kill(redis_cache.process.pid, signal.SIGCONT)
