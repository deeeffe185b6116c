from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Conseiller export"

    def ready(self):
        from members.models import Organisation

        from .models import Presence
        from .search import forget_map_counts

        for model in (Presence, Organisation):
            post_save.connect(forget_map_counts, sender=model, dispatch_uid=f"advisor-map-{model}")
            post_delete.connect(
                forget_map_counts, sender=model, dispatch_uid=f"advisor-map-del-{model}"
            )
