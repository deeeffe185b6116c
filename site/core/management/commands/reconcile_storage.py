"""List (and with --delete, remove) media objects without a row, and rows without an object."""

import datetime

from django.core.management.base import BaseCommand

from core.reconcile import apply, reconcile


class Command(BaseCommand):
    help = (
        "Compares the media storages with the database. Dry run unless --delete is given: "
        "then removes unreferenced objects and rendition rows whose file is gone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove what the dry run lists.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24,
            help="Leave unreferenced objects younger than this alone (uploads in progress).",
        )

    def handle(self, *args, delete, min_age_hours, **options):
        report = reconcile(min_age=datetime.timedelta(hours=min_age_hours))
        verb = "supprimé" if delete else "à supprimer"
        for alias, name in report.orphans:
            self.stdout.write(f"Objet sans ligne ({alias}) {verb} : {name}")
        for source, pk, name in report.missing:
            if source.regenerable:
                action = "ligne supprimée" if delete else "ligne à supprimer"
            else:
                action = "à traiter à la main"
            self.stdout.write(
                f"Objet manquant pour {source.model_label} n° {pk} ({action}) : {name}"
            )
        if delete:
            apply(report)
        self.stdout.write(
            f"{len(report.orphans)} objet(s) sans ligne, {len(report.missing)} ligne(s) sans "
            f"objet, {report.recent} objet(s) récent(s) ignoré(s)."
            + ("" if delete else " Simulation : relancez avec --delete pour agir.")
        )
