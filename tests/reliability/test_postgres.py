"""PostgreSQL of the tests' own (initdb): backup and restore, and a restart under load.

These run in both CI passes, SQLite and PostgreSQL alike: they never touch the database the
rest of the suite uses, nor the machine's PostgreSQL server.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.reliability.conftest import free_port, wait_for_port

pytestmark = pytest.mark.service("postgres")

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "cpme_faults"
COUNTED = {
    "pages": "SELECT count(*) FROM wagtailcore_page",
    "live pages": "SELECT count(*) FROM wagtailcore_page WHERE live",
    "revisions": "SELECT count(*) FROM wagtailcore_revision",
    "episodes": "SELECT count(*) FROM podcast_episodepage",
    "audio": "SELECT count(*) FROM podcast_audioasset",
    "positions": "SELECT count(*) FROM positions_positionpage",
    "mandates": "SELECT count(*) FROM influence_mandate",
    "representatives": "SELECT count(*) FROM influence_representative",
}
# What "no corrupted content" compares: every page's identity, state and latest content.
CONTENT = (
    "SELECT p.id, p.path, p.url_path, p.title, p.live, p.live_revision_id, md5(r.content::text) "
    "FROM wagtailcore_page p LEFT JOIN wagtailcore_revision r ON r.id = p.latest_revision_id "
    "ORDER BY p.id"
)


def environment(postgres, database=DATABASE, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": postgres.url(database),
        **extra,
    }


def manage(postgres, *args):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(postgres),
        check=True,
        capture_output=True,
        timeout=180,
    )


def query(postgres, sql, database=DATABASE):
    with psycopg.connect(postgres.url(database), autocommit=True) as connection:
        return connection.execute(sql).fetchall()


def counts(postgres, database=DATABASE):
    return {name: query(postgres, sql, database)[0][0] for name, sql in COUNTED.items()}


@pytest.fixture(scope="module")
def seeded(postgres_instance):
    """The demo content, migrated and seeded on the tests' own PostgreSQL."""
    postgres_instance.createdb(DATABASE)
    manage(postgres_instance, "migrate", "--no-input", "--skip-checks")
    manage(postgres_instance, "seed_demo")
    return postgres_instance


def test_a_dump_of_the_demo_restores_into_a_fresh_database(seeded, tmp_path):
    dump = tmp_path / "cpme.dump"
    connection = ["-h", "127.0.0.1", "-p", str(seeded.port), "-U", "postgres"]
    subprocess.run(  # noqa: S603
        [seeded.bin / "pg_dump", *connection, "--format=custom", "-f", dump, DATABASE],
        check=True,
        timeout=60,
    )
    seeded.createdb("cpme_faults_restored")
    subprocess.run(  # noqa: S603
        [seeded.bin / "pg_restore", *connection, "--no-owner", "-d", "cpme_faults_restored", dump],
        check=True,
        timeout=60,
    )

    original = counts(seeded)
    assert original["episodes"] > 0
    assert original["positions"] > 0
    assert original["mandates"] > 0
    assert counts(seeded, "cpme_faults_restored") == original
    restored = query(seeded, CONTENT, "cpme_faults_restored")
    assert restored == query(seeded, CONTENT)


class Gunicorn:
    def __init__(self, postgres, conn_max_age):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [ROOT / ".venv/bin/gunicorn", "--chdir", "site", "config.wsgi",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"],
            cwd=ROOT,
            env=environment(postgres, DATABASE_CONN_MAX_AGE=str(conn_max_age)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, timeout=30)
        deadline = time.monotonic() + 30
        while get(f"http://127.0.0.1:{self.port}/") != 200:  # the worker has loaded the site
            assert time.monotonic() < deadline, "gunicorn never answered"
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def load(servers, paths, seconds, results):
    """Four clients per server fetching pages in turn; results get (server, start, end, status)."""
    started = time.monotonic()

    def client(server, offset):
        index = offset
        while (start := time.monotonic() - started) < seconds:
            status = get(f"http://127.0.0.1:{server.port}{paths[index % len(paths)]}")
            results.append((server, start, time.monotonic() - started, status))
            index += 1

    threads = [
        threading.Thread(target=client, args=(server, offset))
        for server in servers
        for offset in range(4)
    ]
    for thread in threads:
        thread.start()
    return started, threads


def test_the_site_rides_out_a_postgresql_restart(seeded):
    paths = ["/", "/cash-pme/", "/prises-de-position/", "/recherche/?q=tresorerie"]
    before = query(seeded, CONTENT)
    servers = {age: Gunicorn(seeded, conn_max_age=age) for age in (0, 60)}
    try:
        results = []
        started, threads = load(servers.values(), paths, seconds=9, results=results)
        time.sleep(2)
        stopping_at = time.monotonic() - started
        seeded.stop()
        down_at = time.monotonic() - started
        time.sleep(2)
        restarting_at = time.monotonic() - started
        seeded.start()
        back_at = time.monotonic() - started
        for thread in threads:
            thread.join()
    finally:
        for server in servers.values():
            server.stop()

    recovery = 3  # seconds after PostgreSQL is back by which every answer is a 200 again
    for age, server in servers.items():
        mine = [(start, end, status) for owner, start, end, status in results if owner is server]
        assert {status for _, end, status in mine if end < stopping_at} == {200}, age
        assert {status for start, _, status in mine if start > back_at + recovery} == {200}, age
        during = {status for start, end, status in mine if down_at < start and end < restarting_at}
        assert during == {503}, age  # the outage was felt, as "come back soon", never as hangs
    assert query(seeded, CONTENT) == before
