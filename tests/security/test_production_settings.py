"""Production settings refuse to start without their secrets and pass Django's deploy checks.

Apart from test_headers.py, whose tests all run against the seeded demo site: these only start
processes with production settings and need no database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_environment(**overrides):
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "x" * 64 + "-production-test-secret-key",
            "DJANGO_ALLOWED_HOSTS": "www.cpme-occitanie.example",
            "EMAIL_HOST": "smtp.cpme-occitanie.example",
            "PYTHONPATH": str(ROOT / "site"),
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def import_production_settings(**overrides):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": "  "}, "DJANGO_SECRET_KEY is empty"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS is required"),
        ({"DJANGO_ALLOWED_HOSTS": " , "}, "DJANGO_ALLOWED_HOSTS is required"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(overrides, message):
    result = import_production_settings(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_its_environment_and_passes_the_deploy_checks():
    assert import_production_settings().returncode == 0
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
