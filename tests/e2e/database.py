"""Whole copies of a test database, so that the browser tests seed the demo content once.

seed_demo takes about 15 s (pages, renditions, search index); copying the seeded database
back takes a fraction of a second: SQLite's online backup on SQLite, a database created from
a template on PostgreSQL. Both copy the real migrated and seeded tables as they are.
"""

import sqlite3
from contextlib import closing

import psycopg
from psycopg import sql

SQLITE = "django.db.backends.sqlite3"


def replace(database: dict, source: str, target: str) -> None:
    """Makes `target` an exact copy of `source` (file paths on SQLite, database names on
    PostgreSQL), on the server of the `database` settings. Nobody may write to `source`;
    connections still open on `target` (a live server's last request) are closed."""
    if database["ENGINE"] == SQLITE:
        # The backup API copies page by page under SQLite's locks, whatever the journal mode,
        # and waits for a reader of `target` that has not let go yet.
        with (
            closing(sqlite3.connect(source)) as origin,
            closing(sqlite3.connect(target, timeout=30)) as copy,
        ):
            origin.backup(copy)
        return
    with _server(database) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )


def drop(database: dict, name: str) -> None:
    """Removes a copy made by `replace` (on SQLite the file goes with its temporary folder)."""
    if database["ENGINE"] != SQLITE:
        with _server(database) as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _server(database):
    """A connection to the server's `postgres` database: a database cannot be dropped or
    used as a template by a connection to itself."""
    return psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )
