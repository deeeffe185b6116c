"""A member in a real browser: from a theme badge to the theme's page, and the site search
from the header box to a filtered, highlighted result."""

from playwright.sync_api import expect

from tests.e2e.conftest import E2E_DATABASE, serious_accessibility_violations

pytestmark = E2E_DATABASE


def test_theme_badge_leads_to_the_theme_page_and_search_finds_the_antenna(demo_site, new_page):
    page = new_page()
    page.goto(f"{demo_site}/prises-de-position/?q=industrie")
    # The positions filter keeps its text; the header's search box does not take it.
    expect(page.locator("#filtre-q")).to_have_value("industrie")
    expect(page.locator("#menu-search-q")).to_have_value("")

    badge = page.locator(".position-card .theme-list a").first
    name, href = badge.inner_text(), badge.get_attribute("href")
    assert href.startswith("/themes/")
    badge.click()
    expect(page).to_have_url(f"{demo_site}{href}")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Nos positions et propositions")).to_be_visible()
    expect(page.locator(".position-card").first).to_be_visible()
    expect(page.locator("a", has_text="flux RSS")).to_have_attribute("href", f"{href}flux/rss/")
    assert serious_accessibility_violations(page) == []

    page.goto(f"{demo_site}/recherche/?q=Tarn")
    first = page.locator(".search-result__title a").first
    expect(first).to_have_text("CPME Tarn")
    expect(page.locator(".search-result__excerpt mark").first).to_have_text("Tarn")
    page.get_by_role("link", name="Événements 1").click()
    expect(page.locator(".search-result__title a")).to_have_text(["Réunion de l'antenne du Tarn"])
    assert serious_accessibility_violations(page) == []
