"""The production path: django-tasks-rq on a real Redis, jobs run by `manage.py rqworker`.

The worker runs in this process (`rq.SimpleWorker`, in burst mode) so that it shares the
test's database; production workers fork a process per job (bench/alerts_bench.py runs those).
It is built by django-rq's `get_worker`, with the options of the documented `rqworker`
command, but not through the command itself: the command closes every database connection
before it forks, which on PostgreSQL would end the test's own transaction.
"""

import time

import django_rq
import pytest
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry

from core.models import JobStatus
from core.tasks import TemporaryFailure
from tests.core import jobs

pytestmark = [pytest.mark.django_db, pytest.mark.service("redis")]


def work(with_scheduler=False):
    """`rqworker default mail --job-class django_tasks_rq.Job`, in burst mode, in this process."""
    worker = django_rq.get_worker(
        "default", "mail", job_class="django_tasks_rq.Job", worker_class=SimpleWorker
    )
    worker.work(burst=True, with_scheduler=with_scheduler)


def test_jobs_wait_in_redis_until_a_worker_runs_them(rq_backend, commit):
    with commit(execute=True):
        job = jobs.record.enqueue("a", key="rq-a")
    assert django_rq.get_queue("default").count == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert jobs.calls == []

    work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert jobs.calls == ["a"]
    assert django_rq.get_queue("default").count == 0


def test_mail_jobs_go_to_their_own_queue(rq_backend, commit):
    with commit(execute=True):
        jobs.flaky_soon.enqueue("m", key="rq-m")
    assert django_rq.get_queue("mail").count == 1
    assert django_rq.get_queue("default").count == 0


def test_a_retry_is_scheduled_in_redis_and_run_by_the_worker_scheduler(rq_backend, commit):
    jobs.failures_to_come.append(TemporaryFailure("451 busy"))
    with commit(execute=True):
        job = jobs.flaky_soon.enqueue("b", key="rq-b")
    with commit(execute=True):
        work()
    job.refresh_from_db()
    assert job.status == JobStatus.RETRYING
    registry = ScheduledJobRegistry(queue=django_rq.get_queue("mail"))
    assert registry.count == 1

    time.sleep(0.05)  # the retry's backoff (10 ms at most) has passed
    with commit(execute=True):
        work(with_scheduler=True)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert jobs.calls == ["b", "b"]
