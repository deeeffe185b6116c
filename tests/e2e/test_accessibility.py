"""axe-core in a real Chromium: no serious or critical violation on the public pages."""

import pytest

from tests.e2e.conftest import E2E_DATABASE, serious_accessibility_violations

PAGES = [
    "/",
    "/pacte-occitan/",
    "/antennes/",
    "/cash-pme/",
    "/cash-pme/tresorerie-tenir-le-cap/",
    "/agenda/",
    "/agenda/pme-xperience-toulouse/",
    "/plan-media-2026/",
    "/adherer/?departement=31",
    "/rapport-influence-2026/?department=31",
]

pytestmark = E2E_DATABASE


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_have_no_serious_accessibility_violations(demo_site, new_page, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    problems = {}
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        violations = serious_accessibility_violations(page)
        if violations:
            problems[path] = violations
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    assert problems == {}
