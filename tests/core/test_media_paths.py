"""/media/ never reaches documents: the route decides on the path the file system would see."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.positions.factories import PositionPageFactory, make_document

ROOT = Path(__file__).resolve().parents[2]

# Every spelling of "documents/<name>" under /media/ we could think of; {name} is the file.
SPELLINGS = [
    "/media/documents/{name}",
    "/media/./documents/{name}",
    "/media/%2e/documents/{name}",
    "/media/%2E/documents/{name}",
    "/media/%252e/documents/{name}",
    "/media/%25252e/documents/{name}",
    "/media/images/../documents/{name}",
    "/media/images/%2e%2e/documents/{name}",
    "/media/images/%2E%2E/documents/{name}",
    "/media/images/%252e%252e/documents/{name}",
    "/media/images/..%2fdocuments/{name}",
    "/media/images%2F..%2Fdocuments/{name}",
    "/media/images/..%252fdocuments/{name}",
    "/media/images/..%5cdocuments%5c{name}",
    "/media//documents/{name}",
    "/media///documents/{name}",
    "/media/documents//{name}",
    "/media/Documents/{name}",
    "/media/DOCUMENTS/{name}",
    "/media/%64ocuments/{name}",
    "/media/%2564ocuments/{name}",
    "/media/documents%2f{name}",
    "/media/./././documents/{name}",
    "/media/original_images/../../media/documents/{name}",
]


@pytest.fixture(params=["embedded", "production"])
def mode(request, settings):
    """The embedded default, and production without a bucket (HTTPS only, no debug)."""
    if request.param == "production":
        settings.DEBUG = False
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return request.param


@pytest.fixture
def embargoed_pdf(index_page):
    document = make_document(title="Communiqué sous embargo", filename="embargo.pdf")
    PositionPageFactory(parent=index_page, pdf=document, live=False)
    name = os.path.basename(document.file.name)
    assert document.file.name == f"documents/{name}"
    return name


@pytest.fixture
def index_page(home_page):
    from tests.positions.factories import PositionIndexPageFactory

    return PositionIndexPageFactory(parent=home_page)


def test_no_spelling_of_documents_is_served_under_media(client, mode, embargoed_pdf):
    served = []
    for spelling in SPELLINGS:
        url = spelling.format(name=embargoed_pdf)
        for headers in ({}, {"HTTP_RANGE": "bytes=0-4"}):
            response = client.get(url, secure=True, **headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != 404 or b"%PDF" in body:
                served.append((url, headers, response.status_code))
    assert served == []


def test_other_media_are_still_served_in_both_modes(client, mode, db, settings):
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nimage")
    response = client.get("/media/original_images/logo.png", secure=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"image")
    ranged = client.get("/media/original_images/logo.png", secure=True, HTTP_RANGE="bytes=0-3")
    assert ranged.status_code == 206


def test_production_without_a_bucket_serves_media_through_the_same_view():
    """The production settings turn the media route on when no bucket is configured."""
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.urls import resolve;"
        "from core.media import serve_media;"
        "assert settings.SERVE_MEDIA;"
        "assert resolve('/media/./documents/x.pdf').func is serve_media"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "test-secret-key-long-enough-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "AWS_STORAGE_BUCKET_NAME": "",
        "PYTHONPATH": str(ROOT / "site"),
    }
    env.pop("DJANGO_SERVE_MEDIA", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
