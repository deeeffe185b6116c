"""The production-like stack (deploy/stack.py) started once for the module's tests: Varnish in
front of two gunicorn nodes with production settings, on the database the suite runs on
(a SQLite file, or a PostgreSQL database of its own next to the test database)."""

import os
import subprocess
import textwrap

import dj_database_url
import pytest

from deploy import stack as stack_module


def _stack_database_url(tmp_path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{tmp_path / 'stack.sqlite3'}"
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_stack"
    admin = ["psql", "-h", config["HOST"] or "127.0.0.1", "-U", config["USER"] or "postgres"]
    subprocess.run([*admin, "-c", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run([*admin, "-c", f'CREATE DATABASE "{name}"'], check=True)
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    running = stack_module.start(_stack_database_url(workdir), workdir)
    try:
        running.manage("seed_demo", "--password", "stack-demo-2026", settings="config.settings.dev")
        yield running
    finally:
        running.stop_all()


def run_django(stack, code: str) -> str:
    """Python run against the stack's database in a process of its own (as an import, cron
    or another app node would), with production settings; returns the last line it printed
    (start-up messages may come before)."""
    result = stack.manage("shell", "-c", textwrap.dedent(code))
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""
