"""Replaced and deleted files go only after the commit; reconcile_storage finds the leftovers."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from podcast.models import AudioAsset
from tests.podcast.factories import make_audio_asset
from tests.positions.factories import make_document
from tests.reliability.conftest import bucket_keys
from tests.reliability.test_storage_uploads import png_upload


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(user)
    return client


def make_image(title="Photo"):
    image = get_image_model()(title=title)
    image.file = png_upload()
    image._set_image_file_metadata()
    image.save()
    return image


def replace_form(image):
    return get_image_form(get_image_model())(
        data={"title": image.title, "collection": image.collection_id},
        files={"file": png_upload("nouvelle.png")},
        instance=image,
    )


def test_replacing_an_image_deletes_the_old_object_and_renditions_after_commit(
    admin, moto_s3, django_capture_on_commit_callbacks
):
    image = make_image()
    rendition = image.get_rendition("fill-32x32")
    old_keys = {image.file.name, rendition.file.name}
    assert old_keys <= set(bucket_keys(moto_s3))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": "Photo",
                "file": png_upload("nouvelle.png"),
                "collection": image.collection_id,
            },
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert bucket_keys(moto_s3) == [image.file.name]
    assert not image.renditions.exists()


def test_a_rolled_back_replacement_keeps_the_old_object(
    db, moto_s3, django_capture_on_commit_callbacks
):
    image = make_image()
    old_name = image.file.name
    form = replace_form(image)
    assert form.is_valid()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                form.save()
                raise RuntimeError("la transaction échoue après l'enregistrement")
        except RuntimeError:
            pass

    assert callbacks == []
    image.refresh_from_db()
    assert image.file.name == old_name
    assert old_name in bucket_keys(moto_s3)


def test_wagtail_deletes_images_and_documents_from_the_bucket_after_commit(
    admin, moto_s3, django_capture_on_commit_callbacks
):
    image = make_image()
    image.get_rendition("fill-32x32")
    document = make_document()
    assert len(bucket_keys(moto_s3)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("wagtailimages:delete", args=[image.pk]))
        admin.post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert bucket_keys(moto_s3) == []


def test_deleting_while_s3_is_down_leaves_an_orphan_that_reconcile_removes(
    admin, moto_s3, django_capture_on_commit_callbacks
):
    image = make_image()
    moto_s3.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("wagtailimages:delete", args=[image.pk]))

    assert response.status_code == 302
    assert not get_image_model().objects.exists()
    assert bucket_keys(moto_s3) == [image.file.name]  # restarts the server

    call_command("reconcile_storage", "--delete", "--min-age-hours=0", stdout=io.StringIO())
    assert bucket_keys(moto_s3) == []


@pytest.fixture(params=["filesystem", "s3"])
def media(request, db):
    """Runs a test on the embedded default (files on disk) and on moto's S3 server."""
    if request.param == "s3":
        request.getfixturevalue("moto_s3")
    return request.param


def run_reconcile(*args):
    out = io.StringIO()
    call_command("reconcile_storage", *args, stdout=out)
    return out.getvalue()


def test_reconcile_lists_then_removes_orphans_and_lost_renditions(media):
    image = make_image()
    kept_rendition = image.get_rendition("fill-32x32")
    lost_rendition = image.get_rendition("fill-16x16")
    document = make_document()
    asset = make_audio_asset()
    default, audio = storages["default"], storages["podcast_audio"]
    orphans = [
        default.save("original_images/abandon.png", ContentFile(b"x")),
        default.save("documents/abandon.pdf", ContentFile(b"x")),
        audio.save("podcast/audio/0123456789abcdef/abandon.mp3", ContentFile(b"x")),
    ]
    default.delete(lost_rendition.file.name)
    default.delete(document.file.name)

    dry_run = run_reconcile("--min-age-hours=0")

    for name in orphans:
        assert f"à supprimer : {name}" in dry_run
    assert f"n° {lost_rendition.pk} (ligne à supprimer)" in dry_run
    assert f"n° {document.pk} (à traiter à la main)" in dry_run
    assert image.file.name not in dry_run
    assert asset.file.name not in dry_run
    assert "3 objet(s) sans ligne, 2 ligne(s) sans objet" in dry_run
    assert all(default.exists(name) or audio.exists(name) for name in orphans)

    run_reconcile("--delete", "--min-age-hours=0")

    assert not any(default.exists(name) or audio.exists(name) for name in orphans)
    assert list(image.renditions.all()) == [kept_rendition]
    assert default.exists(image.file.name)
    assert default.exists(kept_rendition.file.name)
    assert audio.exists(asset.file.name)
    assert get_document_model().objects.filter(pk=document.pk).exists()  # a human decides
    assert AudioAsset.objects.count() == 1
    assert "0 objet(s) sans ligne, 1 ligne(s) sans objet" in run_reconcile("--min-age-hours=0")


def test_recent_objects_are_left_to_uploads_in_progress(media):
    storages["default"].save("original_images/en-cours.png", ContentFile(b"x"))
    out = run_reconcile("--delete")
    assert "0 objet(s) sans ligne" in out
    assert "1 objet(s) récent(s) ignoré(s)" in out
    assert storages["default"].exists("original_images/en-cours.png")


def test_production_storages_survive_wagtails_json_deletion_task():
    """With the production S3 settings, Wagtail can queue a deletion: OPTIONS are plain data."""
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "for alias in ('default', 'podcast_audio'):\n"
        "    json.dumps(storages[alias].deconstruct())\n"
        "    config = storages[alias].client_config\n"
        "    print(alias, config.retries, config.connect_timeout, config.read_timeout)\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "AWS_STORAGE_BUCKET_NAME": "cpme-media",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=environment,
        cwd=Path(__file__).resolve().parents[2] / "site",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    retries = "{'mode': 'standard', 'total_max_attempts': 3}"
    assert result.stdout.splitlines() == [
        f"default {retries} 5 30",
        f"podcast_audio {retries} 5 30",
    ]
