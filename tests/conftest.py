import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from podcast.cache import forget_served
from tests.home.factories import make_site_home

# Fuzz tests explore new inputs on every local run; CI replays a fixed sequence, so that a new
# finding shows up on a developer's machine rather than as a red build of unrelated work.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


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
