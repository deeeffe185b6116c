"""The relevance test set (tests/sitesearch/relevance_cases.py) on the demo content.

Every case must pass on PostgreSQL. On SQLite some cannot: its FTS5 engine has no French
stemming, ignores the fields' boosts (bm25 over the title and body columns only) and offers
no fuzzy search; those cases are strict expected failures, each with its reason, so a
change that makes one pass (or fail on PostgreSQL) is noticed.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from tests.sitesearch.relevance_cases import CASES

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

BM25 = "SQLite's bm25 ignores the fields' boosts"
SQLITE_FAILURES = {
    "livre blanc": f"{BM25}: the media plan, which names the white paper often, ranks first",
    "pacte occitan": f"{BM25}: the short Journée Achat event outranks the programme page",
    "réindustrialisation": "SQLite's FTS5 has no French stemming: whole words only",
    "tresorrie": "no typo correction on SQLite (it needs pg_trgm: sitesearch.spelling)",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """seed_demo once for the module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def result_urls(client, query):
    html = client.get("/recherche/", {"q": query}).content.decode()
    return re.findall(r'<h2 class="search-result__title"><a href="([^"]+)"', html)


def passes(client, query, url, rank):
    return url in result_urls(client, query)[:rank]


def _case(query, url, rank):
    reason = SQLITE_FAILURES.get(query)
    marks = [pytest.mark.xfail(ON_SQLITE, reason=reason, strict=True)] if reason else []
    return pytest.param(query, url, rank, marks=marks, id=query)


@pytest.mark.parametrize(("query", "url", "rank"), [_case(*case) for case in CASES])
def test_expected_result_ranks_high_enough(client, demo_content, query, url, rank):
    urls = result_urls(client, query)
    assert url in urls[:rank], f"« {query} »: {url} not in the first {rank} of {urls[:5]}"


def test_relevance_share(client, demo_content, record_property):
    failing = [query for query, url, rank in CASES if not passes(client, query, url, rank)]
    backend = "SQLite" if ON_SQLITE else "PostgreSQL"
    named = ", ".join(f"« {query} »" for query in failing)
    # Printed in the run's summary by tests/conftest.py, also from pytest-xdist's processes.
    record_property(
        "summary",
        f"relevance on {backend}: {len(CASES) - len(failing)}/{len(CASES)} queries pass"
        + (f" (failing: {named})" if failing else ""),
    )
    assert len(CASES) >= 30
    assert set(failing) == (set(SQLITE_FAILURES) if ON_SQLITE else set())
