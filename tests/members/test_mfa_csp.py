"""Two-factor enrolment works under the site's Content-Security-Policy: no inline script or
style that the policy would block, and the QR code an image the policy allows there only."""

import base64
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def signed_in(client, membership):
    """Signed in, then through allauth's re-authentication page (password), as a person is
    sent there before enrolling a second factor."""
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.url.startswith(reverse("account_reauthenticate"))
    reauthenticate = client.get(page.url)
    assert reauthenticate.status_code == 200
    assert_nothing_inline_blocked(reauthenticate.content.decode())
    done = client.post(page.url, {"password": "mot-de-passe-solide-2026"})
    assert done.status_code == 302
    return client


def assert_nothing_inline_blocked(html):
    for attributes, body in SCRIPT.findall(html):
        # A script without src would need 'unsafe-inline' or a nonce, which the policy has
        # neither of; JSON data blocks are not run, so the policy does not apply to them.
        assert "src=" in attributes or "application/json" in attributes, body[:80]
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handler either


def test_totp_enrolment_page_passes_the_policy(client, sme_member):
    signed_in(client, sme_member)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    policy = directives(page)
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    html = page.content.decode()
    assert_nothing_inline_blocked(html)
    # The QR code: an SVG as a data: image, which this page alone allows.
    src = re.search(r'<img[^>]+src="(data:image/svg\+xml;base64,[^"]+)"', html)
    assert src, "QR code image missing"
    assert "data:" in policy["img-src"]
    svg = base64.b64decode(src.group(1).split(",", 1)[1]).decode()
    assert svg.lstrip().startswith(("<?xml", "<svg"))
    assert "<script" not in svg
    assert 'name="code"' in html  # the code to confirm the enrolment


def test_other_two_factor_pages_pass_the_policy_without_data_images(client, sme_member):
    signed_in(client, sme_member)
    for name in ("mfa_index", "mfa_activate_totp"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert_nothing_inline_blocked(page.content.decode())
    assert "data:" not in directives(client.get(reverse("mfa_index")))["img-src"]
    assert "data:" not in directives(client.get(reverse("members:dashboard")))["img-src"]
