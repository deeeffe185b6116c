import datetime

import pytest

from tests.influence.factories import (
    InfluenceReportPageFactory,
    MediaActionFactory,
    MediaPlanPageFactory,
)


@pytest.fixture
def report_page(home_page):
    """The 2024 report: its figures describe 31 December 2024 whatever today is."""
    return InfluenceReportPageFactory(parent=home_page, year=2024)


@pytest.fixture
def media_plan(home_page):
    """A 2026 plan with one action of each status; planned actions not public."""
    plan = MediaPlanPageFactory(parent=home_page)
    MediaActionFactory(page=plan, topic="Sujet réalisé", outlet="La Gazette fictive")
    MediaActionFactory(
        page=plan,
        date=datetime.date(2026, 12, 3),
        channel="radio",
        outlet="Radio fictive",
        topic="Sujet prévu secret",
        status="prevu",
        coverage_url="",
    )
    MediaActionFactory(
        page=plan,
        date=datetime.date(2026, 6, 25),
        channel="evenement",
        outlet="Salon fictif",
        topic="Sujet annulé secret",
        status="annule",
        coverage_url="",
    )
    return plan
