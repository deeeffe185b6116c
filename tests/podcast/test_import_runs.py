"""« Importer un flux » in the admin: the form queues a background run, its page follows it
and shows the report (jobs run on the immediate backend when the request's transaction
commits; the feeds are served by the local HTTP host of tests/podcast)."""

from pathlib import Path

import django_rq
import pytest
from django.contrib.auth.models import Group, Permission
from rq import SimpleWorker
from wagtail.models import GroupPagePermission

from core.models import BackgroundJob, JobStatus
from core.roles import EDITORS, MODERATORS
from podcast.importer import fetch_text, run_import
from podcast.models import AudioAsset, EpisodePage, FeedImportRun, ImportRunStatus
from tests.podcast.factories import AUDIO_FIXTURES, PodcastPageFactory
from tests.podcast.test_import import feed, item
from tests.positions.factories import PositionIndexPageFactory

FORM = "/admin/podcast/import/"
PROCFILE = Path(__file__).resolve().parents[2] / "deploy" / "Procfile"


def member_of(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def host(feed_host):
    feed_host("/tone.mp3", (AUDIO_FIXTURES / "tone.mp3").read_bytes(), "audio/mpeg")
    return feed_host


@pytest.fixture
def moderator(client, django_user_model):
    user = member_of(django_user_model, MODERATORS, "moderatrice")
    client.force_login(user)
    return user


def test_a_dry_run_then_the_import_run_in_the_background(
    client, host, show, moderator, django_capture_on_commit_callbacks
):
    url = host("/feed.xml", feed(item("g1", "Premier"), item("g2", "Sans", audio="")))
    assert client.get(FORM).status_code == 200

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(FORM, {"url": url, "show": show.pk, "dry_run": ""})
    run = FeedImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/podcast/import/{run.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "En attente" in waiting
    assert '<meta http-equiv="refresh" content="5">' in waiting  # reloads itself, no script
    assert host.requests == []  # the request downloaded nothing

    for callback in queued:
        callback()
    run.refresh_from_db()
    assert (run.status, run.apply, run.user) == (ImportRunStatus.DONE, False, moderator)
    assert run.job.status == JobStatus.DONE
    report = client.get(f"/admin/podcast/import/{run.pk}/").content.decode()
    assert "Simulation : rien n'a été écrit" in report
    assert "<td>Premier</td><td>à créer</td>" in report
    assert "l&#x27;épisode n&#x27;a pas de fichier audio" in report
    assert 'http-equiv="refresh"' not in report
    assert not EpisodePage.objects.exists()
    assert not AudioAsset.objects.exists()

    # « Importer ce flux » from the dry run's report: the same feed into the same show.
    assert f"Importer ce flux dans « {show.title} »" in report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, {"url": url, "show": show.pk, "apply": ""})
    applied = FeedImportRun.objects.latest("pk")
    assert response["Location"] == f"/admin/podcast/import/{applied.pk}/"
    report = client.get(response["Location"]).content.decode()
    assert "Résultat de l'import" in report
    assert "<td>Premier</td><td>créé</td>" in report
    assert EpisodePage.objects.get().imported_guid == "g1"

    listing = client.get(FORM).content.decode()
    assert listing.count('href="/admin/podcast/import/') == 2
    assert "<td>Import</td>" in listing
    assert "<td>Simulation</td>" in listing


def test_a_long_run_shows_how_far_it_is(client, host, show, moderator):
    url = host("/feed.xml", feed(item("g1", "Premier"), item("g2", "Second")))
    seen = []
    run_import(show, fetch_text(url), apply=False, progress=lambda o, n: seen.append((len(o), n)))
    assert seen == [(1, 2), (2, 2)]  # after each episode, out of the feed's number

    # What the page says while the job is between the two (as its progress left the row).
    run = FeedImportRun.objects.create(
        user=moderator,
        show=show,
        feed_url=url,
        status=ImportRunStatus.RUNNING,
        outcomes=[{"title": "Premier", "action": "à créer", "reason": ""}],
        items_total=2,
    )
    page = client.get(f"/admin/podcast/import/{run.pk}/").content.decode()
    assert "En cours : 1 épisode traité sur 2." in page
    assert "<h2>Déjà traités</h2>" in page
    assert "<td>Premier</td><td>à créer</td>" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Importer ce flux" not in page  # only once the dry run is over


def test_a_bad_feed_fails_the_run_in_french(
    client, host, show, moderator, django_capture_on_commit_callbacks
):
    url = host("/bad.xml", "ceci n'est pas du XML")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, {"url": url, "show": show.pk, "apply": ""})
    run = FeedImportRun.objects.get()
    assert run.status == ImportRunStatus.FAILED
    assert run.error.startswith("Rien n'a été importé. Ce flux n'est pas du XML lisible")
    page = client.get(f"/admin/podcast/import/{run.pk}/").content.decode()
    assert "Rien n&#x27;a été importé. Ce flux n&#x27;est pas du XML lisible" in page
    # A dead letter, as every job that failed for good, for staff to read and relaunch.
    job = BackgroundJob.objects.get(pk=run.job_id)
    assert job.status == JobStatus.DEAD
    assert "Ce flux n'est pas du XML lisible" in job.last_error
    assert not EpisodePage.objects.exists()

    absent = url.replace("/bad.xml", "/absent.xml")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, {"url": absent, "show": show.pk, "dry_run": ""})
    assert "a répondu 404" in FeedImportRun.objects.latest("pk").error

    response = client.post(FORM, {"url": "pas une adresse", "show": show.pk, "apply": ""})
    assert response.status_code == 400
    too_long = "https://hebergeur.example/" + "a" * 2000
    response = client.post(FORM, {"url": too_long, "show": show.pk, "apply": ""})
    assert response.status_code == 400
    assert "au plus 2000 caractères" in response.content.decode()
    assert FeedImportRun.objects.count() == 2


def test_a_second_click_does_not_import_twice(
    client, host, show, moderator, django_capture_on_commit_callbacks
):
    url = host("/feed.xml", feed(item("g1", "Premier")))
    data = {"url": url, "show": show.pk, "apply": ""}
    with django_capture_on_commit_callbacks() as queued:
        first = client.post(FORM, data)
        second = client.post(FORM, data)
        dry = client.post(FORM, {**data, "dry_run": ""})
    run = FeedImportRun.objects.get()
    assert first["Location"] == second["Location"] == dry["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "Ce flux est déjà en cours de traitement pour cette émission (en attente)" in page
    assert BackgroundJob.objects.filter(key__startswith="podcast-import:").count() == 1

    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == ImportRunStatus.DONE
    assert EpisodePage.objects.count() == 1

    # Once it is over, the feed can be run again (and changes nothing).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, data)
    again = FeedImportRun.objects.latest("pk")
    assert again.pk != run.pk
    assert again.outcomes == [{"title": "Premier", "action": "inchangé", "reason": ""}]
    assert EpisodePage.objects.count() == 1


def test_only_those_who_may_publish_start_or_read_runs(
    client, host, show, django_user_model, django_capture_on_commit_callbacks
):
    moderator = member_of(django_user_model, MODERATORS, "moderatrice")
    client.force_login(moderator)
    url = host("/feed.xml", feed(item("g1", "Premier")))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, {"url": url, "show": show.pk, "dry_run": ""})
    run = FeedImportRun.objects.get()
    assert "Importer un flux de podcast" in client.get("/admin/").content.decode()

    client.force_login(member_of(django_user_model, EDITORS, "redacteur"))
    assert "Importer un flux de podcast" not in client.get("/admin/").content.decode()
    assert_import_refused(client, run, url, show)
    assert FeedImportRun.objects.count() == 1
    assert not EpisodePage.objects.exists()


def assert_import_refused(client, run, url, show):
    """The import page, a run's page and an import post are refused: Wagtail answers a
    refusal in its admin by sending back to the dashboard."""
    for response in (
        client.get(FORM),
        client.get(f"/admin/podcast/import/{run.pk}/"),
        client.post(FORM, {"url": url, "show": show.pk, "apply": ""}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def publisher_of(django_user_model, page, username):
    """Admin access, and the right to publish under `page` only."""
    group = Group.objects.create(name=f"Publie {page.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


def test_publishing_elsewhere_gives_no_right_on_a_show(
    client, host, show, home_page, django_user_model, django_capture_on_commit_callbacks
):
    url = host("/feed.xml", feed(item("g1", "Premier")))
    client.force_login(publisher_of(django_user_model, show, "podcasteuse"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, {"url": url, "show": show.pk, "dry_run": ""})
    run = FeedImportRun.objects.get()
    assert run.status == ImportRunStatus.DONE

    # A moderator of the positions only: no import menu item, and the import page, the
    # show's runs and a post for it are refused (Wagtail sends back to the dashboard).
    positions = PositionIndexPageFactory(parent=home_page)
    client.force_login(publisher_of(django_user_model, positions, "moderateur-positions"))
    assert "Importer un flux de podcast" not in client.get("/admin/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert_import_refused(client, run, url, show)
    assert FeedImportRun.objects.count() == 1

    # Two shows, publishing rights on one: only that one is offered, only its runs listed.
    other = PodcastPageFactory(parent=home_page, title="Autre émission", slug="autre")
    client.force_login(publisher_of(django_user_model, other, "autre-podcasteuse"))
    listing = client.get(FORM).content.decode()
    assert "Autre émission" in listing
    assert show.title not in listing
    assert f"/admin/podcast/import/{run.pk}/" not in listing
    assert client.get(f"/admin/podcast/import/{run.pk}/").status_code == 404
    refused = client.post(FORM, {"url": url, "show": show.pk, "apply": ""})
    assert refused.status_code == 400
    assert FeedImportRun.objects.count() == 1
    assert not EpisodePage.objects.exists()


@pytest.mark.service("redis")
def test_on_rq_an_import_waits_in_its_own_queue_for_up_to_six_hours(
    client, host, show, moderator, rq_backend, django_capture_on_commit_callbacks
):
    url = host("/feed.xml", feed(item("g1", "Premier")))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, {"url": url, "show": show.pk, "apply": ""})
    queue = django_rq.get_queue("imports")
    assert [job.timeout for job in queue.jobs] == [6 * 3600]  # not RQ's 15 minutes
    assert django_rq.get_queue("default").count == 0

    # A worker started as deploy/Procfile starts them (in this process, see tests/core/test_rq).
    worker_line = next(
        line for line in PROCFILE.read_text().splitlines() if line.startswith("worker:")
    )
    queues = worker_line.split("rqworker")[1].split("--")[0].split()
    assert "imports" in queues
    worker = django_rq.get_worker(
        *queues, job_class="django_tasks_rq.Job", worker_class=SimpleWorker
    )
    with django_capture_on_commit_callbacks(execute=True):
        worker.work(burst=True)
    run = FeedImportRun.objects.get()
    assert run.status == ImportRunStatus.DONE
    assert EpisodePage.objects.get().imported_guid == "g1"
