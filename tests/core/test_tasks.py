"""Background jobs on the immediate backend: idempotent enqueueing, retries, dead letters."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import BackgroundJob, IdempotencyKey, JobStatus, KeyState
from core.tasks import TemporaryFailure, backoff_delay, do_once, retry_due_jobs
from tests.core import jobs

pytestmark = pytest.mark.django_db


def enqueue(task, *args, key, capture):
    with capture(execute=True):
        return task.enqueue(*args, key=key)


def test_a_job_runs_once_its_transaction_commits(commit):
    with commit() as callbacks:
        job = jobs.record.enqueue("a", key="job-a")
        assert jobs.calls == []  # nothing runs inside the caller's transaction
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert jobs.calls == ["a"]
    assert (job.status, job.attempts, job.task) == (JobStatus.DONE, 1, "tests.core.jobs.record")


def test_the_same_key_queues_one_job(commit):
    first = enqueue(jobs.record, "a", key="same", capture=commit)
    second = enqueue(jobs.record, "b", key="same", capture=commit)
    assert first.pk == second.pk
    assert jobs.calls == ["a"]
    assert BackgroundJob.objects.count() == 1


def test_a_temporary_failure_is_retried_after_a_backoff(commit):
    jobs.failures_to_come.append(TemporaryFailure("SMTP 451"))
    start = timezone.now()
    job = enqueue(jobs.record, "a", key="flaky", capture=commit)
    job.refresh_from_db()
    assert job.status == JobStatus.RETRYING
    assert "SMTP 451" in job.last_error
    # First wait: between half and all of the 10 s base delay.
    assert start + datetime.timedelta(seconds=5) <= job.next_attempt_at
    assert job.next_attempt_at <= timezone.now() + datetime.timedelta(seconds=10)

    # Not due yet: the sweep leaves it alone.
    with commit(execute=True):
        assert retry_due_jobs() == 0
    with (
        time_machine.travel(job.next_attempt_at + datetime.timedelta(seconds=1)),
        commit(execute=True),
    ):
        assert retry_due_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert jobs.calls == ["a", "a"]


def test_a_job_out_of_attempts_becomes_a_dead_letter(commit):
    jobs.failures_to_come.extend(TemporaryFailure(f"panne {n}") for n in range(3))
    job = enqueue(jobs.record, "a", key="doomed", capture=commit)
    for _ in range(2):
        job.refresh_from_db()
        with (
            time_machine.travel(job.next_attempt_at + datetime.timedelta(seconds=1)),
            commit(execute=True),
        ):
            retry_due_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DEAD, 3)
    assert job.last_error.startswith("TemporaryFailure: panne 2")
    assert job.finished_at is not None


def test_an_unexpected_error_is_a_dead_letter_at_once(commit):
    jobs.failures_to_come.append(ValueError("bug"))
    job = enqueue(jobs.record, "a", key="bug", capture=commit)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DEAD, 1)
    assert "ValueError: bug" in job.last_error


def test_a_job_delivered_twice_runs_once(commit):
    from core.tasks import run_job

    job = enqueue(jobs.record, "a", key="twice", capture=commit)
    run_job.enqueue(job.pk)  # a duplicate delivery by the queue
    assert jobs.calls == ["a"]


def test_a_retry_delivered_early_waits_for_its_time(commit):
    from core.tasks import run_job

    jobs.failures_to_come.append(TemporaryFailure("451"))
    job = enqueue(jobs.record, "a", key="early", capture=commit)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    assert (job.status, jobs.calls) == (JobStatus.RETRYING, ["a"])


def test_jobs_the_queue_lost_are_queued_again(commit):
    job = jobs.record.enqueue("a", key="lost")  # its on-commit hand-over never happens
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)), commit(execute=True):
        assert retry_due_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_backoff_doubles_up_to_its_cap_with_jitter():
    for attempt, full in [(1, 30), (2, 60), (3, 120), (8, 3600), (20, 3600)]:
        delays = [backoff_delay(attempt, 30, 3600) for _ in range(50)]
        assert all(full / 2 <= delay <= full for delay in delays)
        assert len(set(delays)) > 1


def test_do_once_never_repeats_an_action():
    done = []
    assert do_once("hub:1", done.append, "ping") is True
    assert do_once("hub:1", done.append, "ping") is False
    assert done == ["ping"]
    assert IdempotencyKey.objects.get(key="hub:1").state == KeyState.DONE


def test_do_once_lets_a_retry_redo_what_failed_temporarily():
    def fail(_):
        raise TemporaryFailure("503")

    with pytest.raises(TemporaryFailure):
        do_once("hub:2", fail, "ping")
    assert not IdempotencyKey.objects.filter(key="hub:2").exists()
    assert do_once("hub:2", lambda _: None, "ping") is True


class TestAdmin:
    @pytest.fixture
    def staff(self, client):
        user = get_user_model().objects.create_superuser("chef", "chef@example.com", "pw")
        client.force_login(user)
        return client

    @pytest.fixture
    def dead_job(self, commit):
        jobs.failures_to_come.append(ValueError("serveur introuvable"))
        job = enqueue(jobs.record, "a", key="press-alert:7", capture=commit)
        job.refresh_from_db()
        assert job.status == JobStatus.DEAD
        return job

    def test_staff_see_dead_letters_with_their_error(self, staff, dead_job):
        listing = staff.get("/admin/background_jobs/?status=dead")
        assert listing.status_code == 200
        assert "press-alert:7" in listing.text
        assert "En échec" in listing.text
        detail = staff.get(f"/admin/background_jobs/inspect/{dead_job.pk}/")
        assert "serveur introuvable" in detail.text
        assert "Relancer la tâche" in detail.text

    def test_staff_run_a_dead_letter_again(self, staff, dead_job, commit):
        with commit(execute=True):
            response = staff.post(f"/admin/background_jobs/{dead_job.pk}/relancer/")
        assert response.status_code == 302
        dead_job.refresh_from_db()
        assert (dead_job.status, dead_job.attempts) == (JobStatus.DONE, 1)
        assert jobs.calls == ["a", "a"]

    def test_jobs_cannot_be_typed_in(self, staff):
        assert staff.get("/admin/background_jobs/new/").status_code in (302, 403)

    def test_an_editor_cannot_retry(self, client, dead_job):
        editor = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
        client.force_login(editor)
        assert client.post(f"/admin/background_jobs/{dead_job.pk}/relancer/").status_code in (
            302,
            403,
        )
        dead_job.refresh_from_db()
        assert dead_job.status == JobStatus.DEAD
