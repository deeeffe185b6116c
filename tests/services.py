"""The programs some tests start themselves, where to find them, and one line saying what to
install when one is missing.

Tests marked ``@pytest.mark.service("redis")`` (or "postgres", "chromium", "axe", "varnish") fail at
setup with that line instead of a traceback from deep inside a fixture. They are never
skipped: CI runs them all. To leave them out on purpose: ``pytest -m "not service"``.
"""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESELECT = 'or leave these tests out with -m "not service"'


def postgres_bin_dir() -> Path | None:
    """PostgreSQL's server programs (initdb, pg_ctl, createdb): on the PATH, else where
    pg_config says they are (Debian keeps them off the PATH, in /usr/lib/postgresql/<v>/bin)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent  # the real directory: links may be partial
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(  # noqa: S603
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir and (Path(bindir) / "initdb").exists():
            return Path(bindir)
    return None


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHECKS = {
    "redis": (
        lambda: shutil.which("redis-server"),
        "needs redis-server on the PATH (Debian: apt-get install redis-server)",
    ),
    "postgres": (
        postgres_bin_dir,
        "needs PostgreSQL's server programs (initdb, pg_ctl) on the PATH or in pg_config "
        "--bindir (Debian: apt-get install postgresql)",
    ),
    "chromium": (
        lambda: Path(chromium_path()).exists(),
        "needs Chromium at CHROMIUM_PATH or /usr/bin/chromium (make browser)",
    ),
    "axe": (AXE.exists, "needs axe-core in node_modules (make browser, which runs npm ci)"),
    "varnish": (
        lambda: shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists(),
        "needs Varnish (Debian: apt-get install varnish varnish-modules; make test does it)",
    ),
}


def missing(service: str) -> str | None:
    """Why a service cannot run here, in one line, or None when it can."""
    found, explanation = CHECKS[service]
    return None if found() else f"this test {explanation}; install it, {DESELECT}."
