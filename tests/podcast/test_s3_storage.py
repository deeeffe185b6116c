"""Audio on S3-compatible storage, against moto's S3 server over real HTTP."""

import urllib.error
import urllib.request

import pytest
from moto.server import ThreadedMotoServer

from podcast.audio import AudioRejected
from podcast.ingest import STORAGE_FAILURE_MESSAGE, ingest_audio
from podcast.models import AudioAsset
from podcast.storage import audio_storage
from tests.podcast.conftest import bucket_keys, s3_client, s3_storage_options
from tests.podcast.factories import AUDIO_FIXTURES, audio_upload


def http(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_audio_lands_in_the_bucket_with_key_type_and_cache_headers(db, s3_bucket):
    client, bucket = s3_bucket
    asset = ingest_audio(audio_upload("tone.mp3", content_type="application/octet-stream"), "Ép. 1")

    head = client.head_object(Bucket=bucket, Key=asset.file.name)
    assert asset.file.name.startswith(f"podcast/audio/{asset.sha256[:16]}/")
    assert head["ContentLength"] == (AUDIO_FIXTURES / "tone.mp3").stat().st_size
    assert head["ContentType"] == "audio/mpeg"  # from the content, not the browser's guess
    assert head["CacheControl"] == "public, max-age=31536000, immutable"


def test_m4a_is_stored_as_audio_mp4(db, s3_bucket):
    client, bucket = s3_bucket
    asset = ingest_audio(audio_upload("tone.m4a", content_type="audio/x-m4a"), "Ép. M4A")
    assert client.head_object(Bucket=bucket, Key=asset.file.name)["ContentType"] == "audio/mp4"


def test_the_public_url_answers_head_and_byte_ranges(db, s3_bucket):
    asset = ingest_audio(audio_upload("tone.mp3"), "Ép. 1")
    size = asset.size_bytes

    status, headers, _ = http(asset.url, method="HEAD")
    assert status == 200
    assert int(headers["Content-Length"]) == size

    status, headers, body = http(asset.url, headers={"Range": "bytes=100-199"})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 100-199/{size}"
    assert headers["Content-Length"] == "100"
    assert headers["Content-Type"] == "audio/mpeg"
    assert body == (AUDIO_FIXTURES / "tone.mp3").read_bytes()[100:200]


def test_identical_bytes_make_one_object(db, s3_bucket):
    client, bucket = s3_bucket
    ingest_audio(audio_upload("tone.mp3"), "Premier")
    ingest_audio(audio_upload("tone.mp3"), "Second")
    assert len(bucket_keys(client, bucket)) == 1
    assert AudioAsset.objects.count() == 1


def test_a_rejected_file_never_reaches_the_bucket(db, s3_bucket):
    client, bucket = s3_bucket
    with pytest.raises(AudioRejected):
        ingest_audio(audio_upload("truncated.mp3"), "Tronqué")
    assert bucket_keys(client, bucket) == []


def test_endpoint_down_gives_a_french_error_and_leaves_nothing(db, settings):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3_client(endpoint).create_bucket(Bucket="cpme-down")
    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": s3_storage_options(endpoint, "cpme-down"),
    }
    server.stop()

    with pytest.raises(AudioRejected, match="Le stockage des fichiers audio ne répond pas"):
        ingest_audio(audio_upload("tone.mp3"), "Sans stockage")
    assert not AudioAsset.objects.exists()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        assert bucket_keys(s3_client(endpoint), "cpme-down") == []
    finally:
        server.stop()


def test_server_stopping_mid_multipart_upload_leaves_no_object_and_no_row(db, settings):
    """The server dies after the first part of a multipart upload has gone through."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3_client(endpoint).create_bucket(Bucket="cpme-midway")
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": s3_storage_options(
            endpoint,
            "cpme-midway",
            transfer_config=TransferConfig(
                multipart_threshold=5 * 1024 * 1024,
                multipart_chunksize=5 * 1024 * 1024,
                max_concurrency=1,
            ),
            client_config=Config(retries={"mode": "standard", "max_attempts": 2}),
        ),
    }
    parts_sent = []

    def stop_after_first_part(**kwargs):
        parts_sent.append(1)
        if len(parts_sent) == 2:
            server.stop()

    audio_storage.connection.meta.client.meta.events.register(
        "before-send.s3.UploadPart", stop_after_first_part
    )
    frames = (AUDIO_FIXTURES / "tone.mp3").read_bytes()
    big = frames * (12 * 1024 * 1024 // len(frames))  # ~12 MB of valid MPEG frames
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(AudioRejected, match=STORAGE_FAILURE_MESSAGE[:40]):
        ingest_audio(SimpleUploadedFile("long.mp3", big, "audio/mpeg"), "Coupé en route")

    assert len(parts_sent) >= 2
    assert not AudioAsset.objects.exists()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        assert bucket_keys(s3_client(endpoint), "cpme-midway") == []
    finally:
        server.stop()
