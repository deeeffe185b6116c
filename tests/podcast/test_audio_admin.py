"""Editors upload, choose and delete audio in the French admin; bad files never get stored."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core import roles
from podcast.models import AudioAsset
from tests.influence.factories import AudioAssetStubFactory
from tests.podcast.conftest import bucket_keys
from tests.podcast.factories import EpisodePageFactory, audio_upload, make_audio_asset


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    return client, editor


@pytest.fixture
def moderator_client(client, django_user_model):
    moderator = django_user_model.objects.create_user("moderatrice", password="x")
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(moderator)
    return client, moderator


@pytest.fixture
def admin_client_with_user(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    return client


def test_upload_from_the_library_records_what_mutagen_read(admin_client_with_user):
    response = admin_client_with_user.post(
        reverse("audio:add"), {"title": "Épisode 1", "file": audio_upload("tone.mp3")}
    )
    assert response.status_code == 302
    asset = AudioAsset.objects.get()
    assert (asset.title, asset.mime_type, asset.bitrate) == ("Épisode 1", "audio/mpeg", 64000)

    listing = admin_client_with_user.get(reverse("audio:index")).content.decode()
    assert "Épisode 1" in listing
    assert "64 kbit/s" in listing


@pytest.mark.parametrize(
    ("name", "upload_name", "message"),
    [
        ("random.mp3", None, "ne contient pas d&#x27;audio MP3 ou AAC lisible"),
        ("empty.mp3", None, "Le fichier soumis est vide."),
        ("truncated.mp3", None, "Le fichier MP3 est tronqué"),
        ("tone.m4a", "faux.mp3", "L&#x27;extension .mp3 ne correspond pas au contenu"),
    ],
)
def test_a_bad_file_shows_the_reason_in_the_form_and_stores_nothing(
    admin_client_with_user, name, upload_name, message
):
    response = admin_client_with_user.post(
        reverse("audio:add"), {"title": "Raté", "file": audio_upload(name, upload_name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AudioAsset.objects.exists()


def test_upload_from_the_episode_chooser_returns_the_file_with_its_figures(editor_client):
    client, editor = editor_client
    response = client.post(
        reverse("audio_chooser:create"),
        {"title": "", "file": audio_upload("tone.m4a", content_type="audio/mp4")},
    )
    payload = json.loads(response.content)
    asset = AudioAsset.objects.get()
    assert payload["step"] == "chosen"
    assert payload["result"]["id"] == str(asset.pk)
    assert payload["result"]["title"] == "tone · 3\xa0s · 19\xa0Ko · 49 kbit/s"
    assert asset.uploaded_by == editor


def test_the_chooser_reshows_its_form_with_the_french_error(editor_client):
    client, _ = editor_client
    response = client.post(
        reverse("audio_chooser:create"), {"title": "", "file": audio_upload("wav_renamed.mp3")}
    )
    payload = json.loads(response.content)
    assert payload["step"] == "reshow_creation_form"
    assert "enregistrement WAV non compressé" in payload["htmlFragment"]
    assert not AudioAsset.objects.exists()


def test_storage_down_during_a_chooser_upload_keeps_the_editor_informed(
    editor_client, s3_bucket, settings
):
    client, _ = editor_client
    s3, bucket = s3_bucket
    storage = settings.STORAGES["podcast_audio"]
    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": {
            **storage,
            "OPTIONS": {**storage["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"},
        },
    }
    response = client.post(
        reverse("audio_chooser:create"), {"title": "", "file": audio_upload("tone.mp3")}
    )
    payload = json.loads(response.content)
    assert payload["step"] == "reshow_creation_form"
    assert "Le stockage des fichiers audio ne répond pas" in payload["htmlFragment"]
    assert not AudioAsset.objects.exists()
    assert bucket_keys(s3, bucket) == []


def test_a_file_used_by_an_episode_cannot_be_deleted(admin_client_with_user, show):
    asset = make_audio_asset()
    EpisodePageFactory(parent=show, title="Trésorerie", audio=asset)
    response = admin_client_with_user.post(reverse("audio:delete", args=[asset.pk]), follow=True)
    assert "Ce fichier audio est utilisé par « Trésorerie »" in response.content.decode()
    assert AudioAsset.objects.filter(pk=asset.pk).exists()


def test_deleting_an_unused_file_removes_the_stored_object(
    admin_client_with_user, s3_bucket, django_capture_on_commit_callbacks
):
    s3, bucket = s3_bucket
    asset = make_audio_asset()
    assert bucket_keys(s3, bucket) == [asset.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_with_user.post(reverse("audio:delete", args=[asset.pk]))
    assert response.status_code == 302
    assert not AudioAsset.objects.exists()
    assert bucket_keys(s3, bucket) == []


def test_a_file_only_a_draft_uses_cannot_be_deleted(admin_client_with_user, show):
    asset = make_audio_asset(title="Prochain épisode")
    episode = EpisodePageFactory(parent=show, title="Brouillon sans audio", live=False)
    episode.audio = asset
    episode.save_revision()  # the page row still has no audio: only the draft names it
    response = admin_client_with_user.post(reverse("audio:delete", args=[asset.pk]), follow=True)
    assert "Ce fichier audio est utilisé par « Brouillon sans audio »" in response.content.decode()
    assert AudioAsset.objects.filter(pk=asset.pk).exists()
    editor = admin_client_with_user.get(reverse("wagtailadmin_pages:edit", args=[episode.pk]))
    assert editor.status_code == 200


def test_a_file_a_scheduled_revision_uses_cannot_be_deleted(admin_client_with_user, show):
    """A live episode gets a new file on a schedule; a later draft picks yet another one."""
    episode = EpisodePageFactory(
        parent=show, title="Programmé", audio=AudioAssetStubFactory(title="En ligne")
    )
    episode.save_revision().publish()  # published through a revision, as in the admin
    episode.refresh_from_db()  # the admin loads the page afresh: it knows its live revision
    scheduled_asset = make_audio_asset(title="Version programmée")
    episode.audio = scheduled_asset
    episode.go_live_at = timezone.now() + datetime.timedelta(days=1)
    episode.save_revision().publish()  # the live row keeps its file until the release
    episode.audio = AudioAssetStubFactory(title="Autre version")
    episode.save_revision()  # a newer draft picks another file; the scheduled release keeps it
    response = admin_client_with_user.post(
        reverse("audio:delete", args=[scheduled_asset.pk]), follow=True
    )
    assert "Ce fichier audio est utilisé par « Programmé »" in response.content.decode()
    assert AudioAsset.objects.filter(pk=scheduled_asset.pk).exists()


def test_the_library_plays_each_file_and_names_the_episodes_using_it(editor_client, show):
    client, _ = editor_client
    used = make_audio_asset(title="Trésorerie (master)")
    unused = make_audio_asset("tone.m4a", title="Prise ratée", content_type="audio/mp4")
    episode = EpisodePageFactory(parent=show, title="Trésorerie : tenir le cap", audio=used)
    html = client.get(reverse("audio:index")).content.decode()
    assert f'<audio controls preload="none" src="{used.url}"' in html
    assert f'<audio controls preload="none" src="{unused.url}"' in html
    edit_url = reverse("wagtailadmin_pages:edit", args=[episode.pk])
    assert f'<a href="{edit_url}">Trésorerie : tenir le cap</a>' in html


def m4a_upload():
    return audio_upload("tone.m4a", content_type="audio/mp4")


def test_replacing_a_file_keeps_the_asset_and_the_episode_guid(
    moderator_client, show, s3_bucket, django_capture_on_commit_callbacks
):
    client, _ = moderator_client
    s3, bucket = s3_bucket
    asset = make_audio_asset(title="Trésorerie")
    episode = EpisodePageFactory(parent=show, title="Trésorerie : tenir le cap", audio=asset)
    guid, old_key = episode.guid, asset.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("audio:edit", args=[asset.pk]),
            {
                "title": "Trésorerie",
                "replacement": audio_upload("tone.m4a", content_type="audio/mp4"),
            },
        )
    assert response.status_code == 302
    asset.refresh_from_db()
    episode.refresh_from_db()
    assert asset.mime_type == "audio/mp4"
    assert (episode.audio_id, episode.guid) == (asset.pk, guid)
    assert AudioAsset.objects.count() == 1
    assert bucket_keys(s3, bucket) == [asset.file.name] != [old_key]


def test_replacing_with_a_file_already_in_the_library_is_refused(editor_client, s3_bucket):
    client, _ = editor_client
    asset = make_audio_asset(title="Trésorerie")
    make_audio_asset("tone.m4a", title="Autre", content_type="audio/mp4")
    response = client.post(
        reverse("audio:edit", args=[asset.pk]),
        {"title": "Trésorerie", "replacement": m4a_upload()},
    )
    assert response.status_code == 200
    assert "Ce fichier est déjà dans la bibliothèque sous le titre « Autre »" in (
        response.content.decode()
    )
    asset.refresh_from_db()
    assert asset.mime_type == "audio/mpeg"


def test_an_editor_cannot_change_the_sound_of_a_published_episode(editor_client, show, s3_bucket):
    """New bytes under a live episode would skip the moderators' review."""
    client, _ = editor_client
    asset = make_audio_asset(title="Trésorerie")
    EpisodePageFactory(parent=show, title="Trésorerie : tenir le cap", audio=asset)
    response = client.post(
        reverse("audio:edit", args=[asset.pk]),
        {"title": "Trésorerie", "replacement": m4a_upload()},
    )
    assert response.status_code == 200
    assert "seul un modérateur peut le remplacer" in response.content.decode()
    asset.refresh_from_db()
    assert asset.mime_type == "audio/mpeg"
