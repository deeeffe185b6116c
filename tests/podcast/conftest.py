"""Podcast fixtures: a published show with a cover Apple accepts, complete episodes, and a
real S3 endpoint (moto's server over HTTP) for the audio storage."""

import uuid

import boto3
import pytest
import wagtail_factories
from moto.server import ThreadedMotoServer

from podcast.feeds import ITUNES_IMAGE_SPEC
from podcast.models import EpisodeChapter, EpisodePerson
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset

TRANSCRIPT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBienvenue dans Cash PME.\n"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def square_image(size=1400, **kwargs):
    """An image and, when Apple can use it, its feed rendition as the first render leaves it."""
    image = wagtail_factories.ImageFactory(file__width=size, file__height=size, **kwargs)
    if size >= 1400:
        image.get_rendition(ITUNES_IMAGE_SPEC)
    return image


@pytest.fixture
def show(home_page):
    page = PodcastPageFactory(
        parent=home_page,
        live=False,
        cover_image=square_image(),
        apple_subcategory="Entrepreneurship",
        funding_url="https://www.example.org/adherer/",
        funding_label="Adhérer",
    )
    return publish(page)


@pytest.fixture
def audio(db):
    return make_audio_asset("tone.mp3", "Ton de test")


@pytest.fixture
def make_episode(show, audio):
    """Publish an episode with chapters, a guest and a host, and a transcript."""

    def make(parent=None, publish_it=True, people=True, **fields):
        fields.setdefault("audio", audio)
        fields.setdefault("transcript", TRANSCRIPT)
        fields.setdefault("show_notes", "<p>Les notes de l'épisode.</p>")
        episode = EpisodePageFactory(parent=parent or show, live=False, season=1, **fields)
        EpisodeChapter.objects.create(episode=episode, start="0:00", title="Ouverture")
        EpisodeChapter.objects.create(
            episode=episode, start="0:02", title="Le sujet", url="https://example.org/sujet"
        )
        if people:
            EpisodePerson.objects.create(episode=episode, name="Nadia Démo", role="guest")
            EpisodePerson.objects.create(episode=episode, name="Camille Micro", role="host")
        return publish(episode) if publish_it else episode

    return make


S3_CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 endpoint over HTTP on a free local port (moto's server, not a patched boto3)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


def s3_storage_options(endpoint, bucket, **extra):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "querystring_auth": False,
            "default_acl": "public-read",
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            **S3_CREDENTIALS,
            **extra,
        },
    }


@pytest.fixture
def s3_bucket(moto_endpoint, settings):
    """Points podcast audio at a fresh bucket on the moto server; yields (client, bucket)."""
    bucket = f"cpme-audio-{uuid.uuid4().hex[:12]}"
    client = s3_client(moto_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": s3_storage_options(moto_endpoint, bucket),
    }
    return client, bucket


def bucket_keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
