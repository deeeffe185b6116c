"""Feed benchmark: cold renders by show size, our render against feedgen alone, and warm feed
requests through gunicorn against the same bytes served as a static file by the same stack.

Run with `make bench` (or `.venv/bin/python bench/feed_bench.py`). Everything happens in a
temporary directory: a SQLite database (DATABASE_URL may point to an empty, throwaway
PostgreSQL database instead), media, collected static files. Prints a table and writes
bench/results/feed-<database>-<time>.json. The load tool is wrk when installed
(`apt-get install -y wrk`), otherwise a small threaded client; both are bounded in time.
"""

import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (30, 300, 3000)
RATIO_SIZE = 300
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "5"))
WORKDIR = Path(tempfile.mkdtemp(prefix="cpme-feed-bench-"))

sys.path[:0] = [str(ROOT / "site"), str(ROOT / "bench" / "lib"), str(ROOT)]
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench_settings",
    "DJANGO_SECRET_KEY": f"bench-{uuid.uuid4().hex}{uuid.uuid4().hex}",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SERVE_MEDIA": "1",
    "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3"),
    "BENCH_DIR": str(WORKDIR),
}
os.environ.update(ENV)

import django

django.setup()

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from feedgen.feed import FeedGenerator
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from podcast import cache as feed_cache
from podcast.demo import _cover
from podcast.feeds import ITUNES_IMAGE_SPEC, build_feed, collect_feed
from podcast.ingest import ingest_audio
from podcast.models import EpisodeChapter, EpisodePage, EpisodePerson, PodcastPage


def make_site():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil", hero_title="Bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home}
    )
    audio_file = ROOT / "tests" / "fixtures" / "audio" / "tone.mp3"
    upload = SimpleUploadedFile("tone.mp3", audio_file.read_bytes(), content_type="audio/mpeg")
    audio = ingest_audio(upload, "Ton de bench")
    cover = _cover()
    cover.get_rendition(ITUNES_IMAGE_SPEC)
    return home, audio, cover


@transaction.atomic
def make_show(home, audio, cover, size):
    """A published show, then `size` live episodes inserted in bulk (tree paths computed here,
    no admin saves), each with two chapters, a guest, a host and show notes."""
    show = home.add_child(
        instance=PodcastPage(
            title=f"Émission de {size} épisodes",
            slug=f"emission-{size}",
            description="Une émission de test pour mesurer le flux.",
            owner_name="Bench",
            owner_email="bench@example.org",
            cover_image=cover,
        )
    )
    show.save_revision().publish()
    episode_type = ContentType.objects.get_for_model(EpisodePage)
    locale = Locale.get_default()
    first_day = timezone.now() - datetime.timedelta(days=size + 1)
    pages = []
    for n in range(1, size + 1):
        published = first_day + datetime.timedelta(days=n)
        pages.append(
            Page(
                title=f"Épisode {n} : la trésorerie des PME",
                draft_title=f"Épisode {n} : la trésorerie des PME",
                slug=f"episode-{n}",
                path=Page._get_path(show.path, show.depth + 1, n),
                depth=show.depth + 1,
                numchild=0,
                url_path=f"{show.url_path}episode-{n}/",
                content_type=episode_type,
                locale=locale,
                live=True,
                first_published_at=published,
                last_published_at=published,
            )
        )
    pages = Page.objects.bulk_create(pages, batch_size=500)
    episodes = [
        EpisodePage(
            page_ptr_id=page.pk,
            guid=uuid.uuid4(),
            number=n,
            season=1 + n // 100,
            summary="Deux dirigeants racontent comment ils pilotent leur trésorerie. " * 3,
            show_notes="<p>Au programme : délais de paiement, <b>banque</b>, affacturage.</p>",
            audio_id=audio.pk,
            transcript="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour.\n",
            cover_image_id=cover.pk if n % 10 == 0 else None,
        )
        for n, page in enumerate(pages, start=1)
    ]
    local_fields = EpisodePage._meta.local_concrete_fields
    for batch in range(0, len(episodes), 500):
        EpisodePage._base_manager._insert(episodes[batch : batch + 500], local_fields, raw=True)
    Page.objects.filter(pk=show.pk).update(numchild=size)
    EpisodeChapter.objects.bulk_create(
        EpisodeChapter(episode_id=page.pk, start=start, title=title, sort_order=order)
        for page in pages
        for order, (start, title) in enumerate([("0:00", "Ouverture"), ("0:02", "Le sujet")])
    )
    EpisodePerson.objects.bulk_create(
        EpisodePerson(episode_id=page.pk, name=name, role=role, sort_order=order)
        for page in pages
        for order, (name, role) in enumerate([("Invitée Fictive", "guest"), ("Hôte", "host")])
    )
    return PodcastPage.objects.get(pk=show.pk)


def timed(function, repeat=3):
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def cold_render(client, show):
    """What the first request after a publish costs: routing, queries, rendering, caching."""

    def request():
        feed_cache.invalidate_shows([show.pk])
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{show.url}feed.xml")
        assert response.status_code == 200, response.status_code
        return len(queries), response

    seconds, (query_count, response) = timed(request)
    return seconds, query_count, response


def feedgen_alone(show_data, episodes):
    """The same entries built by feedgen and its own podcast extension from plain dicts."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(show_data["title"])
    fg.link(href=show_data["feed_url"], rel="self")
    fg.link(href=show_data["link"], rel="alternate")
    fg.description(show_data["description"])
    fg.language("fr")
    fg.podcast.itunes_author(show_data["author"])
    fg.podcast.itunes_category("Business")
    for episode in episodes:
        entry = fg.add_entry(order="append")
        entry.guid(episode["guid"], permalink=False)
        entry.title(episode["title"])
        entry.link(href=episode["link"])
        entry.description(episode["summary"])
        entry.content(episode["notes"], type="html")
        entry.pubDate(episode["published"])
        entry.enclosure(episode["audio_url"], str(episode["audio_length"]), "audio/mpeg")
        entry.podcast.itunes_duration(round(episode["duration"]))
        entry.podcast.itunes_episode(episode["number"])
        entry.podcast.itunes_season(episode["season"])
    return fg.rss_str()


def render_ratio(show):
    feed_show, feed_episodes = collect_feed(show)
    show_data = {
        "title": feed_show.title,
        "feed_url": feed_show.feed_url,
        "link": feed_show.link,
        "description": feed_show.description,
        "author": feed_show.author,
    }
    dicts = [
        {
            "guid": str(e.guid),
            "title": e.title,
            "link": e.link,
            "summary": e.summary,
            "notes": e.notes_html,
            "published": e.published,
            "audio_url": e.audio_url,
            "audio_length": e.audio_length,
            "duration": e.duration_seconds,
            "number": e.number,
            "season": e.season,
        }
        for e in feed_episodes
    ]
    ours, _ = timed(lambda: build_feed(*collect_feed(show)), repeat=5)
    alone, _ = timed(lambda: feedgen_alone(show_data, dicts), repeat=5)
    collect, _ = timed(lambda: collect_feed(show), repeat=5)
    build, _ = timed(lambda: build_feed(feed_show, feed_episodes), repeat=5)
    return ours, alone, collect, build


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench" / "lib")}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--chdir",
            str(ROOT / "site"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return process
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def load(url, headers=None):
    """Requests per second for LOAD_SECONDS, with wrk when present."""
    headers = headers or {}
    if shutil.which("wrk"):
        command = ["wrk", "-t1", "-c4", f"-d{LOAD_SECONDS:g}s", "--latency"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            raise RuntimeError(f"{url}: {errors.group(1)} error responses")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "wrk"
    counts, stop = [], time.time() + LOAD_SECONDS

    def worker():
        done = 0
        while time.time() < stop:
            fetch(url, headers)
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / LOAD_SECONDS, "threaded urllib client"


def main():
    started = time.time()
    home, audio, cover = make_site()
    shows = {size: make_show(home, audio, cover, size) for size in SIZES}
    setup_seconds = time.time() - started
    client = Client(HTTP_HOST="127.0.0.1")
    results = {"sizes": {}, "setup_seconds": round(setup_seconds, 1)}
    static_dir = Path(os.environ["BENCH_DIR"]) / "static" / "bench"
    static_dir.mkdir(parents=True)
    for size, show in shows.items():
        seconds, queries, response = cold_render(client, show)
        (static_dir / f"feed-{size}.xml").write_bytes(response.content)
        results["sizes"][size] = {
            "cold_render_ms": round(seconds * 1000, 1),
            "cold_queries": queries,
            "feed_bytes": len(response.content),
            "etag": response["ETag"],
            "path": f"{show.url}feed.xml",
        }
    ours, alone, collect, build = render_ratio(shows[RATIO_SIZE])
    results["render_vs_feedgen"] = {
        "episodes": RATIO_SIZE,
        "collect_and_build_ms": round(ours * 1000, 1),
        "collect_ms": round(collect * 1000, 1),
        "build_ms": round(build * 1000, 1),
        "feedgen_alone_ms": round(alone * 1000, 1),
        "ratio": round(ours / alone, 2),
    }

    port = free_port()
    server = start_gunicorn(port)
    try:
        base = f"http://127.0.0.1:{port}"
        for size, figures in results["sizes"].items():
            feed_url, static_url = base + figures["path"], f"{base}/static/bench/feed-{size}.xml"
            for _ in range(6):  # every worker renders and caches its copy
                status, headers, body = fetch(feed_url)
            assert status == 200, status
            assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
            etag = headers["ETag"]
            status, _, static_body = fetch(static_url)
            assert status == 200, status
            assert static_body == body, "the static copy must be the same bytes"
            assert fetch(feed_url, {"If-None-Match": etag})[0] == 304
            figures["warm_rps"], tool = load(feed_url)
            figures["static_rps"], _ = load(static_url)
            figures["warm_to_static"] = round(figures["warm_rps"] / figures["static_rps"], 2)
            figures["not_modified_rps"], _ = load(feed_url, {"If-None-Match": etag})
        results["load_tool"] = tool
    finally:
        server.terminate()
        server.wait(10)

    results["database"] = connection.vendor
    results["load_seconds"] = LOAD_SECONDS
    results["cpus"] = os.cpu_count()
    report(results)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = out_dir / f"feed-{results['database']}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Results: {path.relative_to(ROOT)}")
    shutil.rmtree(WORKDIR, ignore_errors=True)


def report(results):
    print(
        f"\nFeed benchmark ({results['database']}, gunicorn 2 workers, {results['load_tool']}, "
        f"{results['load_seconds']:g} s per load, {results['cpus']} CPUs; "
        f"setup {results['setup_seconds']} s)"
    )
    header = (
        f"{'episodes':>8} {'bytes':>9} {'cold ms':>8} {'queries':>7} "
        f"{'warm req/s':>10} {'static req/s':>12} {'warm/static':>11} {'304 req/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for size, f in results["sizes"].items():
        print(
            f"{size:>8} {f['feed_bytes']:>9} {f['cold_render_ms']:>8} {f['cold_queries']:>7} "
            f"{f['warm_rps']:>10.0f} {f['static_rps']:>12.0f} {f['warm_to_static']:>11} "
            f"{f['not_modified_rps']:>9.0f}"
        )
    ratio = results["render_vs_feedgen"]
    print(
        f"\nRender at {ratio['episodes']} episodes (queries + build): "
        f"{ratio['collect_and_build_ms']} ms (collect {ratio['collect_ms']}, build "
        f"{ratio['build_ms']}); feedgen alone from plain dicts: "
        f"{ratio['feedgen_alone_ms']} ms; ratio {ratio['ratio']}"
    )


if __name__ == "__main__":
    main()
