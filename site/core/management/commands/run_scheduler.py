"""A small scheduler for the embedded default: it runs `publish_scheduled` every minute,
and `retry_jobs` (background jobs whose retry is due).

In production the same commands run from cron or the platform's scheduler instead
(see docs/operations.md); this loop only exists so that `make run` honours embargoes.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Runs publish_scheduled and retry_jobs every --interval seconds until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, interval, **options):
        self.stdout.write(f"Publication programmée : vérification toutes les {interval} s.")
        try:
            while True:
                call_command("publish_scheduled")
                call_command("retry_jobs")
                time.sleep(interval)
        except KeyboardInterrupt:
            return
