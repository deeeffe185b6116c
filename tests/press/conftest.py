import pytest

from tests.positions.factories import PositionIndexPageFactory, ThemeFactory


@pytest.fixture
def index_page(home_page):
    return PositionIndexPageFactory(parent=home_page)


@pytest.fixture
def themes(db):
    return {
        "energie": ThemeFactory(name="Énergie", slug="energie"),
        "foncier": ThemeFactory(name="Foncier", slug="foncier"),
    }
