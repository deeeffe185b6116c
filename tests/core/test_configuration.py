"""Configuration a newcomer relies on: the `.env` file is read, addresses stay in ASCII."""

import os
import re
import subprocess
import sys

from django.conf import settings

from config.env import load_env_file
from home.models import StandardPage
from tests.home.factories import StandardPageFactory


def test_the_env_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("CPME_FROM_FILE=fichier\nCPME_ALREADY_SET=fichier\n", encoding="utf-8")
    monkeypatch.delenv("CPME_FROM_FILE", raising=False)
    monkeypatch.setenv("CPME_ALREADY_SET", "plateforme")
    try:
        load_env_file(env_file)
        assert os.environ["CPME_FROM_FILE"] == "fichier"
        assert os.environ["CPME_ALREADY_SET"] == "plateforme"
    finally:
        os.environ.pop("CPME_FROM_FILE", None)


def test_a_missing_env_file_is_not_an_error(tmp_path):
    load_env_file(tmp_path / "absent.env")


def test_new_pages_get_ascii_addresses_and_old_ones_keep_theirs(home_page, client):
    page = home_page.add_child(
        instance=StandardPage(title="Épisode à l'été", intro="Chapeau", slug="")
    )
    assert page.slug == "episode-a-lete"

    existing = StandardPageFactory(parent=home_page, title="Déjà là", slug="déjà-là")
    existing.intro = "Modifiée"
    existing.save_revision().publish()
    existing.refresh_from_db()
    assert existing.slug == "déjà-là"
    assert client.get(existing.url).status_code == 200


def test_development_prints_each_log_line_once():
    """`make run` showed « Not Found: /… » twice: Django's console handler and ours."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('Not Found: /absente/'); "
        "logging.getLogger('podcast').warning('Flux régénéré'); "
        "logging.getLogger('django.server').info('\"GET / HTTP/1.1\" 200 10'); "
        "logging.getLogger('django.utils.autoreload').info('site.css changed, reloading.')"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR / "site",
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stderr.splitlines()
    assert lines[:2] == ["Not Found: /absente/", "Flux régénéré"]
    assert re.fullmatch(r'\[.+\] "GET / HTTP/1.1" 200 10', lines[2])  # runserver's request line
    assert lines[3:] == ["site.css changed, reloading."]
