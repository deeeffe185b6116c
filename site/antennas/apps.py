from django.apps import AppConfig


class AntennasConfig(AppConfig):
    name = "antennas"
    verbose_name = "Antennes départementales"

    def ready(self):
        from core.cache import bump_on_save_of

        from .models import Antenna

        bump_on_save_of(Antenna)
