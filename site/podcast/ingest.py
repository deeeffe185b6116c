"""Ingestion: the one path by which an uploaded file becomes an AudioAsset.

Order matters for "nothing half-done": the file is fully validated first (podcast.audio),
then stored under its content-addressed key, then the row is created. A storage failure
leaves no row; a database failure deletes the object it had just stored.
"""

import logging
import os

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from .audio import AudioInfo, AudioRejected, probe_audio
from .models import AudioAsset
from .storage import audio_storage

logger = logging.getLogger(__name__)

STORAGE_FAILURE_MESSAGE = (
    "Le stockage des fichiers audio ne répond pas : le fichier n'a pas été enregistré et "
    "aucune donnée n'a été perdue. Réessayez dans quelques minutes."
)


class AudioStorageFailed(AudioRejected):
    """Storage refused or could not be reached; nothing was kept."""


def audio_key(info: AudioInfo, title: str) -> str:
    """Content-addressed, immutable: the same bytes always get the same key."""
    slug = slugify(title)[:60].strip("-") or "episode"
    return f"podcast/audio/{info.sha256[:16]}/{slug}.{info.extension}"


def validate_upload(uploaded_file) -> AudioInfo:
    uploaded_file.seek(0)
    return probe_audio(
        uploaded_file,
        uploaded_file.name,
        getattr(uploaded_file, "content_type", "") or "",
        max_size=settings.PODCAST_AUDIO_MAX_UPLOAD_SIZE,
    )


def ingest_audio(uploaded_file, title: str, user=None, info: AudioInfo | None = None):
    """Store a validated upload and return its asset (the existing one for identical bytes)."""
    info = info or validate_upload(uploaded_file)
    existing = AudioAsset.objects.filter(sha256=info.sha256).first()
    if existing:
        return existing

    uploaded_file.seek(0)
    content = File(uploaded_file, name=os.path.basename(uploaded_file.name))
    content.content_type = info.mime_type  # what listeners' apps must receive, not the browser's
    try:
        stored_name = audio_storage.save(audio_key(info, title), content)
    except Exception as error:
        logger.exception("Audio upload to storage failed")
        raise AudioStorageFailed(STORAGE_FAILURE_MESSAGE) from error

    try:
        with transaction.atomic():
            return AudioAsset.objects.create(
                title=title,
                file=stored_name,
                sha256=info.sha256,
                mime_type=info.mime_type,
                size_bytes=info.size_bytes,
                duration_seconds=info.duration_seconds,
                bitrate=info.bitrate,
                sample_rate=info.sample_rate,
                channels=info.channels,
                uploaded_by=user if user and user.is_authenticated else None,
            )
    except Exception:
        audio_storage.delete(stored_name)
        raise
