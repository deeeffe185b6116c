"""Press alerts on publication, read back from a real SMTP server (aiosmtpd)."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core import roles
from core.models import BackgroundJob, JobStatus
from core.tasks import retry_due_jobs
from press import alerts
from press.models import Subscriber
from tests.mail_server import text_and_html
from tests.positions.factories import (
    PositionPageFactory,
    PressContactFactory,
    SpokespersonFactory,
    make_document,
)
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def readers(themes):
    """Who follows what: everything, énergie, foncier, and someone who left."""
    gone = SubscriberFactory(email="partie@r.example")
    gone.unsubscribed_at = gone.consented_at
    gone.save()
    return {
        "all": SubscriberFactory(email="tout@r.example"),
        "energie": SubscriberFactory(email="energie@r.example", themes=[themes["energie"]]),
        "foncier": SubscriberFactory(email="foncier@r.example", themes=[themes["foncier"]]),
        "gone": gone,
    }


@pytest.fixture
def draft(index_page, themes):
    return PositionPageFactory(
        parent=index_page,
        title="Prix de l'énergie : les PME demandent un bouclier",
        slug="bouclier-energie",
        kind="communique",
        summary="Les PME d'Occitanie réclament un tarif plafonné pour 2027.",
        themes=[themes["energie"]],
        pdf=make_document(title="Communiqué", filename="bouclier.pdf", pages=3),
        spokesperson=SpokespersonFactory(),
        press_contact=PressContactFactory(),
        live=False,
    )


def publish(page, commit):
    with commit(execute=True):
        page.save_revision().publish()


def recipients(smtp_server):
    return sorted(message["To"] for message in smtp_server.messages)


def test_publishing_alerts_the_followers_of_its_themes(
    draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    assert recipients(smtp_server) == ["energie@r.example", "tout@r.example"]

    message = next(m for m in smtp_server.messages if m["To"] == "energie@r.example")
    subject = message["Subject"].strip()  # folded after "Subject:" by the email package
    assert (
        subject == "Communiqué de presse\u00a0: Prix de l'énergie : les PME demandent un bouclier"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/alertes-presse/desabonnement/\S+/>",
        message["List-Unsubscribe"].strip(),
    )
    assert not list(message.iter_attachments())  # the PDF is linked, never attached
    text, html = text_and_html(message)
    for body in (text, html):
        assert "Prix de l'énergie" in body.replace("&#x27;", "'")
        assert "tarif plafonné pour 2027" in body
        assert "http://testserver/prises-de-position/bouclier-energie/" in body
        assert f"http://testserver{draft.pdf.url}" in body
        assert "3 pages" in body
        assert "Hélène Exemple" in body
        assert "/alertes-presse/abonnement/" in body
    assert re.search(r"PDF \(\d+ Ko, 3 pages\)", text.replace("\u00a0", " "))


def test_one_click_unsubscribe_from_the_header(
    client, draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    message = next(m for m in smtp_server.messages if m["To"] == "energie@r.example")
    url = message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    # What Gmail or Apple Mail send (RFC 8058): a bare POST, no cookie, no CSRF token.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="energie@r.example").unsubscribed_at is not None


def test_the_unsubscribe_link_in_the_body_works(
    client, draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    text, _ = text_and_html(smtp_server.messages[0])
    url = re.search(r"Me désabonner\s?: (\S+)", text.replace("\u00a0", " ")).group(1)
    page = client.get(url.removeprefix("http://testserver"))
    assert "Confirmer le désabonnement" in page.content.decode()
    client.post(url.removeprefix("http://testserver"))
    assert Subscriber.objects.active().count() == 2


def test_a_correction_sends_nothing(
    draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    draft.summary = "Les PME d'Occitanie réclament un tarif plafonné dès 2027."
    publish(draft, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2


def test_an_editor_may_ask_to_send_it_again(
    client, draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    admin = get_user_model().objects.create_superuser("chef", "chef@example.com", "pw")
    client.force_login(admin)
    url = f"/admin/alertes-presse/renvoyer/{draft.pk}/"
    page = client.get(url)
    assert "2 abonnés" in page.content.decode().replace("\u00a0", " ")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert recipients(smtp_server) == ["energie@r.example"] * 2 + ["tout@r.example"] * 2
    explorer = client.get(f"/admin/pages/{draft.get_parent().pk}/")
    assert "Renvoyer l'alerte presse" in explorer.content.decode().replace("&#x27;", "'")


def test_an_editor_who_cannot_publish_cannot_resend(client, draft, readers):
    publish_less = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    publish_less.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(publish_less)
    assert client.post(f"/admin/alertes-presse/renvoyer/{draft.pk}/").status_code in (302, 403)
    assert not BackgroundJob.objects.exists()


def test_an_embargoed_release_alerts_when_publish_scheduled_releases_it(
    draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    go_live = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    with time_machine.travel(go_live - datetime.timedelta(hours=1), tick=False):
        draft.go_live_at = go_live
        publish(draft, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
    assert smtp_server.messages == []  # nothing leaks before the embargo ends
    with (
        time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled")
    assert recipients(smtp_server) == ["energie@r.example", "tout@r.example"]


def test_a_private_position_alerts_nobody(
    draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    PageViewRestriction.objects.create(page=draft.get_parent(), restriction_type="login")
    publish(draft, django_capture_on_commit_callbacks)
    assert smtp_server.messages == []


def test_big_lists_go_in_batches_each_message_once_despite_a_failure(
    monkeypatch, draft, themes, smtp_server, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(alerts, "BATCH_SIZE", 2)
    for n in range(5):
        SubscriberFactory(email=f"r{n}@r.example")
    smtp_server.handler.data_replies[3] = "451 4.7.1 Greylisted, try again"
    publish(draft, django_capture_on_commit_callbacks)
    batches = BackgroundJob.objects.filter(task="press.alerts.send_batch")
    assert batches.count() == 3
    retrying = batches.get(status=JobStatus.RETRYING)
    # The second batch stopped at its first message; the third went on its own.
    assert recipients(smtp_server) == ["r0@r.example", "r1@r.example", "r4@r.example"]

    with (
        time_machine.travel(retrying.next_attempt_at + datetime.timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        retry_due_jobs()
    assert recipients(smtp_server) == [f"r{n}@r.example" for n in range(5)]
    assert set(batches.values_list("status", flat=True)) == {JobStatus.DONE}


def test_someone_who_unsubscribes_before_the_batch_runs_gets_nothing(
    draft, readers, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        draft.save_revision().publish()
    Subscriber.objects.filter(email="tout@r.example").update(unsubscribed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert recipients(smtp_server) == ["energie@r.example"]
