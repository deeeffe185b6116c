import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, seeded once per module inside a transaction that is rolled back after.

    seed_demo takes seconds; the sweeps below make hundreds of requests against it. Each test
    still runs in its own savepoint (the `db` fixture), so nothing leaks between tests.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def editor(django_user_model, db):
    """A member of Editors: writes and submits, never publishes or administers."""
    user = django_user_model.objects.create_user("redactrice-test", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def content(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


# Every kind of public page of the demo site, with its file-like routes.
PUBLIC_URLS = [
    "/",
    "/pacte-occitan/",
    "/antennes/",
    "/agenda/",
    "/agenda/agenda.ics",
    "/agenda/departement/31.ics",
    "/agenda/pme-xperience-toulouse/",
    "/agenda/pme-xperience-toulouse/agenda.ics",
    "/prises-de-position/",
    "/prises-de-position/flux/rss/",
    "/prises-de-position/flux/atom/",
    "/prises-de-position/flux/rss/foncier/",
    "/prises-de-position/redynamiser-l-industrie/",
    "/presse/",
    "/recherche/",
    "/rapport-influence-2026/",
    "/rapport-influence-2026/donnees/csv/",
    "/rapport-influence-2026/donnees/json/",
    "/rapport-influence-2026/donnees/schema/",
    "/cash-pme/",
    "/cash-pme/tresorerie-tenir-le-cap/",
    "/sitemap.xml",
    "/robots.txt",
]
# The HTML ones among them.
PUBLIC_PAGES = [
    url
    for url in PUBLIC_URLS
    if url.endswith("/") and "/flux/" not in url and "/donnees/" not in url
]
