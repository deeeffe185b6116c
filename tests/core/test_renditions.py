"""Renditions of an uploaded image are made by a background job (core.renditions): the
editor's upload request does not wait for them, the first visitor neither, and a file that
cannot be decoded is logged and leaves no rendition behind.

The queue is the production one: django-tasks-rq on a real Redis, worked by an RQ worker in
this process (see tests/core/test_rq.py for why in this process).
"""

import io
import logging
import re
from pathlib import Path

import django_rq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from rq import SimpleWorker
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection

from core.images import PRESETS
from core.models import BackgroundJob, JobStatus
from core.renditions import TEMPLATE_SPECS, standard_specs
from tests.home.factories import StandardPageFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def jpeg_bytes(size=(900, 600)):
    buffer = io.BytesIO()
    PillowImage.effect_mandelbrot(size, (-2, -1.2, 1, 1.2), 60).convert("RGB").save(
        buffer, "JPEG", quality=90
    )
    return buffer.getvalue()


def upload(client, content, name="photo.jpg"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Photo de l'assemblée générale",
            "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(user)
    return client


def rendition_files(settings):
    folder = Path(settings.MEDIA_ROOT) / "images"
    return sorted(path.name for path in folder.glob("*")) if folder.exists() else []


@pytest.mark.django_db
@pytest.mark.service("redis")
def test_an_upload_queues_its_renditions_and_the_worker_makes_them(
    admin, rq_backend, commit, settings, home_page
):
    with commit(execute=True):
        response = upload(admin, jpeg_bytes())
    assert response.status_code == 302
    image = get_image_model().objects.get()

    # The editor's request made none: the job waits in Redis.
    assert not image.renditions.exists()
    job = BackgroundJob.objects.get(key__startswith=f"renditions:{image.pk}:")
    assert job.status == JobStatus.QUEUED

    worker = django_rq.get_worker(
        "default", "mail", job_class="django_tasks_rq.Job", worker_class=SimpleWorker
    )
    with commit(execute=True):
        worker.work(burst=True)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(standard_specs(image))
    assert len(rendition_files(settings)) == len(made)

    # The first visitor of a page showing the picture waits for no new rendition.
    page = StandardPageFactory(parent=home_page, title="Assemblée générale", image=image)
    response = admin.get(page.url)
    assert response.status_code == 200
    assert image.renditions.count() == len(made)


@pytest.mark.django_db
def test_an_unreadable_image_is_logged_and_leaves_no_rendition(admin, commit, settings, caplog):
    """The upload form refuses a file Pillow cannot read; a file damaged in storage before
    the worker reads it (a truncated copy, a disk error) must not leave renditions."""
    caplog.set_level(logging.ERROR, logger="core.renditions")
    with commit() as hand_overs:
        response = upload(admin, jpeg_bytes())
    assert response.status_code == 302
    image = get_image_model().objects.get()
    stored = Path(image.file.path)
    stored.write_bytes(stored.read_bytes()[:4000])
    for hand_over in hand_overs:  # the queue reaches the worker now
        hand_over()

    job = BackgroundJob.objects.get(key__startswith=f"renditions:{image.pk}:")
    assert job.status == JobStatus.DEAD
    assert "Image illisible" in job.last_error
    assert any(f"Image {image.pk}" in record.getMessage() for record in caplog.records)
    assert not image.renditions.exists()
    assert rendition_files(settings) == []


@pytest.mark.django_db
def test_an_original_the_storage_cannot_give_is_tried_again_later(admin, commit, caplog):
    with commit() as hand_overs:
        upload(admin, jpeg_bytes((300, 200)))
    image = get_image_model().objects.get()
    Path(image.file.path).unlink()  # as when the bucket does not answer
    for hand_over in hand_overs:
        hand_over()

    job = BackgroundJob.objects.get(key__startswith=f"renditions:{image.pk}:")
    assert job.status == JobStatus.RETRYING
    assert "Original introuvable" in job.last_error
    assert not image.renditions.exists()


@pytest.mark.django_db
def test_a_new_title_queues_nothing_a_new_focal_point_queues_a_job(admin, commit):
    with commit(execute=True):
        upload(admin, jpeg_bytes((300, 200)))
    image = get_image_model().objects.get()
    image.title = "Nouveau titre"
    with commit(execute=True):
        image.save()
    assert BackgroundJob.objects.filter(key__startswith="renditions:").count() == 1

    image.focal_point_x, image.focal_point_y = 50, 40
    image.focal_point_width, image.focal_point_height = 20, 20
    with commit(execute=True):
        image.save()
    assert BackgroundJob.objects.filter(key__startswith="renditions:").count() == 2
    # The crops around the new focal point exist too.
    image = get_image_model().objects.get()
    specs = [Filter(spec) for spec in standard_specs(image)]
    assert len(image.find_existing_renditions(*specs)) == len(specs)


def test_every_spec_the_templates_name_is_made_in_advance():
    """A template asking for a spec the job does not make would have its first visitor wait."""
    named = set()
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        named |= set(re.findall(r"{%\s*image\s+\S+\s+([a-z]+-[\w|-]+)", text))
        for preset in re.findall(r"{%\s*responsive_image\s+\S+\s+\"(\w+)\"", text):
            assert preset in PRESETS, (template, preset)
    assert named, "no {% image %} found: the pattern above is out of date"
    assert named <= set(TEMPLATE_SPECS), named - set(TEMPLATE_SPECS)
