"""Delete login records past their retention period (run daily from cron).

django-axes keeps every admin login (axes_accesslog) and failure with the address and user
agent, and never deletes them itself; they exist to investigate an intrusion, which a few
months of history covers.
"""

import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Supprime les traces de connexion à l'administration (adresse IP, navigateur) plus "
        "anciennes que la durée de conservation (AXES_LOG_RETENTION_DAYS, 183 jours par "
        "défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.AXES_LOG_RETENTION_DAYS,
            help="Durée de conservation en jours.",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("La durée de conservation doit être d'au moins un jour.")
        deleted = AxesProxyHandler.reset_logs(age_days=days)
        deleted += AxesProxyHandler.reset_failure_logs(age_days=days)
        limit = timezone.now() - datetime.timedelta(days=days)
        deleted += AccessAttempt.objects.filter(attempt_time__lte=limit).delete()[0]
        self.stdout.write(f"{deleted} trace(s) de connexion de plus de {days} jours supprimée(s).")
