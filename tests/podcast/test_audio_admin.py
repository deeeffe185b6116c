"""Editors upload, choose and delete audio in the French admin; bad files never get stored."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from podcast.models import AudioAsset
from tests.podcast.conftest import bucket_keys
from tests.podcast.factories import EpisodePageFactory, audio_upload, make_audio_asset


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client, editor


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
    assert payload["result"]["title"] == "tone · 00:03 · 19,2\xa0Kio · 49 kbit/s"
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
