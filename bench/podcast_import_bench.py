"""Importing shows from RSS feeds served on 127.0.0.1, through the real import
(`podcast.importer.run_import`): every episode's audio downloaded, validated and stored.

1. A 300-episode show, each episode its own short MP3 (distinct bytes, so nothing is
   deduplicated): time of the dry run, of the import, of a second (idempotent) run from a
   host that answers conditional requests (ETag, 304), of the same second run from a host
   that sends no validator (every file downloaded and hashed), and the peak resident memory
   of the process during the import.
2. One episode of about 1 GB (target: memory does not grow with the file): the server makes
   the MP3 on the fly (a few seconds of real frames sent over and over, nothing held but those
   frames), and the import streams it to a temporary file, probes it, hashes it and stores it.
   Its peak RSS growth and peak Python allocation (tracemalloc) are set against the same
   import of a one-second episode in the same run. The upload limit is raised for this run
   (`PODCAST_AUDIO_MAX_UPLOAD_SIZE`, 500 MB by default); about 2 GB of disk is used meanwhile.

Run: `.venv/bin/python bench/podcast_import_bench.py` (EPISODES=… to change the count,
LARGE_EPISODE_MB=… the large file's size).
"""

import hashlib
import os
import sys
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.* factories
from _common import generate_mp3, peak_rss_reset, print_table, rss_kib, setup_django, write_results

EPISODES = int(os.environ.get("EPISODES", "300"))
LARGE_MB = int(os.environ.get("LARGE_EPISODE_MB", "1024"))


class Repeated:
    """A file served as `unit` sent `times` times over, never held whole in memory."""

    def __init__(self, unit: bytes, times: int):
        self.unit, self.times = unit, times

    def __len__(self):
        return len(self.unit) * self.times


def serve(files, validators):
    """Serves `files`; while validators["on"], a bytes body gets an ETag (its hash) and a
    matching If-None-Match gets 304, as hosts' CDNs do; off, a host that sends none."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            etag = ""
            if validators["on"] and isinstance(body, bytes):
                etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            if isinstance(body, Repeated):
                for _ in range(body.times):
                    self.wfile.write(body.unit)
            else:
                self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def build_feed(base, count, name="{n}"):
    items = "".join(
        f"""<item><title>Épisode {n}</title><guid isPermaLink="false">hote-{name.format(n=n)}</guid>
        <pubDate>Tue, 01 Sep 2026 07:00:00 +0000</pubDate>
        <description><![CDATA[<p>Notes de l'épisode {n}.</p>]]></description>
        <itunes:episode>{n}</itunes:episode>
        <enclosure url="{base}/{name.format(n=n)}.mp3" type="audio/mpeg" length="0"/></item>"""
        for n in range(1, count + 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<title>Banc d'essai</title><description>Import</description>
<itunes:owner><itunes:name>Banc</itunes:name><itunes:email>banc@example.org</itunes:email></itunes:owner>
{items}</channel></rss>""".encode()


def measured_import(show, feed):
    """Import one episode; (seconds, peak RSS growth in KiB, peak traced allocation in bytes)."""
    from podcast.importer import run_import

    peak_rss_reset()
    before = rss_kib()
    tracemalloc.start()
    started = time.perf_counter()
    outcomes = run_import(show, feed, apply=True)
    seconds = time.perf_counter() - started
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    growth = rss_kib("VmHWM") - before
    assert [outcome.action for outcome in outcomes] == ["créé"], outcomes
    return seconds, growth, traced_peak


def large_episode_rows(home, base, files):
    """The same one-episode import for a one-second file and for a file of LARGE_MB."""
    from tests.podcast.factories import PodcastPageFactory

    from podcast.models import EpisodePage
    from podcast.storage import audio_storage

    unit = generate_mp3(5.0, 110.0)
    files["/large.mp3"] = Repeated(unit, LARGE_MB * 1024 * 1024 // len(unit))
    files["/small.mp3"] = generate_mp3(1.0, 150.0)
    rows = []
    for name in ("small", "large"):
        show = PodcastPageFactory(parent=home, title=f"Banc {name}", slug=f"banc-{name}")
        seconds, growth, traced = measured_import(show, build_feed(base, 1, name=name))
        episode = EpisodePage.objects.child_of(show).select_related("audio").get()
        size = episode.audio.size_bytes
        assert size == len(files[f"/{name}.mp3"]), (size, len(files[f"/{name}.mp3"]))
        audio_storage.delete(episode.audio.file.name)  # a gigabyte less on disk
        rows += [
            {
                "what": f"one episode of {size / 1024:,.0f} KiB ({name}): import",
                "value": f"{seconds:.1f} s ({size / 1024 / 1024 / seconds:.0f} MiB/s)",
            },
            {
                "what": f"  peak RSS growth / peak Python allocation ({name})",
                "value": f"{growth / 1024:.1f} MiB / {traced / 1024 / 1024:.1f} MiB",
                "target": "large ≈ small" if name == "large" else "",
            },
        ]
    return rows


def main():
    setup_django(PODCAST_WEBSUB_HUB="", PODCAST_AUDIO_MAX_UPLOAD_SIZE=str(2 * LARGE_MB << 20))
    from tests.home.factories import make_site_home
    from tests.podcast.factories import PodcastPageFactory

    from podcast.importer import run_import
    from podcast.models import EpisodePage

    home = make_site_home()
    show = PodcastPageFactory(parent=home)

    files = {f"/{n}.mp3": generate_mp3(1.0, 200.0 + n) for n in range(1, EPISODES + 1)}
    validators = {"on": True}
    server, base = serve(files, validators)
    feed = build_feed(base, EPISODES)

    started = time.perf_counter()
    plan = run_import(show, feed, apply=False)
    dry = time.perf_counter() - started

    peak_rss_reset()
    before = rss_kib()
    started = time.perf_counter()
    done = run_import(show, feed, apply=True)
    applied = time.perf_counter() - started
    peak = rss_kib("VmHWM")

    started = time.perf_counter()
    again = run_import(show, feed, apply=True)
    second = time.perf_counter() - started

    # The same second run from a host that sends no validator: every file is downloaded
    # and hashed (the only way to see a file replaced under the same URL and length).
    validators["on"] = False
    from podcast.models import ImportedEpisodeSource

    ImportedEpisodeSource.objects.update(etag="", last_modified="")
    started = time.perf_counter()
    unvalidated = run_import(show, feed, apply=True)
    second_without = time.perf_counter() - started

    created = sum(outcome.action == "créé" for outcome in done)
    assert created == EPISODES, [o for o in done if o.action != "créé"][:3]
    assert all(outcome.action == "inchangé" for outcome in again + unvalidated)
    assert EpisodePage.objects.count() == EPISODES
    rows = [
        {"what": f"dry run, {len(plan)} episodes", "value": f"{dry:.1f} s"},
        {"what": f"import, {created} episodes", "value": f"{applied:.1f} s"},
        {"what": "second run, host sends ETag (nothing to do)", "value": f"{second:.1f} s"},
        {
            "what": "second run, host sends no validator (every file hashed)",
            "value": f"{second_without:.1f} s ({second_without / second:.1f}× the one above)",
        },
        {
            "what": "peak RSS during the import",
            "value": f"{peak / 1024:.0f} MiB (+{(peak - before) / 1024:.0f} MiB)",
        },
    ]
    rows += large_episode_rows(home, base, files)
    server.shutdown()
    print_table(rows)
    print(write_results("podcast-import", rows))


if __name__ == "__main__":
    main()
