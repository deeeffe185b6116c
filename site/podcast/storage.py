"""Where audio lives: `media/` on disk by default, an S3-compatible bucket when configured.

Audio gets its own storage alias (STORAGES["podcast_audio"]) because its objects differ from
images and documents: keys are content-addressed and never rewritten, so they are cached
forever, and they must be publicly readable without signed URLs that would expire in feeds.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

AUDIO_STORAGE_ALIAS = "podcast_audio"
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


class AudioStorage(LazyObject):
    """Resolved on first use, so that the FileField follows STORAGES even when tests change it."""

    def _setup(self):
        self._wrapped = storages[AUDIO_STORAGE_ALIAS]


audio_storage = AudioStorage()


def get_audio_storage():
    return audio_storage


@receiver(setting_changed)
def _reset_audio_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        audio_storage._wrapped = empty
