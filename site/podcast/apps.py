from django.apps import AppConfig


class PodcastConfig(AppConfig):
    name = "podcast"
    verbose_name = "Podcast Cash PME"

    def ready(self):
        from . import signals  # noqa: F401
