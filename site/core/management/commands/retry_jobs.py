"""Queue again the background jobs whose retry is due, and those the queue lost.

`make run`'s scheduler runs it every minute; in production run it from cron (see
docs/operations.md). It never runs a job itself: workers do.
"""

from django.core.management.base import BaseCommand

from core.tasks import retry_due_jobs


class Command(BaseCommand):
    help = "Queues again the background jobs whose retry is due or that no worker started."

    def handle(self, *args, **options):
        count = retry_due_jobs()
        if count:
            self.stdout.write(f"{count} tâche(s) remise(s) en file.")
