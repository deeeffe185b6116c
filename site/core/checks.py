"""Deployment checks of the shared infrastructure (run by `check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def mail_is_really_sent(app_configs, **kwargs):
    """In production, press alerts and confirmations must reach people, not a console."""
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        return [
            Warning(
                "E-mail goes to the console: set EMAIL_HOST (and its credentials) to an SMTP "
                "server.",
                id="core.W001",
            )
        ]
    return []
