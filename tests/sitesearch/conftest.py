import pytest

from tests.positions.factories import PositionIndexPageFactory


@pytest.fixture
def index_page(home_page):
    return PositionIndexPageFactory(parent=home_page)
