"""WebSub: the feed declares its hub, and publishing tells the hub in the background, against a
local hub process that records what it receives."""

import subprocess
import sys
import urllib.parse
from pathlib import Path

import feedparser
import pytest

from core.models import BackgroundJob, JobStatus
from tests.podcast.conftest import publish
from tests.podcast.factories import EpisodePageFactory

# A hub in its own process: records every POST body (one per line) and answers `status`.
HUB = """
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

log, status = sys.argv[1], int(sys.argv[2])

class Hub(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(log, "ab") as handle:
            handle.write(self.headers["Content-Type"].encode() + b" " + body + b"\\n")
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Hub)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def hub(tmp_path, settings):
    """Starts the hub; returns a function answering with the given status and its log."""
    processes = []

    def start(status=204):
        log = tmp_path / f"hub-{status}.log"
        log.touch()
        process = subprocess.Popen(  # noqa: S603 (our own script, this interpreter)
            [sys.executable, "-c", HUB, str(log), str(status)],
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        port = int(process.stdout.readline())
        settings.PODCAST_WEBSUB_HUB = f"http://127.0.0.1:{port}/"
        return log

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def received(log: Path):
    return [
        (line.split(" ", 1)[0], dict(urllib.parse.parse_qsl(line.split(" ", 1)[1])))
        for line in log.read_text().splitlines()
    ]


def publish_episode(show, audio, capture):
    with capture(execute=True):
        return publish(EpisodePageFactory(parent=show, live=False, audio=audio))


def test_publishing_notifies_the_hub_the_feed_declares(
    client, show, audio, hub, settings, django_capture_on_commit_callbacks
):
    log = hub(204)
    publish_episode(show, audio, django_capture_on_commit_callbacks)

    assert received(log) == [
        (
            "application/x-www-form-urlencoded",
            {"hub.mode": "publish", "hub.url": show.feed_url},
        )
    ]
    job = BackgroundJob.objects.get(key__startswith=f"websub:{show.pk}:")
    assert job.status == JobStatus.DONE

    feed = feedparser.parse(client.get("/cash-pme/feed.xml").content)
    hubs = [link.href for link in feed.feed.links if link.rel == "hub"]
    assert hubs == [settings.PODCAST_WEBSUB_HUB]


def test_a_hub_that_is_down_is_tried_again_later(
    show, audio, hub, django_capture_on_commit_callbacks
):
    log = hub(503)
    publish_episode(show, audio, django_capture_on_commit_callbacks)
    assert len(received(log)) == 1
    job = BackgroundJob.objects.get(key__startswith=f"websub:{show.pk}:")
    assert job.status == JobStatus.RETRYING
    assert "a répondu 503" in job.last_error
    assert job.next_attempt_at is not None


def test_a_hub_that_refuses_leaves_a_dead_letter(
    show, audio, hub, django_capture_on_commit_callbacks
):
    hub(400)
    publish_episode(show, audio, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get(key__startswith=f"websub:{show.pk}:")
    assert job.status == JobStatus.DEAD
    assert "a refusé la notification (400)" in job.last_error


def test_without_a_hub_nothing_is_declared_or_queued(
    client, show, audio, settings, django_capture_on_commit_callbacks
):
    settings.PODCAST_WEBSUB_HUB = ""
    publish_episode(show, audio, django_capture_on_commit_callbacks)
    assert not BackgroundJob.objects.filter(key__startswith="websub:").exists()
    feed = feedparser.parse(client.get("/cash-pme/feed.xml").content)
    assert [link for link in feed.feed.links if link.rel == "hub"] == []
