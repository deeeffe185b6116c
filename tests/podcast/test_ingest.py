"""Ingestion on the embedded default (media on disk): what gets stored, and what never does."""

import os

import pytest

from podcast.audio import AudioRejected
from podcast.ingest import ingest_audio
from podcast.models import AudioAsset
from podcast.storage import audio_storage
from tests.podcast.factories import audio_upload


def stored_files():
    root = audio_storage.path("podcast/audio")
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


def test_a_valid_file_is_stored_under_a_content_addressed_key(db):
    asset = ingest_audio(audio_upload("tone.mp3"), "Trésorerie : épisode 1")

    assert asset.file.name == f"podcast/audio/{asset.sha256[:16]}/tresorerie-episode-1.mp3"
    assert audio_storage.size(asset.file.name) == asset.size_bytes
    assert asset.mime_type == "audio/mpeg"
    assert asset.duration_label == "3\xa0s"


def test_the_same_bytes_uploaded_twice_are_stored_once(db):
    first = ingest_audio(audio_upload("tone.mp3"), "Premier envoi")
    second = ingest_audio(audio_upload("tone.mp3", upload_name="copie.mp3"), "Second envoi")

    assert second.pk == first.pk
    assert AudioAsset.objects.count() == 1
    assert len(stored_files()) == 1


@pytest.mark.parametrize("name", ["empty.mp3", "random.mp3", "wav_renamed.mp3", "truncated.mp3"])
def test_a_refused_file_leaves_no_row_and_no_file(db, name):
    before = stored_files()
    with pytest.raises(AudioRejected):
        ingest_audio(audio_upload(name), "Refusé")
    assert not AudioAsset.objects.exists()
    assert stored_files() == before


def test_the_configured_size_limit_applies(db, settings):
    settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE = 10_000
    with pytest.raises(AudioRejected, match="taille maximale"):
        ingest_audio(audio_upload("tone.mp3"), "Trop lourd")
    assert not AudioAsset.objects.exists()
