import pytest

from tests.influence.factories import InfluenceReportPageFactory


@pytest.fixture
def report_page(home_page):
    """The 2024 report: its figures describe 31 December 2024 whatever today is."""
    return InfluenceReportPageFactory(parent=home_page, year=2024)
