"""Through Varnish in front of two gunicorn nodes (real processes, production settings):
what changes is visible on the very next request served through the cache, what is private
is never shared, and a node or the cache itself going away loses nothing."""

import concurrent.futures
import time
from collections import Counter

import pytest
import requests

from tests.stack.conftest import run_django

pytestmark = [pytest.mark.stack, pytest.mark.service("varnish")]

LISTING = "/prises-de-position/"


def fetch(stack, path, **kwargs):
    return requests.get(stack.url + path, allow_redirects=False, timeout=30, **kwargs)


def fetch_twice(stack, path):
    """The second answer, after a first request that let the cache store the page."""
    fetch(stack, path)
    return fetch(stack, path)


def first_live_position(stack) -> tuple[int, str]:
    printed = run_django(
        stack,
        """
        from positions.models import PositionPage
        page = PositionPage.objects.live().public().order_by("pk").first()
        print(page.pk, page.url)
        """,
    )
    pk, url = printed.split()
    return int(pk), url


def test_anonymous_pages_feeds_and_sitemap_are_served_from_the_cache(stack):
    for path in ("/", LISTING, "/cash-pme/", "/cash-pme/feed.xml", "/sitemap.xml"):
        second = fetch_twice(stack, path)
        assert second.status_code == 200, path
        assert second.headers["X-Cache"] == "HIT", path
        assert "s-maxage" in second.headers["Cache-Control"], path


def test_a_publish_is_visible_on_the_very_next_request_everywhere_it_shows(stack):
    pk, url = first_live_position(stack)
    for path in (url, LISTING, "/"):
        assert fetch_twice(stack, path).headers["X-Cache"] == "HIT"

    run_django(
        stack,
        f"""
        from positions.models import PositionPage
        page = PositionPage.objects.get(pk={pk})
        page.title = "Titre corrigé par un autre processus"
        page.save_revision().publish()
        """,
    )

    for path in (url, LISTING, "/"):
        answer = fetch(stack, path)
        assert answer.headers["X-Cache"] == "MISS", path
        assert "Titre corrigé par un autre processus" in answer.text, path


def test_an_embargoed_position_is_never_cached_and_appears_at_its_scheduled_release(stack):
    printed = run_django(
        stack,
        """
        import datetime
        from django.utils import timezone
        from positions.models import PositionIndexPage
        from tests.positions.factories import PositionPageFactory
        draft = PositionPageFactory(
            parent=PositionIndexPage.objects.get(), title="Sous embargo jusqu'à sa sortie",
            slug="sous-embargo", live=False,
        )
        release = timezone.now() + datetime.timedelta(seconds=4)
        draft.go_live_at = release
        draft.save_revision(approved_go_live_at=release)
        print(draft.url_path.split("/", 2)[2])
        """,
    )
    path = "/" + printed.strip()
    before = fetch_twice(stack, path)
    assert before.status_code == 404
    assert before.headers["X-Cache"] == "MISS"
    assert "Sous embargo" not in fetch_twice(stack, LISTING).text

    time.sleep(5)
    stack.manage("publish_scheduled")

    released = fetch(stack, path)
    assert released.status_code == 200
    assert "Sous embargo jusqu&#x27;à sa sortie" in released.text
    assert "Sous embargo" in fetch(stack, LISTING).text


def test_an_unpublished_page_is_gone_on_the_next_request(stack):
    pk, url = first_live_position(stack)
    title = fetch_twice(stack, url).text.split("<title>")[1].split("<")[0].split(" –")[0]
    assert fetch(stack, url).headers["X-Cache"] == "HIT"

    run_django(stack, f"from wagtail.models import Page; Page.objects.get(pk={pk}).unpublish()")

    assert fetch(stack, url).status_code == 404
    assert title not in fetch(stack, LISTING).text


def test_a_new_view_restriction_applies_on_the_next_request(stack):
    pk, url = first_live_position(stack)
    assert fetch_twice(stack, url).headers["X-Cache"] == "HIT"

    run_django(
        stack,
        f"""
        from wagtail.models import Page, PageViewRestriction
        PageViewRestriction.objects.create(
            page=Page.objects.get(pk={pk}), restriction_type=PageViewRestriction.LOGIN
        )
        """,
    )

    answer = fetch(stack, url)
    assert answer.status_code == 302
    assert "/login/" in answer.headers["Location"] or "connexion" in answer.headers["Location"]


def log_in_as_editor(stack) -> dict:
    """The admin's session cookie (secure in production: sent by hand over plain HTTP)."""
    login = requests.get(stack.url + "/admin/login/", timeout=30)
    csrf = login.cookies["csrftoken"]
    answer = requests.post(
        stack.url + "/admin/login/",
        data={"username": "redacteur", "password": "stack-demo-2026", "csrfmiddlewaretoken": csrf},
        cookies={"csrftoken": csrf},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return {"sessionid": answer.cookies["sessionid"], "csrftoken": csrf}


def test_a_logged_in_editors_page_is_never_served_to_anyone_else(stack):
    cookies = log_in_as_editor(stack)
    as_editor = fetch(stack, "/", cookies=cookies)
    assert as_editor.status_code == 200
    assert "wagtail-userbar" in as_editor.text
    assert "s-maxage" not in as_editor.headers.get("Cache-Control", "")

    for _ in range(2):
        anonymous = fetch(stack, "/")
        assert "wagtail-userbar" not in anonymous.text
    # Cookies that do not change the page neither split nor bypass the cache.
    assert fetch(stack, "/", cookies={"csrftoken": "x", "_pk_id": "y"}).headers["X-Cache"] == "HIT"


def test_no_request_is_lost_when_a_node_stops_under_load(stack):
    paths = [f"{LISTING}?essai={n}" for n in range(240)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(lambda path: fetch(stack, path).status_code, paths[:40])
        assert set(answers) == {200}
        futures = [
            pool.submit(lambda path=path: fetch(stack, path).status_code) for path in paths[40:]
        ]
        time.sleep(0.3)
        stack.stop("node_a")
        statuses = [future.result() for future in futures]
    try:
        assert Counter(statuses) == {200: len(statuses)}
    finally:
        stack.start_node("node_a")


def test_after_a_cache_restart_nothing_stale_is_served_and_a_missed_purge_is_retried(stack):
    pk, url = first_live_position(stack)
    stack.stop("varnish")
    run_django(
        stack,
        f"""
        from positions.models import PositionPage
        page = PositionPage.objects.get(pk={pk})
        page.title = "Changé pendant que le cache était arrêté"
        page.save_revision().publish()
        """,
    )
    failed_purges = run_django(
        stack,
        "from core.models import BackgroundJob; "
        "print(BackgroundJob.objects.filter(task__endswith='retry_purge').count())",
    )
    assert int(failed_purges) >= 1

    stack.start_varnish()
    assert "Changé pendant que le cache était arrêté" in fetch(stack, url).text
