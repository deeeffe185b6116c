import pytest

from tests.home.factories import make_site_home


@pytest.fixture
def home_page(db):
    return make_site_home()
