import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from members.digest import queue_digest


class Command(BaseCommand):
    help = "Queues the members' daily digest of new needs (yesterday's by default; once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="AAAA-MM-JJ: the day whose new needs are sent.")

    def handle(self, *args, day=None, **options):
        date = (
            datetime.date.fromisoformat(day)
            if day
            else timezone.localdate() - datetime.timedelta(days=1)
        )
        job = queue_digest(date)
        self.stdout.write(f"Résumé du {date:%d/%m/%Y} en file (tâche {job.pk}).")
