from django.apps import AppConfig


class PodcastConfig(AppConfig):
    name = "podcast"
    verbose_name = "Podcast Cash PME"

    def ready(self):
        from core.cache import bump_on_save_of

        from . import signals  # noqa: F401
        from .models import AudioAsset

        bump_on_save_of(AudioAsset)
