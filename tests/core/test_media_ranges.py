"""The embedded default serves media/ like S3 would: HEAD, byte ranges, right types."""

from pathlib import Path

import pytest

from core.ranges import UnsatisfiableRange, parse_byte_range
from podcast.ingest import ingest_audio
from tests.podcast.factories import AUDIO_FIXTURES, audio_upload


@pytest.fixture
def asset(db):
    return ingest_audio(audio_upload("tone.mp3"), "Épisode servi")


def test_full_get_and_head_announce_ranges(client, asset):
    response = client.get(asset.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == asset.size_bytes
    assert b"".join(response.streaming_content) == (AUDIO_FIXTURES / "tone.mp3").read_bytes()

    head = client.head(asset.url)
    assert head.status_code == 200
    assert int(head["Content-Length"]) == asset.size_bytes


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-1", 0, 1), ("bytes=1000-", 1000, None), ("bytes=-500", None, None)],
)
def test_byte_ranges_answer_206_with_the_exact_slice(client, asset, header, first, last):
    size = asset.size_bytes
    first = size - 500 if first is None else first
    last = size - 1 if last is None else last
    response = client.get(asset.url, HTTP_RANGE=header)
    body = b"".join(response.streaming_content)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "audio/mpeg"
    assert body == (AUDIO_FIXTURES / "tone.mp3").read_bytes()[first : last + 1]


def test_a_range_beyond_the_end_answers_416(client, asset):
    response = client.get(asset.url, HTTP_RANGE=f"bytes={asset.size_bytes + 10}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{asset.size_bytes}"


def test_paths_outside_media_are_not_served(client, db):
    assert client.get("/media/../manage.py").status_code == 404
    assert client.get("/media/%2e%2e/manage.py").status_code == 404
    assert client.get("/media/absent.mp3").status_code == 404


def test_writes_are_refused(client, asset):
    assert client.post(asset.url).status_code == 405


@pytest.mark.parametrize("header", [None, "", "items=0-1", "bytes=0-1,5-6", "bytes=abc"])
def test_unusable_range_headers_mean_the_whole_file(header):
    assert parse_byte_range(header, 1000) is None


def test_an_empty_suffix_range_is_unsatisfiable():
    with pytest.raises(UnsatisfiableRange):
        parse_byte_range("bytes=-0", 1000)


HUGE = "9" * 5000  # more digits than Python's int() accepts from text


@pytest.mark.parametrize(
    ("header", "status", "content_range"),
    [
        (f"bytes={HUGE}-", 416, "bytes */{size}"),
        (f"bytes=0-{HUGE}", 206, "bytes 0-{last}/{size}"),
        (f"bytes=-{HUGE}", 206, "bytes 0-{last}/{size}"),
        (f"bytes=00000000000000000000000000001-{HUGE}", 206, "bytes 1-{last}/{size}"),
        (f"bytes={HUGE}-{HUGE}", 416, "bytes */{size}"),
        ("bytes=" + "0" * 5000 + "-0", 206, "bytes 0-0/{size}"),
        ("bytes=٣-", 200, None),  # an Arabic-Indic digit is not a number here
        ("bytes=" + "1-" * 3000, 200, None),
    ],
)
def test_any_range_header_gets_206_416_or_200(client, asset, header, status, content_range):
    response = client.get(asset.url, HTTP_RANGE=header)
    assert response.status_code == status
    if content_range:
        size = asset.size_bytes
        assert response["Content-Range"] == content_range.format(size=size, last=size - 1)


@pytest.mark.parametrize("header", ["bytes=-1", "bytes=-500", "bytes=0-", "bytes=0-0"])
def test_no_range_of_an_empty_file_is_satisfiable(header):
    with pytest.raises(UnsatisfiableRange):
        parse_byte_range(header, 0)


def test_an_empty_file_answers_a_suffix_range_with_416(client, db, settings):
    folder = Path(settings.MEDIA_ROOT) / "podcast"
    folder.mkdir(parents=True)
    (folder / "vide.mp3").write_bytes(b"")
    response = client.get("/media/podcast/vide.mp3", HTTP_RANGE="bytes=-500")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"
