"""Browser tests: Playwright drives Debian's Chromium against a live server with demo data."""

import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright
from wagtail.models import Site

from tests import services
from tests.e2e import database

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# tests themselves are still plain synchronous code, so the async-safety guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "e2e-artifacts"
AXE = services.AXE
CHROMIUM = services.chromium_path()
DEMO_PASSWORD = "cpme-demo-2026"
# Without these, Chromium keeps trying to reach Google's services from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


# The live server reads the database from another thread, so tests commit for real; serialized
# rollback restores what migrations created (root page, groups, workflow) after each flush.
E2E_DATABASE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the browser tests' database is a file, as the embedded default is.

    An in-memory test database is one connection shared by the test and by every request
    thread of the live server; Django warns that simultaneous queries on it fail at random,
    and the editor's flow does send them together (autosave, editing-session ping, chooser).
    With a file, each thread has its own connection and SQLite's locking orders the writes.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path(tempfile.mkdtemp(prefix="cpme-e2e-db-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Browser tests need Chromium and axe-core: marked before `-m "not service"` selects,
    so that they say what is missing (tests/services.py) or can be left out on purpose."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.service("chromium"))
            item.add_marker(pytest.mark.service("axe"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestsInFlight:
    """The site's WSGI application, counting the requests it is still answering.

    Closing a browser context only hangs up on the server: a request already inside Django
    (an audio download counting its play) goes on writing. The test's teardown empties the
    database with TRUNCATE, which on PostgreSQL then deadlocks with that write; the server's
    teardown waits here for the last answer first.
    """

    def __init__(self, application):
        self.application = application
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return _ClosingResponse(response, self._finished)

    def _finished(self):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_idle(self, timeout=30):
        with self.changed:
            if not self.changed.wait_for(lambda: self.count == 0, timeout=timeout):
                raise TimeoutError(f"{self.count} request(s) still running after {timeout} s")


class _ClosingResponse:
    """A WSGI response that reports when the server closes it, sent in full or cut short."""

    def __init__(self, response, on_close):
        self.response, self.on_close = response, on_close

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.on_close()


@pytest.fixture
def site_server(settings):
    """The site on a free 127.0.0.1 port, sharing the test database."""
    overrides = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    for connection in overrides.values():
        connection.inc_thread_sharing()
    # The whole site as in production: our media view (with Range) instead of Django's test
    # media handler, which cannot answer byte ranges and so makes audio unseekable.
    site = RequestsInFlight(StaticFilesHandler(WSGIHandler()))
    thread = LiveServerThread("127.0.0.1", lambda _media: site, connections_override=overrides)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    url = f"http://127.0.0.1:{thread.port}"
    settings.WAGTAILADMIN_BASE_URL = url
    yield url
    try:
        site.wait_until_idle()
    finally:
        thread.terminate()
        for connection in overrides.values():
            connection.dec_thread_sharing()


def _copy_name(test_name, label):
    if connections["default"].vendor == "sqlite":
        return str(Path(test_name).with_name(f"{label}.sqlite3"))
    return f"{test_name}_{label}"


@pytest.fixture(scope="session", autouse=True)
def migrated_database(django_db_setup, django_db_blocker):
    """A copy of the test database as migrations left it, taken before the first browser
    test: each one empties the database after it (as any transactional test), so the demo is
    seeded from this copy whichever test asks first. (The browser tests run in a session of
    their own, see the Makefile.)"""
    settings_dict = connections["default"].settings_dict
    name = _copy_name(settings_dict["NAME"], "migrated")
    with django_db_blocker.unblock():
        connections.close_all()
        database.replace(settings_dict, settings_dict["NAME"], name)
    yield name
    database.drop(settings_dict, name)


@pytest.fixture(autouse=True)
def fresh_database(request, migrated_database):
    """Each browser test starts from a copy of a known database: the migrated one, or the
    seeded one for those that ask for `demo_site`. Django's own refill after the previous
    test's flush (`serialized_rollback`) does not reach the connection of a test that runs
    after Playwright started (a connection of another context, without the saved data)."""
    if "demo_site" not in request.fixturenames:
        settings_dict = connections["default"].settings_dict
        connections.close_all()
        database.replace(settings_dict, migrated_database, settings_dict["NAME"])


@pytest.fixture(scope="session")
def demo_database(migrated_database, django_db_blocker, tmp_path_factory):
    """The demo content, seeded once per session into a copy of the migrated database, with
    the media folder it wrote: `demo_site` copies both back for each test, which takes a
    fraction of a second where seed_demo takes about 15."""
    settings_dict = connections["default"].settings_dict
    test_name = settings_dict["NAME"]
    demo_name = _copy_name(test_name, "demo")
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        connections.close_all()
        database.replace(settings_dict, migrated_database, demo_name)
        settings_dict["NAME"] = demo_name
        try:
            with override_settings(MEDIA_ROOT=str(media)):
                call_command("seed_demo", password=DEMO_PASSWORD, stdout=open(os.devnull, "w"))  # noqa: SIM115
        finally:
            connections.close_all()
            settings_dict["NAME"] = test_name
    yield demo_name, media
    database.drop(settings_dict, demo_name)


@pytest.fixture
def demo_site(site_server, demo_database, settings):
    """The demo content on the running site (modules mark E2E_DATABASE): the session's
    seeded database copied over this test's one, its media into this test's folder, and the
    Site pointed at this server's address, as seed_demo does on every run."""
    demo_name, media = demo_database
    settings_dict = connections["default"].settings_dict
    connections.close_all()
    database.replace(settings_dict, demo_name, settings_dict["NAME"])
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    address = urlsplit(site_server)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    return site_server


@pytest.fixture
def new_page(browser, request):
    """Opens pages in fresh contexts; screenshots each into e2e-artifacts/ if the test fails."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None) and request.node.report_call.failed
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for index, page in enumerate(context.pages):
                page.screenshot(
                    path=ARTIFACTS / f"{request.node.name}-{number}-{index}.png", full_page=True
                )
        context.close()


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def serious_accessibility_violations(page):
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"– {[node['target'] for node in violation['nodes']][:3]}"
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]
