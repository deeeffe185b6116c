"""Journalists and members in a real browser: embargo, filters, PDF and CSV downloads."""

import csv
import datetime
import io
import re

import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from positions.models import PositionIndexPage, PositionPage, Theme
from tests.e2e.conftest import E2E_DATABASE, log_in, serious_accessibility_violations
from tests.positions.factories import PositionPageFactory

pytestmark = E2E_DATABASE


def download(page, link):
    """What the browser receives when the visitor follows a download link (same session)."""
    response = page.request.get(link.evaluate("element => element.href"))
    assert response.status == 200
    return response


def close_date_picker(page, aside):
    """Click aside until the date picker is gone: it covers the dialog's button, and it may
    open late (on focus, after a timer), so one click aside is not always enough."""
    open_pickers = page.locator(".xdsoft_datetimepicker:visible")
    for _attempt in range(5):
        aside.click()
        page.wait_for_timeout(200)
        if open_pickers.count() == 0:
            return
    expect(open_pickers).to_have_count(0)


def test_an_embargoed_position_appears_only_after_the_scheduler_runs(demo_site, new_page):
    index = PositionIndexPage.objects.get()
    draft = PositionPageFactory(
        parent=index,
        title="Foncier économique : nos propositions",
        slug="foncier-economique",
        live=False,
        themes=[Theme.objects.get(slug="foncier")],
    )
    draft.save_revision()
    go_live = timezone.localtime() + datetime.timedelta(minutes=10)

    editor = new_page()
    log_in(editor, demo_site, "redacteur")
    editor.goto(f"{demo_site}/admin/pages/{draft.pk}/edit/")
    editor.locator("[data-side-panel-toggle=status]").click()
    editor.get_by_role("button", name="Programmer").click()
    editor.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    close_date_picker(
        editor, aside=editor.get_by_role("heading", name="Définir la programmation de publication")
    )
    editor.get_by_role("button", name="Enregistrer la programmation").click()
    expect(editor.locator(".messages")).to_contain_text("Foncier économique")
    editor.get_by_role("button", name="Plus d'actions").click()
    editor.locator("button[name=action-submit]").click()
    expect(editor.locator(".messages")).to_contain_text("soumise")

    moderator = new_page()
    log_in(moderator, demo_site, "moderatrice")
    moderator.goto(f"{demo_site}/admin/pages/{draft.pk}/edit/")
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name="Approuver").first.click()
    draft.refresh_from_db()
    assert draft.scheduled_revision is not None
    assert not draft.live

    visitor = new_page()
    assert visitor.goto(f"{demo_site}/prises-de-position/foncier-economique/").status == 404
    visitor.goto(f"{demo_site}/prises-de-position/")
    expect(visitor.locator("main")).not_to_contain_text("Foncier économique")

    with time_machine.travel(go_live + datetime.timedelta(minutes=2), tick=True):
        call_command("publish_scheduled")
        assert visitor.goto(f"{demo_site}/prises-de-position/foncier-economique/").status == 200
        visitor.goto(f"{demo_site}/prises-de-position/")
        expect(visitor.locator("main")).to_contain_text("Foncier économique")


def test_a_visitor_filters_and_downloads_the_pdf_and_the_csv(demo_site, new_page):
    visitor = new_page()
    visitor.goto(f"{demo_site}/prises-de-position/")
    visitor.select_option("#filtre-theme", "foncier")
    visitor.locator("form.filters button[type=submit]").click()
    expect(visitor).to_have_url(f"{demo_site}/prises-de-position/?q=&theme=foncier&kind=&year=")
    white_paper = PositionPage.objects.get(slug="redynamiser-l-industrie")
    visitor.get_by_role("link", name=white_paper.title).first.click()
    pdf = download(visitor, visitor.get_by_role("link", name="Télécharger le PDF"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"

    visitor.goto(f"{demo_site}/rapport-influence-2026/")
    visitor.select_option("#id_department", "31")
    visitor.locator("form.filters button[type=submit]").click()
    expect(visitor).to_have_url(re.compile(r"department=31"))
    export = download(visitor, visitor.get_by_role("link", name="CSV (UTF-8, séparateur virgule)"))
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text())))
    assert rows
    assert {row["departement_instance"] for row in rows} == {"31"}


def test_journalist_pages_have_no_serious_accessibility_violations(demo_site, new_page):
    page = new_page()
    problems = {}
    for path in [
        "/prises-de-position/",
        "/prises-de-position/redynamiser-l-industrie/",
        "/presse/",
        "/rapport-influence-2026/",
        "/recherche/?q=industrie",
    ]:
        assert page.goto(demo_site + path).status == 200, path
        violations = serious_accessibility_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
