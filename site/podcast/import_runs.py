"""« Importer un flux » from the admin, in the background (core.tasks).

A real show (hundreds of episodes of tens of MB, from a host that may send no validator, so
that even the dry run downloads every file to hash it) takes minutes to hours: far past what
a web request may last. The admin only records a `FeedImportRun` and queues `perform_run`,
which calls `podcast.importer.run_import` exactly as the management command does and keeps
its report on the run, where the editor reads it.
"""

import dataclasses

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.tasks import PermanentFailure, background

from .audio import AudioRejected
from .importer import FEED_MAX_BYTES, ImportFailure, fetch_text, run_import
from .models import ACTIVE_IMPORT_STATUSES, FeedImportRun, ImportRunStatus, PodcastPage

UNEXPECTED = (
    "L'opération s'est arrêtée sur une erreur inattendue ({error}). Un épisode est importé en "
    "entier ou pas du tout : relancer ne refait que ce qui reste. L'équipe technique en trouve "
    "le détail dans « Paramètres › Tâches de fond »."
)


class RunRefused(Exception):
    """A run of the same feed into the same show is already waiting or running."""

    def __init__(self, active: FeedImportRun):
        super().__init__(
            "Ce flux est déjà en cours de traitement pour cette émission "
            f"({active.get_status_display().lower()}) : attendez la fin avant de le relancer."
        )
        self.active = active


def importable_shows(user):
    """The shows this person may import into, and whose runs they may read: those where they
    may publish (the import publishes episodes under the show). Wagtail's page permission
    policy, not `has_perm`: publishing is granted on the page tree (« Modérateurs »), not as
    a model permission; publishing elsewhere only, say in the positions, gives no right on
    the podcast."""
    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    return PodcastPage.objects.filter(pk__in=publishable.values("pk"))


def may_import(user) -> bool:
    """Who may open « Importer un flux » (and see it in the menu): who may import into a show."""
    return importable_shows(user).exists()


def runs_for(user):
    """The runs this person may read: those of the shows they may import into."""
    return FeedImportRun.objects.filter(show__in=importable_shows(user))


def start_run(user, show, feed_url: str, apply: bool) -> FeedImportRun:
    """Record the run and queue its job (handed to the queue when the transaction commits).

    Raises RunRefused when a run of this feed into this show is waiting or running: the
    partial unique constraint on the table decides, so two clicks at the same moment cannot
    both pass.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = FeedImportRun.objects.create(
                    user=user, show=show, feed_url=feed_url, apply=apply
                )
        except IntegrityError:
            active = FeedImportRun.objects.filter(
                show=show, feed_url=feed_url, status__in=ACTIVE_IMPORT_STATUSES
            ).first()
            if active is None:  # finished in between: the editor may simply try again
                raise
            raise RunRefused(active) from None
        run.job = perform_run.enqueue(run.pk, key=f"podcast-import:{run.pk}")
        run.save(update_fields=["job"])
    return run


@background(max_attempts=1, queue_name="imports")
def perform_run(run_id: int) -> None:
    """Run the import, keep its report. One attempt: the editor is waiting for the answer,
    and a run relaunched from « Tâches de fond » only does what is left (run_import skips
    what is already imported). A failure is recorded on the run in French and leaves the
    job a dead letter, with its traceback for staff."""
    run = FeedImportRun.objects.select_related("show").filter(pk=run_id).first()
    if run is None:
        return  # the show, and its runs with it, was deleted in the meantime
    FeedImportRun.objects.filter(pk=run.pk).update(
        status=ImportRunStatus.RUNNING,
        started_at=timezone.now(),
        error="",
        outcomes=[],
        items_total=None,
        finished_at=None,
    )

    def progress(outcomes, total):
        FeedImportRun.objects.filter(pk=run.pk).update(
            outcomes=[dataclasses.asdict(o) for o in outcomes], items_total=total
        )

    try:
        content = fetch_text(run.feed_url, max_bytes=FEED_MAX_BYTES)
        outcomes = run_import(run.show, content, apply=run.apply, progress=progress)
    except (ImportFailure, AudioRejected) as error:
        finish(run, ImportRunStatus.FAILED, error=f"Rien n'a été importé. {error}")
        raise PermanentFailure(str(error)) from error
    except Exception as error:
        finish(run, ImportRunStatus.FAILED, error=UNEXPECTED.format(error=error))
        raise
    finish(run, ImportRunStatus.DONE, outcomes=[dataclasses.asdict(o) for o in outcomes])


def finish(run, status, *, error="", outcomes=None):
    """The run's end. A failure keeps the outcomes recorded so far: what was imported."""
    values = {"status": status, "error": error, "finished_at": timezone.now()}
    if outcomes is not None:
        values["outcomes"] = outcomes
    FeedImportRun.objects.filter(pk=run.pk).update(**values)
