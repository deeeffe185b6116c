"""Delete the addresses of journalists who unsubscribed longer ago than the retention.

Run it daily (cron in production, see docs/operations.md).
"""

from django.core.management.base import BaseCommand

from press.subscriptions import purge_unsubscribed


class Command(BaseCommand):
    help = "Deletes press alert subscribers unsubscribed longer ago than the retention."

    def handle(self, *args, **options):
        count = purge_unsubscribed()
        self.stdout.write(f"{count} adresse(s) désabonnée(s) supprimée(s).")
