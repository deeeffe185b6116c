"""Uploads while S3 is stopped, silent or answering 503: a French error, nothing half-done."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from core.forms import STORAGE_FAILURE_MESSAGE
from podcast.ingest import STORAGE_FAILURE_MESSAGE as AUDIO_FAILURE_MESSAGE
from podcast.models import AudioAsset
from positions.demo import simple_pdf
from tests.home.factories import StandardPageFactory
from tests.podcast.factories import audio_upload
from tests.reliability.conftest import (
    S3_ATTEMPTS,
    S3_CONNECT_TIMEOUT,
    S3_READ_TIMEOUT,
    bucket_keys,
    use_s3,
)

FRENCH_ERROR = "Le stockage des fichiers ne répond pas"
# Each attempt may wait for the connection and then for the answer; boto3's standard retry
# mode sleeps at most a couple of seconds in between. Twice that is the bound we accept.
WORST_CASE_SECONDS = 2 * S3_ATTEMPTS * (S3_CONNECT_TIMEOUT + S3_READ_TIMEOUT)


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), "#0b3d6e").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="livre-blanc.pdf"):
    return SimpleUploadedFile(name, simple_pdf([["Une page"]]), content_type="application/pdf")


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture(params=["stopped", "silent", "503"])
def broken_s3(request, settings, moto_s3):
    """S3 in one of three failure modes; yields a function asserting what reached the bucket."""
    if request.param == "stopped":
        moto_s3.stop()
        yield request.param, lambda: bucket_keys(moto_s3) == []
    elif request.param == "silent":
        endpoint, held = request.getfixturevalue("silent_endpoint")
        use_s3(settings, endpoint, "cpme-silent")
        yield request.param, lambda: len(held) >= 1  # it was called, and never answered
    else:
        endpoint, requests = request.getfixturevalue("failing_endpoint")
        use_s3(settings, endpoint, "cpme-failing")
        # the 503 was retried the configured number of times before giving up
        yield request.param, lambda: requests.count("PUT") == S3_ATTEMPTS


def upload_image(admin):
    return admin.post(
        reverse("wagtailimages:add"),
        {"title": "Photo", "file": png_upload(), "collection": Collection.get_first_root_node().pk},
    )


def upload_document(admin):
    return admin.post(
        reverse("wagtaildocs:add"),
        {"title": "Livre", "file": pdf_upload(), "collection": Collection.get_first_root_node().pk},
    )


@pytest.mark.parametrize(
    ("upload", "model"),
    [(upload_image, get_image_model), (upload_document, get_document_model)],
    ids=["image", "document"],
)
def test_library_upload_shows_a_french_error_and_keeps_nothing(admin, broken_s3, upload, model):
    mode, bucket_is_as_expected = broken_s3
    started = time.monotonic()
    response = upload(admin)
    elapsed = time.monotonic() - started

    assert response.status_code == 200, mode
    assert FRENCH_ERROR in response.content.decode()
    assert not model().objects.exists()
    assert not UploadedFile.objects.exists()
    assert bucket_is_as_expected()
    assert elapsed < WORST_CASE_SECONDS


@pytest.mark.parametrize("url", ["wagtailimages:add_multiple", "wagtaildocs:add_multiple"])
def test_multiple_upload_reports_the_failure_on_the_file(admin, moto_s3, url):
    moto_s3.stop()
    upload = png_upload() if "images" in url else pdf_upload()
    response = admin.post(reverse(url), {"files[]": upload})

    assert response.json() == {"success": False, "error_message": STORAGE_FAILURE_MESSAGE}
    assert not get_image_model().objects.exists()
    assert not get_document_model().objects.exists()
    assert bucket_keys(moto_s3) == []


def test_chooser_upload_from_the_page_editor_keeps_the_draft(admin, moto_s3, home_page):
    page = StandardPageFactory(parent=home_page, title="Programme")
    page.title = "Programme (brouillon non publié)"
    page.save_revision()
    moto_s3.stop()

    response = admin.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Photo",
            "image-chooser-upload-file": png_upload(),
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert FRENCH_ERROR in response.json()["htmlFragment"]
    assert page.get_latest_revision_as_object().title == "Programme (brouillon non publié)"
    assert not get_image_model().objects.exists()
    assert bucket_keys(moto_s3) == []


def test_a_working_bucket_gets_the_object_once_and_the_row_points_at_it(admin, moto_s3):
    assert upload_image(admin).status_code == 302
    assert upload_document(admin).status_code == 302

    image, document = get_image_model().objects.get(), get_document_model().objects.get()
    assert bucket_keys(moto_s3) == sorted([image.file.name, document.file.name])
    assert (image.width, image.height, image.file_size) == (64, 48, len(png_upload().read()))
    assert document.file_size == len(pdf_upload().read())


@pytest.fixture
def silent_s3(settings, silent_endpoint):
    endpoint, held = silent_endpoint
    use_s3(settings, endpoint, "cpme-silent")
    return held


def test_audio_upload_waits_no_longer_than_the_timeouts_allow(admin, silent_s3):
    started = time.monotonic()
    response = admin.post(reverse("audio:add"), {"title": "Ép.", "file": audio_upload()})
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert AUDIO_FAILURE_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert not AudioAsset.objects.exists()
    assert silent_s3  # the endpoint was reached and never answered
    assert S3_READ_TIMEOUT <= elapsed < WORST_CASE_SECONDS
