from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared infrastructure every content app builds on; it imports none of them."""

    name = "core"
    verbose_name = "Socle du site"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction, Site

        from . import checks  # noqa: F401 (registers the deploy checks)
        from .cache import bump_on_save_of, content_changed
        from .renditions import queue_renditions_of_new_images
        from .shared_cache import purge_shared_cache

        # Here, not in the middleware: publish_scheduled, imports and workers purge too.
        content_changed.connect(purge_shared_cache, dispatch_uid="core-shared-cache-purge")

        queue_renditions_of_new_images()
        bump_on_save_of(
            Site,
            PageViewRestriction,
            get_image_model(),
            get_document_model(),
        )
