import io
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from podcast.cache import forget_served
from sitesearch.spelling import forget_vocabulary
from tests import services
from tests.home.factories import make_site_home
from tests.mail_server import SmtpServer
from tests.reliability.conftest import RedisServer

# Fuzz tests explore new inputs on every local run; CI replays a fixed sequence, so that a new
# finding shows up on a developer's machine rather than as a red build of unrelated work.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test needing a program that is not installed fails with one line saying which."""
    for marker in item.iter_markers("service"):
        problem = services.missing(marker.args[0])
        if problem:
            pytest.fail(problem, pytrace=False)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in fixtures


def pytest_terminal_summary(terminalreporter):
    """Lines a test records as its "summary" property (the relevance share of the site
    search), shown at the end of the run: pytest-xdist hands them back from its processes,
    where a print would be lost."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "summary":
                    terminalreporter.write_line(value)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that migrate the database back and forth run last: the database is emptied after
    them (as after any transactional test), and tests that use the database without a
    transaction of their own (the demo-site sweeps) run after pytest-django's db tests.

    A transactional test leaves an emptied database behind; Django refills it before the next
    one that asks (`serialized_rollback`). Test processes (pytest-xdist, `--dist loadfile`)
    run a module's tests together, so such a test lives in a module of transactional tests
    only: no ordinary test of its module runs after it on the emptied database."""
    items.sort(key=lambda item: item.get_closest_marker("migrates_database") is not None)
    modules = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)
    for path, module_items in modules.items():
        transactional = [item for item in module_items if _is_transactional(item)]
        if not transactional:
            continue
        if len(transactional) != len(module_items):
            raise pytest.UsageError(f"{path}: transactional tests need a module of their own")
        for item in transactional:
            if not item.get_closest_marker("django_db").kwargs.get("serialized_rollback"):
                # Without it, the flush after the test lets Django recreate content types
                # under new ids, and a later test restoring the migrated data collides.
                raise pytest.UsageError(f"{item.nodeid}: needs serialized_rollback=True")


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Each test writes its uploads to its own media folder, so file assertions are exact."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (Django's, the feeds and the typo vocabulary's
    rebuilds this process keeps in memory), as its database starts empty."""
    cache.clear()
    forget_served()
    forget_vocabulary()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, seeded once per module inside a transaction that is rolled back after.

    seed_demo takes seconds; a sweep makes hundreds of requests against it. Each test
    still runs in its own savepoint (the `db` fixture), so nothing leaks between tests.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def home_page(db):
    return make_site_home()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free 127.0.0.1 port, with Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.settings_for(settings)
    yield server
    server.stop()


@pytest.fixture
def rq_backend(settings):
    """RQ on a redis-server of the test's own, with the site's queues and their time limits."""
    server = RedisServer()
    settings.RQ_QUEUES = {
        name: {**options, "URL": server.url} for name, options in settings.RQ_QUEUES.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}
    }
    yield server
    server.stop()
