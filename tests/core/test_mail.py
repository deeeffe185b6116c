"""E-mail from background jobs to a real SMTP server (aiosmtpd on 127.0.0.1)."""

import datetime

import pytest
import time_machine
from django.core import mail

from core.mail import message_id
from core.models import BackgroundJob, IdempotencyKey, JobStatus, KeyState
from core.tasks import retry_due_jobs
from tests.core import jobs
from tests.mail_server import text_and_html

pytestmark = pytest.mark.django_db

ADDRESSES = ["a@example.fr", "b@example.fr", "c@example.fr"]


def run_batch(capture, addresses=ADDRESSES, key="batch"):
    with capture(execute=True):
        job = jobs.mail_batch.enqueue(addresses, key=key)
    job.refresh_from_db()
    return job


def run_due(capture, job):
    with (
        time_machine.travel(job.next_attempt_at + datetime.timedelta(seconds=1)),
        capture(execute=True),
    ):
        retry_due_jobs()
    job.refresh_from_db()
    return job


def test_messages_reach_the_server_with_both_bodies(smtp_server, commit):
    job = run_batch(commit)
    assert job.status == JobStatus.DONE
    received = smtp_server.messages
    assert [message["To"] for message in received] == ADDRESSES
    first = received[0]
    assert first["Subject"] == "Message de test pour a@example.fr"
    assert first["From"] == "CPME Occitanie <presse@cpme-occitanie.fr>"
    assert first["Message-ID"] == message_id("test-batch:a@example.fr")
    text, html = text_and_html(first)
    assert "message de test pour a@example.fr" in text
    assert "<p>Ceci est un message de test pour a@example.fr.</p>" in html


def test_a_retried_batch_sends_nothing_twice(smtp_server, commit):
    smtp_server.handler.data_replies[2] = "451 4.3.0 Try again later"
    job = run_batch(commit)
    assert job.status == JobStatus.RETRYING
    assert "451" in job.last_error
    assert [message["To"] for message in smtp_server.messages] == ["a@example.fr"]

    job = run_due(commit, job)
    assert job.status == JobStatus.DONE
    assert sorted(message["To"] for message in smtp_server.messages) == ADDRESSES


def test_running_a_finished_batch_again_sends_nothing(smtp_server, commit):
    run_batch(commit, key="first")
    run_batch(commit, key="second")  # same messages, other job
    assert len(smtp_server.messages) == 3


def test_a_server_that_is_down_means_a_retry(smtp_server, commit):
    smtp_server.stop()
    job = run_batch(commit)
    assert job.status == JobStatus.RETRYING
    assert "ConnectionRefusedError" in job.last_error
    assert not IdempotencyKey.objects.exists()


def test_a_refused_recipient_is_a_dead_letter_and_the_others_get_theirs(smtp_server, commit):
    smtp_server.handler.refuse_recipients["b@example.fr"] = "550 5.1.1 Unknown user"
    job = run_batch(commit)
    assert job.status == JobStatus.DEAD
    assert "b@example.fr: 550" in job.last_error
    assert [message["To"] for message in smtp_server.messages] == ["a@example.fr", "c@example.fr"]
    refused = IdempotencyKey.objects.get(key="test-batch:b@example.fr")
    assert refused.state == KeyState.FAILED

    # Staff fix the cause and run the job again: only the refused message goes.
    del smtp_server.handler.refuse_recipients["b@example.fr"]
    from core.tasks import retry_now

    with commit(execute=True):
        retry_now(job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert sorted(message["To"] for message in smtp_server.messages) == ADDRESSES


def test_the_last_temporary_failure_is_a_dead_letter(smtp_server, commit):
    smtp_server.handler.data_replies.update(dict.fromkeys(range(1, 10), "421 4.7.0 Busy"))
    job = run_batch(commit)
    while job.status == JobStatus.RETRYING:
        job = run_due(commit, job)
    assert (job.status, job.attempts) == (JobStatus.DEAD, 4)
    assert smtp_server.messages == []
    assert BackgroundJob.objects.get().last_error.startswith("TemporaryFailure: 421")


def test_the_embedded_default_prints_mail_on_the_console(settings, capsys, commit):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    job = run_batch(commit, addresses=["a@example.fr"])
    assert job.status == JobStatus.DONE
    out = capsys.readouterr().out
    assert "Subject: Message de test pour a@example.fr" in out
    assert "Traceback" not in out
    assert mail.outbox == []
