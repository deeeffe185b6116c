"""The documentation stays true: every module, setting, management command, make target and
file it names in backticks exists. A rename that forgets the docs fails here."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
if (ROOT / "CONTRIBUTING.md").exists():
    DOCS.append(ROOT / "CONTRIBUTING.md")
APPS = {
    "config",
    "core",
    "home",
    "antennas",
    "events",
    "podcast",
    "positions",
    "press",
    "influence",
}
FILE_SUFFIXES = (".py", ".html", ".md", ".js", ".css", ".toml", ".lock", ".json", ".txt")
CODE = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(r"^[a-z_]+(\.[A-Za-z_][A-Za-z0-9_]*)+$")
SETTING = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
COMMANDS = re.compile(r"((?:`[a-z_]+`(?:, | and | or )?)+) (?:management )?commands?\b")


def spans(path):
    return CODE.findall(path.read_text(encoding="utf-8"))


def settings_and_environment():
    """Settings, the environment variables they read, and the constants of the code."""
    sources = [*(ROOT / "site").rglob("*.py"), *(ROOT / "deploy").rglob("*.py")]
    text = "\n".join(p.read_text() for p in sources)
    text += (ROOT / ".env.example").read_text() + (ROOT / "tests/services.py").read_text()
    return set(dir(settings)) | set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", text))


def resolves(dotted):
    """`podcast.cache`, `core.publishing.after_commit`, `podcast.AudioAsset` (a model)…"""
    parts = dotted.split(".")
    if len(parts) == 2 and parts[1][:1].isupper():
        try:
            django_apps.get_model(dotted)
            return True
        except LookupError:
            pass
    module = ROOT / "site" / Path(*parts)
    if module.with_suffix(".py").exists() or (module / "__init__.py").exists():
        return True  # a module (settings modules refuse to import outside their environment)
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def file_exists(name):
    name = name.split(":")[0].split(" ")[0].rstrip("/")
    return any((base / name).exists() for base in (ROOT, ROOT / "site", ROOT / "templates"))


def problems_in(path):
    known = settings_and_environment()
    commands = set(get_commands())
    make_targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    found = []
    for span in spans(path):
        if "<" in span or "*" in span or re.search(r"\.[A-Z]\d{3}$", span):
            continue  # a pattern (`<show>/feed.xml`, `bench/*_bench.py`) or a check id
        first = span.split(".")[0]
        if DOTTED.match(span) and first in APPS and not span.endswith(FILE_SUFFIXES):
            if not resolves(span):
                found.append(f"module or name {span}")
        elif SETTING.match(span) and span not in known:
            found.append(f"setting {span}")
        elif span.startswith("make ") and span.split()[1] not in make_targets:
            found.append(f"make target {span}")
        elif span.startswith("manage.py ") and span.split()[1] not in commands:
            found.append(f"command {span}")
        elif (
            "/" in span
            and " " not in span
            and span.endswith(FILE_SUFFIXES)
            and not span.startswith(("/", "http", "."))
            and not file_exists(span)
        ):
            found.append(f"file {span}")
    text = path.read_text(encoding="utf-8")
    for group in COMMANDS.findall(text):
        for command in re.findall(r"`([a-z_]+)`", group):
            if command not in commands:
                found.append(f"command {command}")
    return found


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_the_docs_name_only_what_exists(path):
    assert problems_in(path) == []


def test_the_check_catches_a_missing_module_setting_command_and_file(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "`core.nowhere`, `podcast.feeds.build_feed`, `NO_SUCH_SETTING`, `DEBUG`, "
        "`make nothing`, `make test`, `manage.py not_a_command`, the `seed_demo` command, "
        "`site/core/gone.py`, `site/core/pages.py`, the `no_command` command.",
        encoding="utf-8",
    )
    assert problems_in(page) == [
        "module or name core.nowhere",
        "setting NO_SUCH_SETTING",
        "make target make nothing",
        "command manage.py not_a_command",
        "file site/core/gone.py",
        "command no_command",
    ]
