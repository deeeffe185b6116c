"""Background work for the whole site: django-tasks underneath, plus what it leaves to us.

django-tasks (the framework Wagtail 8 itself queues its work with) runs a task on whatever
backend `TASKS` names: immediately in tests, a database queue in the embedded default, RQ on
Redis in production. It neither retries nor remembers failures, nor prevents a task from
running twice. This module adds those, with one row per job (`core.BackgroundJob`):

- `@background(...)` declares a plain function as background work, with its retry policy;
  `func.enqueue(*args, key=...)` queues it. The key is unique: queueing the same key again
  (a page published twice, a retried caller) returns the existing job and queues nothing.
- A function signals a passing problem (SMTP server down, a 4xx, a hub answering 503) by
  raising `TemporaryFailure`: the job is tried again after an exponential backoff with jitter.
  Any other exception, or the last attempt failing, leaves the job « en échec »: a dead
  letter, listed in the admin (Paramètres › Tâches de fond) where staff can run it again.
- `do_once(key, action)` does one side effect at most once whatever the retries
  (`core.IdempotencyKey`); `core.mail.send_once` is the same for e-mail.

Every job goes through one django-tasks task, `run_job`, so that the queue only ever carries
a job's id: arguments, attempts and errors live in the database where staff can read them.
"""

import dataclasses
import datetime
import logging
import random
import traceback
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import default_task_backend, task

from .models import BackgroundJob, IdempotencyKey, JobStatus, KeyState

logger = logging.getLogger(__name__)

# A job queued this long ago that no worker has started was lost by the queue (a Redis restart
# without persistence, a worker killed while holding it): `retry_due_jobs` queues it again.
LOST_AFTER = datetime.timedelta(minutes=15)


class TemporaryFailure(Exception):
    """Raised by background work when trying again later may succeed."""


class PermanentFailure(Exception):
    """Raised when trying again cannot help (a recipient refused for good): a dead letter."""


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before the next attempt: base · 2^(attempt-1), at most cap, with
    "equal jitter" (between half and all of it) so that jobs failing together are not
    tried again together against a server that is just coming back."""
    delay = min(cap, base * 2 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 (not cryptography)


@dataclasses.dataclass(frozen=True)
class BackgroundTask:
    """A plain function declared as background work; call `.enqueue()` to queue it."""

    func: Callable[..., Any]
    max_attempts: int
    base_delay: float
    max_delay: float
    queue_name: str

    @property
    def path(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def __call__(self, *args, **kwargs):
        """Run now, in this process (tests, management commands)."""
        return self.func(*args, **kwargs)

    def enqueue(self, *args, key: str, **kwargs) -> BackgroundJob:
        """Queue the work under `key` once the current transaction commits.

        Arguments must be JSON values (ids, strings), never model instances: the worker may
        run on another machine, minutes later. Returns the job; if a job with this key
        already exists, returns it and queues nothing.
        """
        job, created = get_or_create_job(
            key,
            task=self.path,
            arguments={"args": list(args), "kwargs": kwargs},
            queue_name=self.queue_name,
            max_attempts=self.max_attempts,
        )
        if created:
            transaction.on_commit(lambda: submit(job), robust=True)
        return job


def background(*, max_attempts=8, base_delay=30, max_delay=3600, queue_name="default"):
    """Declare a module-level function as background work.

    With the defaults a job is tried 8 times over about an hour and a half (waits of
    15–30 s, 30–60 s, 1–2 min… up to 30–60 min) before it becomes a dead letter.
    """

    def decorate(func):
        return BackgroundTask(func, max_attempts, base_delay, max_delay, queue_name)

    return decorate


def get_or_create_job(key, **fields):
    try:
        with transaction.atomic():
            return BackgroundJob.objects.create(key=key, **fields), True
    except IntegrityError:
        return BackgroundJob.objects.get(key=key), False


def submit(job: BackgroundJob, run_after: datetime.datetime | None = None):
    """Hand the job's id to the task backend (now, or at `run_after` when it can defer)."""
    runner = run_job.using(queue_name=job.queue_name)
    if run_after is not None and default_task_backend.supports_defer:
        runner = runner.using(run_after=run_after)
    elif run_after is not None:
        return  # no deferral here (immediate backend): retry_due_jobs queues it when due
    runner.enqueue(job.pk)


@task(queue_name="default")
def run_job(job_id: int) -> str:
    """Run one job: claim it, call its function, then record success, a retry or a failure.

    The claim is one conditional UPDATE, so a job delivered twice (two workers, a retry and
    `retry_due_jobs` racing) runs once; a retry delivered early waits for its time.
    """
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=job_id,
        status__in=[JobStatus.QUEUED, JobStatus.RETRYING],
    ).update(status=JobStatus.RUNNING, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return "skipped"
    job = BackgroundJob.objects.get(pk=job_id)
    try:
        declared = import_string(job.task)
        declared.func(*job.arguments.get("args", []), **job.arguments.get("kwargs", {}))
    except TemporaryFailure as error:
        return record_temporary_failure(job, declared, error)
    except Exception as error:
        logger.exception("Background job %s failed for good", job.key)
        finish(job, JobStatus.DEAD, describe(error))
        return JobStatus.DEAD
    finish(job, JobStatus.DONE, "")
    return JobStatus.DONE


def record_temporary_failure(job, declared, error) -> str:
    if job.attempts >= job.max_attempts:
        logger.error("Background job %s gave up after %d attempts", job.key, job.attempts)
        finish(job, JobStatus.DEAD, describe(error))
        return JobStatus.DEAD
    delay = backoff_delay(job.attempts, declared.base_delay, declared.max_delay)
    when = timezone.now() + datetime.timedelta(seconds=delay)
    logger.warning("Background job %s: %s; next attempt in %.0f s", job.key, error, delay)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RETRYING,
        next_attempt_at=when,
        last_error=describe(error),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    transaction.on_commit(lambda: submit(job, run_after=when), robust=True)
    return JobStatus.RETRYING


def finish(job, status, error_text):
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status, last_error=error_text, finished_at=now, updated_at=now
    )


def describe(error: BaseException) -> str:
    """The error as staff read it in the admin: message first, then the traceback."""
    text = "".join(traceback.format_exception(error))
    return f"{type(error).__name__}: {error}\n\n{text}"[:20_000]


def retry_now(job: BackgroundJob) -> None:
    """Staff's « Relancer »: a dead (or stuck) job gets a fresh budget of attempts."""
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        attempts=0,
        next_attempt_at=None,
        finished_at=None,
        updated_at=timezone.now(),
    )
    transaction.on_commit(lambda: submit(job), robust=True)


def retry_due_jobs(now=None) -> int:
    """Queue again the retries that are due and the jobs the queue lost; returns how many.

    Needed where the backend cannot defer (the immediate backend), and a safety net
    everywhere else: the scheduler runs it every minute. Duplicates are harmless (see
    `run_job`'s claim).
    """
    now = now or timezone.now()
    due = BackgroundJob.objects.filter(
        Q(status=JobStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=JobStatus.QUEUED, updated_at__lte=now - LOST_AFTER)
    )
    count = 0
    for job in due.iterator():
        submit(job)
        count += 1
    return count


# --- at most once --------------------------------------------------------------------------


def claim(key: str) -> bool:
    """Take the key for an action about to be done; False if it is done or under way.

    A key whose action was refused for good (state « refusé ») can be claimed again, which is
    how staff's « Relancer » gets a refused message sent once the cause is fixed.
    """
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(key=key)
        return True
    except IntegrityError:
        return bool(
            IdempotencyKey.objects.filter(key=key, state=KeyState.FAILED).update(
                state=KeyState.CLAIMED, detail="", updated_at=timezone.now()
            )
        )


def mark_done(key: str) -> None:
    IdempotencyKey.objects.filter(key=key).update(state=KeyState.DONE, updated_at=timezone.now())


def release(key: str) -> None:
    """The action did not happen (a temporary failure): the next attempt may claim it."""
    IdempotencyKey.objects.filter(key=key, state=KeyState.CLAIMED).delete()


def mark_failed(key: str, detail: str) -> None:
    IdempotencyKey.objects.filter(key=key).update(
        state=KeyState.FAILED, detail=detail[:2000], updated_at=timezone.now()
    )


def do_once(key: str, action: Callable[..., Any], *args, **kwargs) -> bool:
    """Call `action` unless it was already done under `key`; True if it ran now.

    `TemporaryFailure` releases the key (nothing happened, the job's retry will do it);
    any other exception marks it refused and propagates.
    """
    if not claim(key):
        return False
    try:
        action(*args, **kwargs)
    except TemporaryFailure:
        release(key)
        raise
    except Exception as error:
        mark_failed(key, f"{type(error).__name__}: {error}")
        raise
    mark_done(key)
    return True
