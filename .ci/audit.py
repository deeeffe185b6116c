"""Dependency audit: pip-audit on requirements.lock against PyPI's advisory data.

Exit 0: no known advisory, apart from those listed in .pip-audit-ignore (each with the date it
was added and a reason). Exit 1: an advisory, or an ignore line without date or reason.
Exit 2: the advisory service did not answer. pip-audit reports a package it could not look up
as "skipped" and still says "No known vulnerabilities found"; a canary release with published
advisories tells a real "nothing found" from "nothing asked", so the audit never passes blind.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
LOCK = ROOT / "requirements.lock"
IGNORE_FILE = ROOT / ".pip-audit-ignore"
CANARY = "django==3.2.0\n"  # dozens of published advisories: the service must report them
IGNORE_LINE = re.compile(r"^(?P<id>\S+)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<reason>\S.*)$")


def ignored_ids():
    ids = set()
    for number, line in enumerate(IGNORE_FILE.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = IGNORE_LINE.match(line)
        if not match:
            sys.exit(f"{IGNORE_FILE.name}:{number}: expected 'ID YYYY-MM-DD reason', got {line!r}")
        ids.add(match["id"])
    return ids


def audit(requirements: Path) -> list[dict]:
    result = subprocess.run(  # noqa: S603 - our own virtualenv's pip-audit, fixed arguments
        [
            str(PIP_AUDIT),
            "--requirement",
            str(requirements),
            "--no-deps",  # the lock file is fully pinned: audit exactly what is installed
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--vulnerability-service",
            "pypi",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        return json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(2)


def unreachable(reason: str):
    print(f"\n!!! DEPENDENCY AUDIT DID NOT RUN: {reason}\n", file=sys.stderr)
    sys.exit(2)


def main():
    ignored = ignored_ids()
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as canary:
        canary.write(CANARY)
        canary.flush()
        if not any(dependency.get("vulns") for dependency in audit(Path(canary.name))):
            unreachable("the advisory service reported nothing for a release with known advisories")
    dependencies = audit(LOCK)
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in dependencies if "skip_reason" in d]
    if skipped:
        unreachable("packages could not be looked up:\n  " + "\n  ".join(skipped))
    found = [
        f"{dependency['name']} {dependency['version']}: {vuln['id']} "
        f"(fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
        for dependency in dependencies
        for vuln in dependency.get("vulns", [])
        if vuln["id"] not in ignored and not ignored.intersection(vuln.get("aliases", []))
    ]
    if found:
        print("Known advisories in requirements.lock:\n  " + "\n  ".join(found), file=sys.stderr)
        print(f"Upgrade the pin, or add a dated line to {IGNORE_FILE.name}.", file=sys.stderr)
        sys.exit(1)
    print(f"pip-audit: {len(dependencies)} locked packages, no known advisory.")


if __name__ == "__main__":
    main()
