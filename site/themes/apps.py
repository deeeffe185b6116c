from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Nos sujets"

    def ready(self):
        from core.cache import bump_on_save_of

        from .models import ThemeEntry

        bump_on_save_of(ThemeEntry)
