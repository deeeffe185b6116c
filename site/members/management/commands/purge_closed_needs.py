import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from members.models import Need, Response


class Command(BaseCommand):
    help = "Deletes needs closed or awarded longer ago than MEMBERS_CLOSED_NEED_RETENTION_DAYS."

    def handle(self, *args, **options):
        limit = timezone.now() - datetime.timedelta(
            days=settings.MEMBERS_CLOSED_NEED_RETENTION_DAYS
        )
        expired = Need.objects.filter(closed_at__lt=limit)
        files = [
            a.file
            for need in expired.prefetch_related("attachments")
            for a in need.attachments.all()
        ]
        files += [r.attachment for r in Response.objects.filter(need__in=expired) if r.attachment]
        deleted = expired.count()
        expired.delete()
        for stored in files:
            stored.delete(save=False)
        self.stdout.write(f"{deleted} besoin(s) clos supprimé(s).")
