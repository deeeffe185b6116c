from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "press"
    verbose_name = "Alertes presse"

    def ready(self):
        from wagtail.signals import page_published

        from .alerts import alert_on_publication

        page_published.connect(alert_on_publication, dispatch_uid="press_alert_on_publication")
