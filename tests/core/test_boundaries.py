"""`core` is what content apps build on: it must never import one of them, or a change in a
content app could break every other app through it."""

import ast
from pathlib import Path

from django.conf import settings

CONTENT_APPS = {"home", "antennas", "events", "podcast", "positions", "influence"}
CORE = Path(settings.SITE_DIR) / "core"


def imported_top_level_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_core_imports_no_content_app():
    offenders = {
        f"{path.relative_to(CORE)} imports {module}"
        for path in CORE.rglob("*.py")
        for module in imported_top_level_modules(path)
        if module in CONTENT_APPS
    }
    assert not offenders, sorted(offenders)
