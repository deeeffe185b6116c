"""Podcast fixtures: a published show with a cover Apple accepts, complete episodes, and a
real S3 endpoint (moto's server over HTTP) for the audio storage."""

import hashlib
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


def local_host(address):
    """A local 'hosting service' over real HTTP on `address`: `serve(path, body, type, status,
    headers)`; yields `serve` and stops the server after.

    Like the hosts' CDNs, a file gets an ETag from its bytes and a Last-Modified, and a
    matching conditional request is answered 304. `serve.requests` lists (path, status) as
    answered; `validators=False` serves a file without any (a host that sends none);
    `pace=seconds` sends the body one byte at a time, `pace` seconds apart (a slow host);
    `cut=n` sends only the first n bytes of the body it announced, then hangs up.
    """
    files, requests = {}, []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, content_type, body, headers, pace, cut = files.get(
                self.path, (404, "text/plain", b"absent", {}, 0, None)
            )
            etag = headers.get("ETag")
            if status == 200 and etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            requests.append((self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if cut is not None:
                self.wfile.write(body[:cut])
                return  # HTTP/1.0: the connection closes here
            if not pace:
                self.wfile.write(body)
                return
            self.wfile.flush()
            for byte in body:
                time.sleep(pace)
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:  # the importer gave up and closed the connection
                    return

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((address, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://{address}:{server.server_port}"

    def serve(path, body, content_type="application/octet-stream", status=200, **options):
        if isinstance(body, str):
            body = body.replace("{base}", base).encode()
        headers = dict(options.get("headers", {}))
        if status == 200 and options.get("validators", True):
            headers.setdefault("ETag", f'"{hashlib.sha256(body).hexdigest()[:20]}"')
            headers.setdefault("Last-Modified", "Tue, 01 Sep 2026 06:00:00 GMT")
        files[path] = (
            status,
            content_type,
            body,
            headers,
            options.get("pace", 0),
            options.get("cut"),
        )
        return base + path

    def redirect(path, target, status=302):
        location = target if "://" in target else base + target
        return serve(path, b"", "text/plain", status, headers={"Location": location})

    serve.redirect, serve.requests, serve.base = redirect, requests, base
    yield serve
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed_host():
    """The hosting service of the import tests, on 127.0.0.1 (allowed by the test settings'
    `PODCAST_IMPORT_ALLOWED_ADDRESSES`). See `local_host`."""
    yield from local_host("127.0.0.1")


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
