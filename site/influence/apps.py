from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    name = "influence"
    verbose_name = "Influence et plan média"

    def ready(self):
        from core.cache import bump_on_save_of

        from .models import Body, Mandate, MediaAction, Representative

        bump_on_save_of(Body, Representative, Mandate, Mandate.themes.through, MediaAction)
