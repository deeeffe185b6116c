"""Production installs requirements.lock alone: the code it runs imports no development
dependency, and the development lock only adds to the production one."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Top-level import names of the `dev` extra (pyproject.toml), and what they pull in.
DEV_ONLY = {
    "lameenc",
    "pytest",
    "pytest_django",
    "wagtail_factories",
    "factory",
    "moto",
    "podcastparser",
    "playwright",
    "feedparser",
    "time_machine",
    "hypothesis",
    "pip_audit",
    "aiosmtpd",
    "fontTools",
    "ruff",
}
# Build-time commands run by `make fonts` and `make brand`, which install the dev lock.
BUILD_TOOLS = {
    "site/home/management/commands/refresh_fonts.py",
    "site/home/management/commands/build_brand_assets.py",
}


def imported_names(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def pins(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9_.\[\]-]+)==(\S+)", text, re.M))


def test_production_code_imports_no_development_dependency():
    offending = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "site").rglob("*.py")
        if str(path.relative_to(ROOT)) not in BUILD_TOOLS
        for name in imported_names(path)
        if name in DEV_ONLY
    ]
    assert offending == []


def test_the_production_lock_holds_no_development_tool():
    production = {name.lower() for name in pins("requirements.lock")}
    assert production.isdisjoint({"pytest", "lameenc", "ruff", "moto", "playwright"})
    assert {"django", "wagtail", "gunicorn", "python-dotenv"} <= production


def test_the_development_lock_extends_the_production_lock_with_the_same_versions():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: development.get(name) for name in production} == production
    assert "pytest" in development
