from django.apps import AppConfig
from django.db.models.signals import post_save


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = "Prises de position"

    def ready(self):
        from wagtail.documents import get_document_model

        from core.cache import bump_on_save_of

        from .documents import refresh_page_counts
        from .models import PressContact, Spokesperson, Theme

        post_save.connect(
            refresh_page_counts,
            sender=get_document_model(),
            dispatch_uid="positions_refresh_page_counts",
        )
        bump_on_save_of(Theme, Spokesperson, PressContact)
