import pytest
from django.core.cache import cache

from podcast.cache import forget_served
from tests.home.factories import make_site_home


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Each test writes its uploads to its own media folder, so file assertions are exact."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (Django's, and the feeds this process keeps in
    memory), as its database starts empty."""
    cache.clear()
    forget_served()


@pytest.fixture
def home_page(db):
    return make_site_home()
