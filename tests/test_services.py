"""A test needing a program that is missing says which in one line (never a silent skip)."""

import shutil

from tests import services


def test_a_missing_program_is_explained_in_one_line(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert services.missing("redis") == (
        "this test needs redis-server on the PATH (Debian: apt-get install redis-server); "
        'install it, or leave these tests out with -m "not service".'
    )
    assert "pg_config --bindir" in services.missing("postgres")


def test_postgres_programs_are_found_without_a_hard_coded_version():
    bindir = services.postgres_bin_dir()
    assert bindir is not None
    assert (bindir / "initdb").exists()
    assert (bindir / "pg_ctl").exists()
