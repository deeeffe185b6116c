"""The strict Content-Security-Policy in a real Chromium: public pages, the episode player and
the userbar shown to editors run without a single violation, and the admin keeps working."""

from tests.e2e.conftest import DEMO_PASSWORD, E2E_DATABASE

PAGES = [
    "/",
    "/pacte-occitan/",
    "/antennes/",
    "/agenda/",
    "/agenda/pme-xperience-toulouse/",
    "/prises-de-position/",
    "/prises-de-position/redynamiser-l-industrie/",
    "/presse/",
    "/recherche/?q=industrie",
    "/rapport-influence-2026/",
    "/cash-pme/",
    "/cash-pme/tresorerie-tenir-le-cap/",
    "/une-page-qui-n-existe-pas/",
]

pytestmark = E2E_DATABASE


def enforcing_page(browser):
    """A context that enforces the policy (the other browser tests bypass it to inject axe)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context, page, violations


def test_public_pages_trigger_no_policy_violation(demo_site, browser):
    context, page, violations = enforcing_page(browser)
    try:
        for path in PAGES:
            response = page.goto(demo_site + path)
            assert "unsafe-inline" not in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
        # The player (a static script) is there and the audio element loaded under the policy.
        page.goto(demo_site + "/cash-pme/tresorerie-tenir-le-cap/")
        assert page.evaluate("typeof document.getElementById('lecteur').currentTime") == "number"
        # The stylesheet applied: no inline style was needed for the map's legend.
        page.goto(demo_site + "/rapport-influence-2026/")
        swatch = page.locator(".map__swatch").first
        assert swatch.bounding_box()["width"] > 0
    finally:
        context.close()
    assert violations == []


def test_editors_keep_the_userbar_and_the_admin(demo_site, browser):
    context, page, violations = enforcing_page(browser)
    try:
        page.goto(f"{demo_site}/admin/login/")
        page.fill("#id_username", "redacteur")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{demo_site}/admin/")
        page.goto(f"{demo_site}/pacte-occitan/")
        page.wait_for_load_state("networkidle")
        trigger = page.locator("wagtail-userbar").locator("#wagtail-userbar-trigger")
        trigger.click()
        assert page.locator("wagtail-userbar").locator("#wagtail-userbar-items").is_visible()
        page.goto(f"{demo_site}/admin/pages/")
        assert page.locator("main").count() == 1
    finally:
        context.close()
    assert violations == []
