"""What the app tells a shared cache (Varnish, a CDN): which answers every anonymous visitor
may share, and a purge after each change, retried when the cache does not answer. The same
rules through a real Varnish: tests/stack/."""

import http.server
import threading

import pytest

from core.models import BackgroundJob
from tests.home.factories import StandardPageFactory


@pytest.fixture
def purge_receiver(settings):
    """A local HTTP server standing for Varnish: it records the purges it receives."""
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SHARED_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield received
    server.shutdown()
    server.server_close()


def shared_lifetime(response) -> int | None:
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name == "s-maxage":
            return int(value)
    return None


def test_a_published_page_may_be_shared_until_the_next_hour_at_most(client, home_page):
    page = StandardPageFactory(parent=home_page)
    for _ in range(2):  # rendered, then from the app's own page cache
        lifetime = shared_lifetime(client.get(page.url))
        assert lifetime is not None
        assert 0 < lifetime <= 3600


def test_feeds_and_site_maps_may_be_shared(client, home_page):
    assert shared_lifetime(client.get("/sitemap.xml")) is not None
    assert shared_lifetime(client.get("/plan-du-site/")) is not None


def test_nothing_personal_is_ever_marked_shareable(client, home_page, admin_user):
    page = StandardPageFactory(parent=home_page)
    assert shared_lifetime(client.get("/admin/login/")) is None
    assert shared_lifetime(client.get("/page-qui-n-existe-pas/")) is None
    client.force_login(admin_user)
    assert shared_lifetime(client.get(page.url)) is None
    assert shared_lifetime(client.get("/admin/")) is None
    assert shared_lifetime(client.get(f"/admin/pages/{page.pk}/edit/preview/")) is None


def test_a_publish_purges_the_shared_cache_once_it_commits(
    home_page, purge_receiver, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_page)
    purge_receiver.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Nouveau titre"
        page.save_revision().publish()
        assert purge_receiver == []  # not before the change is visible to other requests
    assert purge_receiver


def test_a_purge_the_cache_does_not_answer_is_logged_and_retried(
    home_page, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SHARED_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    page = StandardPageFactory(parent=home_page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "not purged" in caplog.text
    retries = BackgroundJob.objects.filter(task__endswith="retry_purge")
    assert retries.exists()
    assert retries.first().arguments["args"] == ["http://127.0.0.1:9/"]
