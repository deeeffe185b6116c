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

from core.file_access import draft_page_ids_using

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


def store_upload(uploaded_file, info: AudioInfo, title: str) -> str:
    """Write validated bytes under their content-addressed key; its name in the storage."""
    uploaded_file.seek(0)
    content = File(uploaded_file, name=os.path.basename(uploaded_file.name))
    content.content_type = info.mime_type  # what listeners' apps must receive, not the browser's
    try:
        return audio_storage.save(audio_key(info, title), content)
    except Exception as error:
        logger.exception("Audio upload to storage failed")
        raise AudioStorageFailed(STORAGE_FAILURE_MESSAGE) from error


def replace_audio(asset: AudioAsset, uploaded_file, info: AudioInfo | None = None) -> AudioAsset:
    """Put new bytes behind an existing asset (a corrected edit of an episode).

    The asset stays the same row, so every episode keeps it, and their GUIDs do not change:
    podcast apps update the enclosure instead of announcing a new episode. The new object is
    stored first; the old one is deleted once the change is committed (a rollback keeps it).
    Saving the asset gives the feeds a new version (podcast.signals).
    """
    info = info or validate_upload(uploaded_file)
    if info.sha256 == asset.sha256:
        return asset
    twin = AudioAsset.objects.filter(sha256=info.sha256).first()
    if twin:
        raise AudioRejected(
            f"Ce fichier est déjà dans la bibliothèque sous le titre « {twin.title} » : "
            "choisissez-le dans les épisodes concernés plutôt que de remplacer celui-ci."
        )
    old_name = asset.file.name
    stored_name = store_upload(uploaded_file, info, asset.title)
    asset.file = stored_name
    for field in ("sha256", "mime_type", "size_bytes", "duration_seconds", "bitrate"):
        setattr(asset, field, getattr(info, field))
    asset.sample_rate, asset.channels = info.sample_rate, info.channels
    try:
        with transaction.atomic():
            asset.save()
            transaction.on_commit(lambda: audio_storage.delete(old_name))
    except Exception:
        audio_storage.delete(stored_name)
        raise
    return asset


def ingest_audio(uploaded_file, title: str, user=None, info: AudioInfo | None = None):
    """Store a validated upload and return its asset (the existing one for identical bytes)."""
    info = info or validate_upload(uploaded_file)
    existing = AudioAsset.objects.filter(sha256=info.sha256).first()
    if existing:
        return existing

    stored_name = store_upload(uploaded_file, info, title)
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


def release_audio(asset_id) -> bool:
    """Deletes an asset an episode stopped using, with its stored object, once nothing else
    uses it; whether it did. Called after the commit that replaced it (EpisodePage.save).

    "Uses" is every page row that names it (live or not: an unpublished episode's row may
    be published again as it is) and every revision that may still become public: each
    page's latest draft and every scheduled revision (`core.file_access`). Older revisions
    do not keep a file: restoring one that named a deleted file opens the editor with no
    file chosen (`EpisodePage.with_content_json`), and the episode cannot be published
    until one is chosen. The row is locked while this checks, so a page
    saved with it meanwhile either is seen here or fails on its foreign key; the object
    goes after the row's deletion commits (podcast.signals), never while a row names it.
    """
    with transaction.atomic():
        asset = AudioAsset.objects.select_for_update().filter(pk=asset_id).first()
        if asset is None or asset.episodes.exists() or draft_page_ids_using(asset):
            return False
        asset.delete()
    logger.info("Audio asset %s (%s) deleted: no episode uses it any more", asset_id, asset)
    return True
