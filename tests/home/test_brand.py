"""The brand's files: icons browsers ask for, the web font and its fallback, the style guide."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from fontTools.ttLib import TTFont
from PIL import Image

from core import roles
from home.management.commands.refresh_fonts import STYLES, fallback_face, font_face_css

STATIC = Path(settings.BASE_DIR) / "static"


def test_the_favicon_and_the_manifest_answer_at_the_root(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    icon = Image.open(Path(settings.BASE_DIR) / "webroot" / "favicon.ico")
    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]

    manifest = json.loads(b"".join(client.get("/site.webmanifest").streaming_content))
    assert manifest["lang"] == "fr"
    for entry in manifest["icons"]:
        response = client.get(entry["src"])
        assert response.status_code == 200, entry["src"]
        width, height = (int(side) for side in entry["sizes"].split("x"))
        image = Image.open(Path(settings.BASE_DIR) / "webroot" / entry["src"].lstrip("/"))
        assert image.size == (width, height)


def test_every_page_links_the_icons_the_manifest_and_the_preloaded_font(client, home_page):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="manifest" href="/site.webmanifest">' in html
    assert 'rel="apple-touch-icon" href="/apple-touch-icon.png"' in html
    assert re.search(r'<link rel="preload" href="[^"]+figtree-latin-wght-normal\.woff2"', html)


def test_the_font_is_served_with_swap_and_a_fallback_of_the_same_metrics():
    """The @font-face block in site.css is the one `make fonts` computes from the served file:
    a font update that forgot to refresh the fallback metrics would shift text on load."""
    css = (STATIC / "css" / "site.css").read_text()
    for file_name in STYLES.values():
        assert (STATIC / "fonts" / file_name).stat().st_size > 10_000
    web = TTFont(STATIC / "fonts" / STYLES["normal"])
    regular = fallback_face(web, 400, "LiberationSans-Regular.ttf", ["Arial", "Liberation Sans"])
    bold = fallback_face(
        web, 800, "LiberationSans-Bold.ttf", ["Arial Bold", "Arial-BoldMT", "Liberation Sans Bold"]
    )
    expected = font_face_css(STYLES, [("300 599", regular), ("600 900", bold)])
    assert expected in css
    assert css.count("font-display: swap") == len(STYLES)
    assert '--font-sans: "Figtree", "Figtree Fallback"' in css
    # French needs these in the served subset: accents, œ, guillemets, narrow no-break space.
    cmap = web.getBestCmap()
    assert all(ord(char) in cmap for char in "éèêëàâçîïôûùüÿœŒÉÀ«»\u202f\u00a0€’")


def test_the_logo_files_are_self_contained_svg():
    for name in ("logo.svg", "logo-inverse.svg", "mark.svg"):
        svg = (STATIC / "brand" / name).read_text()
        assert svg.startswith("<svg")
        assert "<text" not in svg  # letters are outlines: no font needed to show the logo
        assert "<script" not in svg
        assert "style=" not in svg


def test_the_style_guide_is_for_staff_only(client, home_page):
    response = client.get("/admin/guide-de-style/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    visitor = User.objects.create_user("visiteur", password="x")
    client.force_login(visitor)
    assert client.get("/admin/guide-de-style/").status_code in (302, 403)

    editor = User.objects.create_user("redactrice", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    response = client.get("/admin/guide-de-style/")
    assert response.status_code == 200
    html = response.content.decode()
    for component in (
        "button--secondary",
        "card__media",
        "pill",
        "badge",
        "filters",
        "data-table",
        "notice--success",
        "form-field--error",
        "--color-navy-900",
    ):
        assert component in html, component  # fmt: skip


@pytest.mark.parametrize("path", ["/", "/plan-du-site/"])
def test_the_menu_works_without_javascript_as_a_plain_list(client, home_page, path):
    """The disclosure button is there for the script; the links are in the page's HTML."""
    html = client.get(path).content.decode()
    assert (
        '<button type="button" class="nav-toggle" aria-expanded="false" aria-controls="site-nav">'
        in html
    )
    assert '<nav id="site-nav" class="site-nav" aria-label="Navigation principale">' in html
    assert '<script src="/static/js/site.js"></script>' in html
