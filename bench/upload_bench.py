"""Audio upload: a 200 MB MP3 through the real ingestion path to moto's S3 server.

Reports the peak RSS growth of this process during ingestion (target <= 64 MB) and its
throughput as a ratio to a raw boto3 `upload_file` of the same file to the same server in
the same run (target >= 0.8). moto runs in a separate process so its memory is not counted.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    generate_mp3,
    peak_rss_reset,
    print_table,
    rss_kib,
    setup_django,
    write_results,
)

SIZE_MB = int(os.environ.get("UPLOAD_BENCH_MB", "200"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process, endpoint


def main():
    moto, endpoint = start_moto()
    credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
    os.environ.update(credentials)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="bench-raw")
    client.create_bucket(Bucket="bench-audio")
    setup_django(
        AWS_STORAGE_BUCKET_NAME="bench-audio",
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
    )
    from django.conf import settings
    from django.core.files.uploadedfile import UploadedFile

    from podcast.ingest import ingest_audio

    settings.STORAGES = {**settings.STORAGES}  # re-resolve storages from the bench settings
    frames = generate_mp3(5.0)
    try:
        with tempfile.NamedTemporaryFile(suffix=".mp3") as source:
            while source.tell() < SIZE_MB * 1024 * 1024:
                source.write(frames)
            source.flush()
            size = source.tell()

            started = time.perf_counter()
            client.upload_file(source.name, "bench-raw", "raw.mp3")
            raw_seconds = time.perf_counter() - started

            peak_rss_reset()
            before = rss_kib()
            started = time.perf_counter()
            with open(source.name, "rb") as handle:
                asset = ingest_audio(
                    UploadedFile(handle, name="long.mp3", content_type="audio/mpeg", size=size),
                    "Épisode de deux cents mégaoctets",
                )
            ingest_seconds = time.perf_counter() - started
            growth_mb = (rss_kib("VmHWM") - before) / 1024
            stored = client.head_object(Bucket="bench-audio", Key=asset.file.name)
            if stored["ContentLength"] != size:
                raise SystemExit("the stored object does not have the uploaded size")
    finally:
        moto.terminate()

    mb = size / 1024 / 1024
    rows = [
        {"what": "file size (MB)", "value": round(mb, 1)},
        {"what": "raw boto3 upload_file (MB/s)", "value": round(mb / raw_seconds, 1)},
        {"what": "ingestion: probe + hash + upload (MB/s)", "value": round(mb / ingest_seconds, 1)},
        {
            "what": "throughput ratio ingestion / raw",
            "value": round(raw_seconds / ingest_seconds, 2),
            "target": ">= 0.8",
        },
        {"what": "peak RSS growth (MB)", "value": round(growth_mb, 1), "target": "<= 64"},
    ]
    print_table(rows)
    print(f"results: {write_results('upload', rows)}")


if __name__ == "__main__":
    main()
