"""The demo gives a believable, clearly fictional report (a second run changing nothing is
tests/home/test_seed_demo.py's)."""

import io

from django.core.management import call_command

from influence.models import Body, InfluenceReportPage, Mandate, Representative


def test_seed_demo_builds_the_2026_report(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    assert Mandate.objects.count() >= 40, "about forty demo mandates"
    departments = set(
        Body.objects.exclude(department_code="").values_list("department_code", flat=True)
    )
    assert len(departments) >= 6
    assert Body.objects.filter(level="regional").exists()
    assert Representative.objects.filter(public_consent=False).exists()
    assert all(
        "Démo" in company for company in Representative.objects.values_list("company", flat=True)
    )

    page = InfluenceReportPage.objects.get(year=2026)
    assert page.live
    response = client.get(page.url)
    assert response.status_code == 200
    hidden = Representative.objects.filter(public_consent=False).first()
    assert hidden.name not in response.content.decode()
