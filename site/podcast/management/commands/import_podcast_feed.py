"""Import a show's episodes from its RSS feed: a dry run unless --apply (see podcast.importer)."""

from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage
from podcast.importer import (
    ImportFailure,
    Outcome,
    check_show,
    create_show,
    fetch_text,
    parse_feed,
    problem,
    run_import,
)
from podcast.models import PodcastPage


class Command(BaseCommand):
    help = "Importe les épisodes d'un flux RSS existant (simulation sans --apply)."

    def add_arguments(self, parser):
        parser.add_argument("url", help="Adresse du flux RSS à importer.")
        parser.add_argument("--show", required=True, help="Slug de l'émission (créée si absente).")
        parser.add_argument(
            "--apply", action="store_true", help="Importer pour de bon (sinon : simulation)."
        )

    def handle(self, url, show, apply, **options):
        try:
            content = fetch_text(url, max_bytes=50 * 1024 * 1024)
            page = PodcastPage.objects.filter(slug=show).first()
            if page is None:
                if not apply:
                    check_show(content)  # the dry run refuses what the import would
                    self.stdout.write(f"Émission « {show} » : à créer depuis le flux.")
                    page = PodcastPage(slug=show)
                else:
                    home = HomePage.objects.first()
                    if home is None:
                        raise ImportFailure("Aucune page d'accueil où créer l'émission.")
                    page = create_show(home, show, content)
                    self.stdout.write(f"Émission « {page.title} » créée.")
            outcomes = run_import(page, content, apply=apply) if page.pk else dry_plan(content)
        except ImportFailure as error:
            raise CommandError(f"Rien n'a été importé. {error}") from error
        for outcome in outcomes:
            line = f"{outcome.action} : {outcome.title}"
            self.stdout.write(line + (f" — {outcome.reason}" if outcome.reason else ""))
        counts = {}
        for outcome in outcomes:
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
        summary = ", ".join(f"{count} {action}" for action, count in counts.items()) or "rien"
        mode = "Import" if apply else "Simulation (rien n'a été écrit ; --apply pour importer)"
        self.stdout.write(f"{mode} : {summary}.")


def dry_plan(content):
    """The plan for a show that does not exist yet: every importable episode is to create."""
    _show, items = parse_feed(content)
    return [
        Outcome(item.title or item.guid, "échec", problem(item))
        if problem(item)
        else Outcome(item.title, "à créer")
        for item in items
    ]
