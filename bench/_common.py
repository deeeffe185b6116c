"""Shared by the benchmarks: Django set-up on a throwaway database, results as JSON."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def setup_django(**environment):
    """Configure Django on a throwaway database: a SQLite file in a temp dir, or a fresh
    PostgreSQL database on the DATABASE_URL server (dropped when the benchmark exits)."""
    sys.path.insert(0, str(ROOT / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = _fresh_postgres_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.update(environment)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _fresh_postgres_database(url):
    import atexit
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = f"cpme_bench_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return urlunsplit(parts._replace(path=f"/{name}"))


def peak_rss_reset():
    """Reset the kernel's peak-RSS mark for this process (Linux >= 4.0)."""
    Path("/proc/self/clear_refs").write_text("5")


def rss_kib(field="VmRSS"):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def write_results(name, rows):
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = "postgresql" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite"
    path = RESULTS / f"{name}-{database}-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps({"benchmark": name, "database": database, "rows": rows}, indent=2))
    return path


def print_table(rows):
    width = max(len(row["what"]) for row in rows)
    for row in rows:
        target = f"  (target {row['target']})" if row.get("target") else ""
        print(f"{row['what']:<{width}}  {row['value']}{target}")
