from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site et programmes"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction, Site

        from .cache import bump_on_save_of
        from .models import Antenna, SiteIdentity

        bump_on_save_of(
            Antenna,
            SiteIdentity,
            Site,
            PageViewRestriction,
            get_image_model(),
            get_document_model(),
        )
