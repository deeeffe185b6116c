"""An episode that gets another audio file, from the editor or a re-import, leaves no orphan:
the file it played is deleted from the library and from S3 (moto's server over HTTP) once
nothing uses it, and kept while another episode, a draft or a scheduled release names it."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from podcast.ingest import ingest_audio
from podcast.models import AudioAsset, EpisodePage
from tests.podcast.conftest import bucket_keys
from tests.podcast.factories import EpisodePageFactory, make_audio_asset
from tests.podcast.test_pages import episode_form
from tests.podcast.tones import generate_mp3


def tone_asset(frequency, title):
    upload = SimpleUploadedFile("tone.mp3", generate_mp3(1.0, frequency), "audio/mpeg")
    return ingest_audio(upload, title)


@pytest.fixture
def admin_client_with_user(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


def item(guid, audio):
    return f"""<item>
      <title>Épisode {guid}</title>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>Tue, 01 Sep 2026 07:00:00 +0000</pubDate>
      <description>Notes.</description>
      <enclosure url="{{base}}{audio}" type="audio/mpeg" length="6426"/>
    </item>"""


def feed(*items):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel><title>Cash PME</title><description>Le podcast.</description>
    {"".join(items)}
  </channel>
</rss>"""


def run(url):
    out = StringIO()
    call_command("import_podcast_feed", url, "--show", "cash-pme", "--apply", stdout=out)
    return out.getvalue()


def test_a_reimport_that_replaces_a_file_deletes_the_old_one_from_s3(
    feed_host, show, s3_bucket, django_capture_on_commit_callbacks
):
    s3, bucket = s3_bucket
    feed_host("/a.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    url = feed_host("/feed.xml", feed(item("a", "/a.mp3")))
    run(url)
    old = EpisodePage.objects.get().audio
    assert bucket_keys(s3, bucket) == [old.file.name]

    feed_host("/a.mp3", generate_mp3(1.0, 660), "audio/mpeg")  # new bytes, same address
    with django_capture_on_commit_callbacks(execute=True):
        assert "mis à jour : Épisode a" in run(url)
    new = EpisodePage.objects.get().audio
    assert not AudioAsset.objects.filter(pk=old.pk).exists()
    assert bucket_keys(s3, bucket) == [new.file.name] != [old.file.name]


def test_a_file_another_episode_plays_is_kept(
    feed_host, show, s3_bucket, django_capture_on_commit_callbacks
):
    s3, bucket = s3_bucket
    shared = generate_mp3(1.0, 440)
    feed_host("/a.mp3", shared, "audio/mpeg")
    feed_host("/b.mp3", shared, "audio/mpeg")  # the same recording under two episodes
    url = feed_host("/feed.xml", feed(item("a", "/a.mp3"), item("b", "/b.mp3")))
    run(url)
    asset = AudioAsset.objects.get()

    feed_host("/a.mp3", generate_mp3(1.0, 660), "audio/mpeg")
    with django_capture_on_commit_callbacks(execute=True):
        assert "mis à jour : Épisode a" in run(url)
    assert EpisodePage.objects.get(imported_guid="b").audio == asset
    assert asset.file.name in bucket_keys(s3, bucket)
    assert AudioAsset.objects.count() == 2


def test_publishing_an_episode_with_another_file_deletes_the_old_one(
    admin_client_with_user, show, s3_bucket, django_capture_on_commit_callbacks
):
    """The editor's path: a new file chosen in the episode's form, then « Publier »."""
    s3, bucket = s3_bucket
    first = make_audio_asset(title="Première prise")
    second = make_audio_asset("tone.m4a", title="Bonne prise", content_type="audio/mp4")
    unused = tone_asset(550, "Pas encore choisi")
    episode = EpisodePageFactory(parent=show, title="Trésorerie", audio=first)
    episode.save_revision().publish()
    old_revision = episode.revisions.get()

    # A draft with the new file keeps the published one: listeners still play it.
    edit = reverse("wagtailadmin_pages:edit", args=[episode.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_with_user.post(edit, episode_form(second))
    assert AudioAsset.objects.filter(pk=first.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_with_user.post(
            edit, {**episode_form(second), "action-publish": "Publier"}
        )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.audio == second
    library = admin_client_with_user.get(reverse("audio:index")).content.decode()
    assert "Première prise" not in library
    assert "Pas encore choisi" in library  # a file no episode ever played stays
    assert sorted(bucket_keys(s3, bucket)) == sorted([second.file.name, unused.file.name])

    # Restoring the revision that played the deleted file opens the editor with no file
    # chosen: the episode cannot be published again until one is.
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[episode.pk, old_revision.pk])
    form = admin_client_with_user.get(revert)
    assert form.status_code == 200
    chooser = BeautifulSoup(form.content, "html.parser").find(id="id_audio-chooser")
    assert "blank" in chooser["class"]
    assert "Première prise" not in form.content.decode()


def test_a_file_a_draft_or_a_scheduled_release_names_is_kept(
    show, s3_bucket, django_capture_on_commit_callbacks
):
    s3, bucket = s3_bucket
    drafted = make_audio_asset(title="Nommé par un brouillon")
    scheduled = make_audio_asset("tone.m4a", title="Programmé", content_type="audio/mp4")
    other = tone_asset(550, "Nouvelle version")
    first = EpisodePageFactory(parent=show, title="Premier", audio=drafted)
    second = EpisodePageFactory(parent=show, title="Second", audio=scheduled)
    for episode in (first, second):
        episode.save_revision().publish()

    # Another episode's latest draft names `drafted`, which its row does not.
    draft = EpisodePageFactory(parent=show, title="Brouillon", audio=other, live=False)
    draft.audio = drafted
    draft.save_revision()
    # A live episode will play `scheduled` from tomorrow: its row keeps its file until then.
    later = EpisodePageFactory(parent=show, title="Demain", audio=other)
    later.save_revision().publish()
    later.refresh_from_db()
    later.audio = scheduled
    later.go_live_at = timezone.now() + datetime.timedelta(days=1)
    later.save_revision().publish()
    assert EpisodePage.objects.get(pk=later.pk).audio == other

    with django_capture_on_commit_callbacks(execute=True):
        for episode in (first, second):
            episode.refresh_from_db()
            episode.audio = other
            episode.save_revision().publish()
    assert EpisodePage.objects.filter(audio=other).count() == 4  # every row
    assert set(AudioAsset.objects.all()) == {drafted, scheduled, other}
    assert sorted(bucket_keys(s3, bucket)) == sorted(
        asset.file.name for asset in (drafted, scheduled, other)
    )
