"""Pages: SQL queries at demo size and at 10× content, and warm requests per second through
gunicorn (2 workers, production settings) as a ratio to the same bytes served as a static
file by the same stack. Reuses the feed benchmark's harness (temporary site, gunicorn, wrk).
"""

import datetime
import os

import feed_bench as harness
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from generators import make_mandates

from core.cache import bump_content_version as bump

PAGES = {
    "home": "/",
    "show": "/cash-pme/",
    "episode": "/cash-pme/tresorerie-tenir-le-cap/",
    "positions index": "/prises-de-position/",
    "position": "/prises-de-position/redynamiser-l-industrie/",
    "report": "/rapport-influence-2026/",
    "events": "/agenda/",
    "event": "/agenda/pme-xperience-toulouse/",
}


def cold_queries(client, forget):
    """Queries of each page's first request after `forget()`: emptying the whole cache (a
    Redis restart), or a new content version (what any publish does: page and fragment
    caches miss, Wagtail's own caches of site roots and renditions stay)."""
    counts = {}
    for name, path in PAGES.items():
        forget()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(captured)
    return counts


def grow_tenfold():
    """Ten times the demo's episodes, positions, events and mandates."""
    from events.models import EventIndexPage, EventPage
    from podcast.models import AudioAsset, EpisodePage, PodcastPage
    from positions.models import PositionIndexPage, PositionPage

    show, audio = PodcastPage.objects.get(), AudioAsset.objects.first()
    index, calendar = PositionIndexPage.objects.get(), EventIndexPage.objects.get()
    start = timezone.now() + datetime.timedelta(days=60)
    for number in range(30):
        show.add_child(
            instance=EpisodePage(title=f"Épisode bench {number}", summary="Bench.", audio=audio)
        )
        index.add_child(
            instance=PositionPage(
                title=f"Position bench {number}",
                summary="Bench.",
                kind="position",
                publication_date=datetime.date(2025, 1, 1 + number % 28),
            )
        )
        calendar.add_child(
            instance=EventPage(
                title=f"Événement bench {number}",
                kind="autre",
                start=start + datetime.timedelta(days=number),
                end=start + datetime.timedelta(days=number, hours=2),
            )
        )
    make_mandates(400)


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    os.environ["WAGTAILADMIN_BASE_URL"] = "http://127.0.0.1"
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client(HTTP_HOST="127.0.0.1")
    cold_queries(client, cache.clear)  # process-wide caches, as a running server has them
    small, small_publish = cold_queries(client, cache.clear), cold_queries(client, bump)
    grow_tenfold()
    large, large_publish = cold_queries(client, cache.clear), cold_queries(client, bump)
    warm = {}
    for name, path in PAGES.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        warm[name] = len(captured)

    # The static floor: the same bytes, written before gunicorn starts so WhiteNoise knows them.
    static_dir = harness.Path(os.environ["BENCH_DIR"]) / "static" / "bench-pages"
    static_dir.mkdir(parents=True)
    for name, path in PAGES.items():
        (static_dir / f"{name.replace(' ', '-')}.html").write_bytes(client.get(path).content)
    port = harness.free_port()
    server = harness.start_gunicorn(port)
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        for name, path in PAGES.items():
            for _ in range(4):  # both workers render and cache their fragments
                status, _, _ = harness.fetch(base + path)
            assert status == 200, (path, status)
            static_file = static_dir / f"{name.replace(' ', '-')}.html"
            page_rps, tool = harness.load(base + path)
            static_rps, _ = harness.load(f"{base}/static/bench-pages/{static_file.name}")
            rows.append(
                (name, small[name], large[name], small_publish[name], large_publish[name],
                 warm[name], page_rps, static_rps)
            )  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(30)
        except harness.subprocess.TimeoutExpired:  # a loaded machine: workers slow to stop
            server.kill()

    print(f"\nPages ({connection.vendor}, gunicorn 2 workers, {tool}, {harness.LOAD_SECONDS:g} s)")
    print("queries: first request with an empty cache / after a publish, demo and 10× content")
    print(
        f"{'page':<16}{'empty':>6}{'10×':>5}{'publ.':>6}{'10×':>5}{'warm':>5}"
        f"{'req/s':>8}{'static':>8}{'ratio':>7}"
    )
    results = []
    for name, empty, empty_10x, published, published_10x, warm_q, page_rps, static_rps in rows:
        ratio = page_rps / static_rps
        print(
            f"{name:<16}{empty:>6}{empty_10x:>5}{published:>6}{published_10x:>5}{warm_q:>5}"
            f"{page_rps:>8.0f}{static_rps:>8.0f}{ratio:>7.2f}"
        )
        results.append(
            {"page": name, "cold_queries": empty, "cold_queries_10x": empty_10x,
             "after_publish_queries": published, "after_publish_queries_10x": published_10x,
             "warm_queries": warm_q, "rps": round(page_rps), "static_rps": round(static_rps),
             "ratio": round(ratio, 3)}
        )  # fmt: skip
    out = harness.ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = out / f"pages-{connection.vendor}-{stamp}.json"
    path.write_text(harness.json.dumps({"rows": results}, indent=2) + "\n")
    print(f"Results: {path.relative_to(harness.ROOT)}")
    harness.shutil.rmtree(harness.WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
