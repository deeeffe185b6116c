from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site et programmes"

    def ready(self):
        from core.cache import bump_on_save_of

        from .models import SiteIdentity, SiteNavigation

        bump_on_save_of(SiteIdentity, SiteNavigation)
