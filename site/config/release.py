"""Which release is running: cache keys carry it, so a deploy never serves the previous one's
markup (fragments and pages that link hashed static files removed by the new
collectstatic, templates that changed)."""

import hashlib
from pathlib import Path

MANIFEST_NAME = "staticfiles.json"  # written by collectstatic with the manifest storage
CODE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".lock")


def release_id(static_root: Path, code_roots: list[Path], declared: str = "") -> str:
    """The operator's release name (DJANGO_RELEASE_ID, e.g. the commit deployed) when given;
    otherwise a digest of the static manifest (hashed file names), of the code and templates,
    and of the locked dependencies, read once at start-up (a few hundred small files)."""
    if declared:
        return declared
    digest = hashlib.sha256()
    manifest = Path(static_root) / MANIFEST_NAME
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for root in map(Path, code_roots):
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.suffix in CODE_SUFFIXES and path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
