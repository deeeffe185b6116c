"""Shared by the benchmarks: Django set-up on a throwaway database, results as JSON."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

sys.path.insert(0, str(ROOT))
from tests.podcast.tones import generate_mp3  # noqa: F401 (benchmarks' audio)


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


def valid_siren(n: int) -> str:
    """A SIREN that passes the members' checksum, distinct for each n (fictitious companies)."""
    from members.validators import luhn_valid

    stem = f"{n:08d}"
    return next(stem + str(k) for k in range(10) if luhn_valid(stem + str(k)))


def one_admin_per_organisation(organisations):
    """A user and an administrator membership for each organisation, in bulk."""
    from django.contrib.auth import get_user_model

    from members.models import Membership

    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"u{n}", email=f"u{n}@bench.example")
            for n in range(len(organisations))
        ],
        batch_size=2000,
    )
    return Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=o, full_name=f"Personne {n}", is_admin=True)
            for n, (u, o) in enumerate(zip(users, organisations, strict=True))
        ],
        batch_size=2000,
    )


def queries_of(client, url, params=None) -> list[str]:
    """The SQL of one GET, which must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured]
