"""The dependency audit fails on an advisory, and never passes when it could not ask."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def audit_module(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ignore = tmp_path / ".pip-audit-ignore"
    ignore.write_text("# comment\nPYSEC-2099-1  2026-11-20  not reachable: admin-only feature\n")
    monkeypatch.setattr(module, "IGNORE_FILE", ignore)
    return module


def run(module, monkeypatch, canary, locked):
    answers = iter([canary, locked])
    monkeypatch.setattr(module, "audit", lambda requirements: next(answers))
    try:
        module.main()
    except SystemExit as exit_info:
        return exit_info.code
    return 0


DJANGO_3 = [{"name": "django", "version": "3.2.0", "vulns": [{"id": "PYSEC-2021-1"}]}]


def vuln(identifier, aliases=()):
    return {"id": identifier, "fix_versions": ["9.9"], "aliases": list(aliases)}


def test_a_silent_advisory_service_is_a_failure_not_a_pass(audit_module, monkeypatch):
    silent = [{"name": "django", "version": "3.2.0", "vulns": []}]
    assert run(audit_module, monkeypatch, silent, []) == 2
    assert (
        run(
            audit_module,
            monkeypatch,
            DJANGO_3,
            [{"name": "wagtail", "skip_reason": "Dependency not found on PyPI"}],
        )
        == 2
    )


def test_an_advisory_fails_unless_ignored_with_a_date_and_reason(audit_module, monkeypatch):
    locked = [{"name": "wagtail", "version": "8.0.1", "vulns": [vuln("GHSA-xxxx")]}]
    assert run(audit_module, monkeypatch, DJANGO_3, locked) == 1
    locked = [{"name": "wagtail", "version": "8.0.1", "vulns": [vuln("GHSA-y", ["PYSEC-2099-1"])]}]
    assert run(audit_module, monkeypatch, DJANGO_3, locked) == 0
    clean = [{"name": "django", "version": "5.2.19", "vulns": []}]
    assert run(audit_module, monkeypatch, DJANGO_3, clean) == 0


def test_an_ignore_line_without_date_or_reason_is_refused(audit_module, tmp_path):
    audit_module.IGNORE_FILE.write_text("GHSA-xxxx because\n")
    with pytest.raises(SystemExit, match="expected 'ID YYYY-MM-DD reason'"):
        audit_module.ignored_ids()


def test_the_projects_ignore_file_is_well_formed():
    spec = importlib.util.spec_from_file_location("ci_audit_real", ROOT / ".ci" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert isinstance(module.ignored_ids(), set)
