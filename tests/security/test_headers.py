"""Response headers and production settings: the browser is told to run only our own files."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.security.conftest import PUBLIC_PAGES, PUBLIC_URLS, content

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("demo")


# JSON-LD and json_script blocks are data: browsers never execute them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, event-handler
    attributes, javascript: links, <style> elements and style attributes."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline = tag == "script" and "src" not in attributes
        if inline and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} attribute on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_responses_carry_a_strict_content_security_policy(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_contain_no_inline_script_or_style(client, db, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("text/html")
    assert inline_code(content(response)) == []


def test_the_404_and_500_pages_contain_no_inline_code(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert inline_code(content(response)) == []

    server_error = (ROOT / "templates" / "500.html").read_text()
    assert inline_code(server_error) == []
    assert '<link rel="stylesheet" href="/static/css/error.css">' in server_error
    assert (ROOT / "static" / "css" / "error.css").exists()


def test_the_admin_is_left_out_of_the_strict_policy_and_still_works(client, db, editor):
    """Wagtail's admin needs inline scripts: the policy skips /admin/ and /django-admin/."""
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "<script" in content(response)
    assert "Content-Security-Policy" not in client.get("/admin/login/")
    assert "Content-Security-Policy" not in client.get("/django-admin/login/")
    # A page seen by a logged-in editor carries the Wagtail userbar, loaded from static files.
    page = client.get("/pacte-occitan/")
    assert "wagtail-userbar" in content(page)
    assert inline_code(content(page)) == []
