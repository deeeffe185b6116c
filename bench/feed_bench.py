"""Feed benchmark: cold renders by show size; a cache miss's render at 300 episodes (collect +
build, queries counted) against feedgen building the same document (same elements and
attributes per item, asserted) from rows already in memory; warm feed requests through
gunicorn against the same bytes served as a static file by the same stack. Ratios come from
one run, timed alternately, with the load average printed: the machine may be shared.

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
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml.etree import SubElement
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from podcast import cache as feed_cache
from podcast.demo import _cover
from podcast.feeds import ITUNES_IMAGE_SPEC, build_feed, collect_feed, podcast_guid
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


PODCAST_NS = "https://podcastindex.org/namespace/1.0"


class PodcastTags:
    """The least code feedgen needs to write `podcast:` tags: each kept as given, written in
    the order given."""

    def __init__(self):
        self.tags = []

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def add(self, name, text=None, **attributes):
        self.tags.append((f"{{{PODCAST_NS}}}{name}", text, attributes))

    def extend_rss(self, element):
        parent = element[0] if element.tag == "rss" else element
        for tag, text, attributes in self.tags:
            SubElement(parent, tag, attributes).text = text
        return element


class PodcastChannelTags(PodcastTags, BaseExtension):
    pass


class PodcastItemTags(PodcastTags, BaseEntryExtension):
    pass


def feedgen_alone(show, episodes):
    """The same document built by feedgen, its own iTunes extension and PodcastTags from rows
    already in memory (plain dicts holding every value ready to write)."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("index", PodcastChannelTags, PodcastItemTags)
    fg.title(show["title"])
    fg.link(href=show["feed_url"], rel="self", type="application/rss+xml")
    fg.link(href=show["link"], rel="alternate")
    fg.description(show["description"])
    fg.language(show["language"])
    fg.lastBuildDate(show["updated"])
    fg.generator(show["generator"])
    if show["image_url"]:
        fg.image(url=show["image_url"], title=show["title"], link=show["link"])
    fg.podcast.itunes_author(show["author"])
    fg.podcast.itunes_owner(name=show["owner_name"], email=show["owner_email"])
    fg.podcast.itunes_category(show["category"], show["subcategory"] or None)
    fg.podcast.itunes_type(show["show_type"])
    fg.podcast.itunes_explicit(show["explicit"])
    if show["image_url"]:
        fg.podcast.itunes_image(show["image_url"])
    fg.index.add("guid", show["podcast_guid"])
    fg.index.add("locked", "yes", owner=show["owner_email"])
    for episode in episodes:
        entry = fg.add_entry(order="append")
        entry.guid(episode["guid"], permalink=False)
        entry.title(episode["title"])
        entry.link(href=episode["link"])
        entry.description(episode["summary"])
        entry.content(episode["notes"], type="html")
        entry.pubDate(episode["published"])
        entry.enclosure(episode["audio_url"], episode["audio_length"], episode["audio_type"])
        entry.podcast.itunes_duration(episode["duration"])
        entry.podcast.itunes_episode_type(episode["episode_type"])
        entry.podcast.itunes_explicit(episode["explicit"])
        entry.podcast.itunes_episode(episode["number"])
        entry.podcast.itunes_season(episode["season"])
        if episode["image_url"]:
            entry.podcast.itunes_image(episode["image_url"])
        entry.index.add("transcript", url=episode["transcript_url"], type="text/vtt", language="fr")
        entry.index.add("chapters", url=episode["chapters_url"], type="application/json+chapters")
        for name, role in episode["people"]:
            entry.index.add("person", name, role=role, group="cast")
        entry.index.add("season", episode["season"])
        entry.index.add("episode", episode["number"])
    return fg.rss_str(pretty=False, encoding="UTF-8", xml_declaration=True)


def in_memory_rows(show, episodes):
    """What collect_feed read, as the plain dicts feedgen_alone starts from."""
    show_row = {
        "title": show.title,
        "feed_url": show.feed_url,
        "link": show.link,
        "description": show.description,
        "language": show.language,
        "updated": show.updated,
        "generator": "CPME Occitanie (feedgen)",
        "image_url": show.image_url,
        "author": show.author,
        "owner_name": show.owner_name,
        "owner_email": show.owner_email,
        "category": show.category,
        "subcategory": show.subcategory,
        "show_type": show.show_type,
        "explicit": "yes" if show.explicit else "no",
        "podcast_guid": str(podcast_guid(show.feed_url)),
    }
    episode_rows = [
        {
            "guid": str(e.guid),
            "title": e.title,
            "link": e.link,
            "summary": e.summary,
            "notes": e.notes_html,
            "published": e.published,
            "audio_url": e.audio_url,
            "audio_length": str(e.audio_length),
            "audio_type": e.audio_type,
            "duration": str(round(e.duration_seconds)),
            "episode_type": e.episode_type,
            "explicit": "yes" if e.explicit else "no",
            "number": str(e.number),
            "season": str(e.season),
            "image_url": e.image_url,
            "transcript_url": e.transcript_url,
            "chapters_url": e.chapters_url,
            "people": [(p.name, p.role) for p in e.people],
        }
        for e in episodes
    ]
    return show_row, episode_rows


def structure(body):
    """Each element's tag and attribute names: the channel's own, then each item's."""

    def shape(elements):
        return sorted(
            (element.tag, tuple(sorted(element.attrib)))
            for top in elements
            for element in top.iter()
        )

    channel = etree.fromstring(body)[0]
    items = channel.findall("item")
    return shape([child for child in channel if child.tag != "item"]), [
        shape([item]) for item in items
    ]


def render_ratio(show, repeat=21):
    """A cache miss's render (collect + build, queries counted) against feedgen_alone, timed
    alternately in the same run so both see the same load on the machine."""
    feed_show, feed_episodes = collect_feed(show)
    show_row, episode_rows = in_memory_rows(feed_show, feed_episodes)
    ours_body = build_feed(feed_show, feed_episodes)
    alone_body = feedgen_alone(show_row, episode_rows)
    ours_shape, alone_shape = structure(ours_body), structure(alone_body)
    assert len(ours_shape[1]) == len(feed_episodes) == RATIO_SIZE
    assert ours_shape == alone_shape, "feedgen_alone must build the same elements and attributes"
    with CaptureQueriesContext(connection) as queries:
        collect_feed(show)
    timings = {"ours": [], "collect": [], "build": [], "alone": []}
    for _ in range(repeat):
        started = time.perf_counter()
        collected = collect_feed(show)
        middle = time.perf_counter()
        build_feed(*collected)
        ended = time.perf_counter()
        alone_body = feedgen_alone(show_row, episode_rows)
        timings["alone"].append(time.perf_counter() - ended)
        timings["ours"].append(ended - started)
        timings["collect"].append(middle - started)
        timings["build"].append(ended - middle)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    fastest = {name: min(values) for name, values in timings.items()}
    return medians, fastest, len(queries), len(ours_shape[1][0]) - 1  # the item left out


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
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of inserts this size: without statistics the
        # planner counts one row per table, which no production database has.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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
    medians, fastest, collect_queries, elements_per_item = render_ratio(shows[RATIO_SIZE])
    results["render_vs_feedgen"] = {
        "episodes": RATIO_SIZE,
        "elements_per_item": elements_per_item,
        "collect_queries": collect_queries,
        "collect_and_build_ms": round(medians["ours"] * 1000, 1),
        "collect_ms": round(medians["collect"] * 1000, 1),
        "build_ms": round(medians["build"] * 1000, 1),
        "feedgen_alone_ms": round(medians["alone"] * 1000, 1),
        "ratio": round(medians["ours"] / medians["alone"], 2),
        "ratio_of_fastest": round(fastest["ours"] / fastest["alone"], 2),
        "load_average": os.getloadavg()[0],
    }

    port = free_port()
    server = start_gunicorn(port)
    loads = []
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
            loads.append(os.getloadavg()[0])
        results["load_tool"] = tool
        results["load_average_during_load"] = f"{min(loads):.1f}-{max(loads):.1f}"
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
        f"\nCache miss at {ratio['episodes']} episodes, medians of alternate runs (load average "
        f"{ratio['load_average']:.1f}): collect ({ratio['collect_queries']} queries) + build "
        f"{ratio['collect_and_build_ms']} ms (collect {ratio['collect_ms']}, build "
        f"{ratio['build_ms']}); feedgen building the same document ({ratio['elements_per_item']} "
        f"elements per item) from rows in memory {ratio['feedgen_alone_ms']} ms; "
        f"ratio {ratio['ratio']} (of the fastest runs: {ratio['ratio_of_fastest']})"
    )
    print(f"Load average during the requests/s runs: {results['load_average_during_load']}")


if __name__ == "__main__":
    main()
