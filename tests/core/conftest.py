from pathlib import Path

import pytest

from tests.core import jobs


@pytest.fixture(autouse=True)
def test_templates(settings):
    """The test message's templates live with the tests, not with the site's."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]


@pytest.fixture(autouse=True)
def fresh_calls():
    jobs.reset()
    yield
    jobs.reset()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs on-commit callbacks (job hand-overs) of the block it wraps."""
    return django_capture_on_commit_callbacks
