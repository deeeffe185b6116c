"""Real services that tests can break: S3 (moto), a silent or failing S3, Redis, PostgreSQL.

Every service here belongs to the test that started it; the machine's shared PostgreSQL and
Redis are never stopped.
"""

import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from botocore.config import Config as BotoConfig
from django.conf import settings as django_settings
from moto.server import ThreadedMotoServer

from tests import services
from tests.podcast.conftest import s3_client, s3_storage_options

S3_CONNECT_TIMEOUT = 1
S3_READ_TIMEOUT = 1
S3_ATTEMPTS = django_settings.AWS_S3_CLIENT_CONFIG.retries["total_max_attempts"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def short_timeouts():
    """The production client configuration with test-sized timeouts, so failures take seconds."""
    return django_settings.AWS_S3_CLIENT_CONFIG.merge(
        BotoConfig(connect_timeout=S3_CONNECT_TIMEOUT, read_timeout=S3_READ_TIMEOUT)
    )


def use_s3(settings, endpoint, bucket):
    """Every media storage (images, documents, audio) on one bucket, as in production."""
    settings.AWS_S3_CLIENT_CONFIG = short_timeouts()
    options = {**s3_storage_options(endpoint, bucket), "BACKEND": "core.storage.MediaS3Storage"}
    default = {**options, "OPTIONS": {**options["OPTIONS"], "default_acl": None}}
    default["OPTIONS"].pop("object_parameters")
    settings.STORAGES = {**settings.STORAGES, "default": default, "podcast_audio": options}


class MotoS3:
    """moto's S3 server that a test can stop and start again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.start()

    def start(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)

    def stop(self):
        self.server.stop()
        self.server = None

    def client(self):
        return s3_client(self.endpoint)


@pytest.fixture
def moto_s3(settings):
    """A fresh moto server with one bucket, every media storage pointed at it."""
    s3 = MotoS3()
    s3.bucket = f"cpme-media-{uuid.uuid4().hex[:12]}"
    s3.client().create_bucket(Bucket=s3.bucket)
    use_s3(settings, s3.endpoint, s3.bucket)
    yield s3
    if s3.server:
        s3.stop()


def bucket_keys(s3):
    """Starts the server if a test left it stopped, then lists the bucket."""
    if s3.server is None:
        s3.start()
    pages = s3.client().get_paginator("list_objects_v2").paginate(Bucket=s3.bucket)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


@pytest.fixture
def silent_endpoint():
    """Accepts TCP connections and never answers: every S3 call ends in a read timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stopping = threading.Event()

    def accept():
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", held
    stopping.set()
    listener.close()
    for connection in held:
        connection.close()


class FailingS3Handler(http.server.BaseHTTPRequestHandler):
    """An S3 that finds no object (so names are free) and refuses every write with a 503."""

    def _answer(self, status, body=b""):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.requests.append(self.command)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(404)

    def do_GET(self):
        self._answer(404)

    def do_PUT(self):
        self._answer(503, b"<Error><Code>SlowDown</Code><Message>Indisponible</Message></Error>")

    do_POST = do_PUT
    do_DELETE = do_PUT

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FailingS3Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.requests
    server.shutdown()
    server.server_close()


class RedisServer:
    """A redis-server subprocess of our own, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    if server.process:
        server.stop()


class PostgresInstance:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free port, owned by the tests.

    initdb refuses to run as root, so it then runs as the `postgres` system user.
    """

    def __init__(self):
        self.bin = services.postgres_bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="cpme-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.dir, "postgres")
        self.run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()

    def run(self, *command):
        subprocess.run(  # noqa: S603
            [*self.as_owner, *map(str, command)], check=True, capture_output=True, timeout=60
        )

    def start(self):
        options = f"-p {self.port} -h 127.0.0.1 -k {self.dir} -F"
        self.run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.dir / "log",
            "-w",
            "start",
        )

    def stop(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, name):
        self.run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)

    def destroy(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_instance():
    instance = PostgresInstance()
    yield instance
    instance.destroy()
