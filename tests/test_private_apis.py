"""The underscore-private Django and Wagtail APIs site/ still relies on, each because no public
one does the job (docs/architecture.md, "Private framework APIs"). A framework upgrade that
removes or changes one fails here, by name, instead of somewhere deep in an import or upload.
"""

import uuid
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils.functional import LazyObject
from wagtail.models import ReferenceIndex

from influence.imports import record_references
from influence.models import Mandate
from tests.influence.factories import MandateFactory

pytestmark = pytest.mark.django_db

UPGRADE = "a Django/Wagtail upgrade changed {name}, used by {user}: see docs/architecture.md"


def test_reference_index_internals_the_bulk_import_writes_with():
    user = "influence.imports.record_references"
    for name in (
        "_get_base_content_type",
        "_get_content_path_hash",
        "_extract_references_from_object",
    ):
        assert callable(getattr(ReferenceIndex, name, None)), UPGRADE.format(
            name=f"ReferenceIndex.{name}", user=user
        )
    mandate = MandateFactory()
    assert isinstance(ReferenceIndex._get_base_content_type(Mandate), ContentType), UPGRADE.format(
        name="ReferenceIndex._get_base_content_type (no longer a ContentType)", user=user
    )
    assert isinstance(ReferenceIndex._get_content_path_hash("body"), uuid.UUID), UPGRADE.format(
        name="ReferenceIndex._get_content_path_hash (no longer a UUID)", user=user
    )
    references = list(ReferenceIndex._extract_references_from_object(mandate))
    assert references, UPGRADE.format(name="_extract_references_from_object (none)", user=user)
    for reference in references:
        assert len(reference) == 4, UPGRADE.format(
            name="_extract_references_from_object (not 4-tuples)", user=user
        )

    # What the bulk writer records is exactly what Wagtail's public method would.
    ReferenceIndex.objects.all().delete()
    record_references(Mandate, [mandate])
    fields = ("content_type", "base_content_type", "object_id", "to_content_type", "to_object_id",
              "model_path", "content_path", "content_path_hash")  # fmt: skip
    recorded = set(ReferenceIndex.objects.values_list(*fields))
    ReferenceIndex.objects.all().delete()
    ReferenceIndex.create_or_update_for_object(mandate)
    assert recorded == set(ReferenceIndex.objects.values_list(*fields)), UPGRADE.format(
        name="the reference index rows", user=user
    )


def test_a_field_file_marked_committed_is_not_uploaded_again():
    user = "core.forms (upload to the storage before the row is saved)"
    assert hasattr(FieldFile(None, mock.Mock(), "stored/name.pdf"), "_committed"), UPGRADE.format(
        name="FieldFile._committed", user=user
    )
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Fichier")
    document.file = ContentFile(b"%PDF-1.4", name="deja-stocke.pdf")
    document.file.name = "documents/deja-stocke.pdf"
    document.file._committed = True
    with mock.patch.object(document.file.storage, "save") as storage_save:
        document.save()
    assert not storage_save.called, UPGRADE.format(
        name="FieldFile._committed (saving the row uploaded the file again)", user=user
    )


def test_lazy_object_hooks_the_audio_storage_resets_with(settings):
    user = "podcast.storage.AudioStorage"
    assert "_setup" in vars(LazyObject), UPGRADE.format(name="LazyObject._setup", user=user)
    from django.core.files.storage import InMemoryStorage

    from podcast.storage import audio_storage

    assert not isinstance(audio_storage, InMemoryStorage)
    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert isinstance(audio_storage, InMemoryStorage), UPGRADE.format(
        name="LazyObject._wrapped (the audio storage no longer follows STORAGES)", user=user
    )
