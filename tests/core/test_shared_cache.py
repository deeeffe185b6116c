"""What the app tells a shared cache (Varnish, a CDN): which answers every anonymous visitor
may share, and a purge after each change, retried when the cache does not answer. The same
rules through a real Varnish: tests/stack/."""

import http.server
import threading
from unittest import mock

import pytest

from core.models import BackgroundJob
from core.shared_cache import mark_render_degraded
from home.models import StandardPage
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
    lifetime = shared_lifetime(client.get(page.url))
    assert lifetime is not None
    assert 0 < lifetime <= 3600


def test_a_page_answers_if_none_match_with_304(client, home_page):
    """Varnish keeps the ETag with the page and revalidates browsers with it."""
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/", headers={"if-none-match": '"autre"'}).status_code == 200


def test_a_page_rendered_with_the_media_storage_down_is_not_shared(client, home_page):
    """The visitor who asked gets the page with its missing image; nobody else does (the
    real bucket stopped: tests/reliability/test_pages_without_s3.py)."""
    page = StandardPageFactory(parent=home_page)
    original = StandardPage.get_context

    def degraded_context(self, request, *args, **kwargs):
        mark_render_degraded()  # what core.storage.MediaS3Storage does when S3 fails
        return original(self, request, *args, **kwargs)

    with mock.patch.object(StandardPage, "get_context", degraded_context):
        degraded = client.get(page.url)
    assert degraded.status_code == 200
    assert shared_lifetime(degraded) is None
    assert "private" in degraded["Cache-Control"]
    assert shared_lifetime(client.get(page.url)) is not None  # the next render is whole


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
