from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site et programmes"

    def ready(self):
        from .cache import bump_on_save_of
        from .models import Antenna, SiteIdentity

        bump_on_save_of(Antenna, SiteIdentity)
