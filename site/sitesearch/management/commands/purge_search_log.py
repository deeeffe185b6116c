from django.core.management.base import BaseCommand

from sitesearch.log import purge, retention_days


class Command(BaseCommand):
    help = "Deletes the search log's rows older than SEARCH_LOG_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = purge()
        self.stdout.write(
            f"{deleted} ligne(s) du journal des recherches supprimée(s) "
            f"(conservation : {retention_days()} jours)."
        )
