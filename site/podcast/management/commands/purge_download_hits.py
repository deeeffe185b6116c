"""Delete raw download hits past the retention period (run daily from cron)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from podcast.downloads import purge_hits


class Command(BaseCommand):
    help = (
        "Supprime les téléchargements bruts plus anciens que la durée de conservation "
        "(PODCAST_DOWNLOAD_HITS_RETENTION_DAYS, 395 jours par défaut). Les totaux par jour "
        "et par épisode sont conservés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PODCAST_DOWNLOAD_HITS_RETENTION_DAYS,
            help="Durée de conservation en jours.",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("La durée de conservation doit être d'au moins un jour.")
        deleted = purge_hits(datetime.timedelta(days=days))
        self.stdout.write(f"{deleted} téléchargement(s) de plus de {days} jours supprimé(s).")
