"""Through Varnish (deploy/stack.py: Varnish in front of two gunicorn nodes, production
settings): warm page and feed requests per second as a ratio to Varnish serving a static
object of the same size in the same run, and what a purge costs the request that publishes.

`DATABASE_URL=postgres://… python bench/stack_bench.py` runs it on PostgreSQL (a database of
its own, dropped after); SQLite otherwise. JSON in bench/results/stack-<database>-<time>.json.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import print_table, write_results

from deploy import stack as stack_module

LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "5"))
PATHS = {
    "home page": "/",
    "position": "/prises-de-position/redynamiser-l-industrie/",
    "feed": "/cash-pme/feed.xml",
}
PURGES = 50
ROUNDS = 3


def requests_per_second(url: str) -> float:
    command = ["wrk", "-t1", "-c8", f"-d{LOAD_SECONDS:g}s", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url}: error responses under load\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read(), answer.headers.get("X-Cache", "")


def database_url(workdir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'stack.sqlite3'}"
    name = f"cpme_stack_bench_{os.getpid()}"
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{name}"'],
        check=True,
        capture_output=True,
    )
    return url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="cpme-stack-bench-"))
    url = database_url(workdir)
    os.environ["DATABASE_URL"] = url  # write_results names the database from it
    stack = stack_module.start(url, workdir)
    floors = ROOT / "staticfiles" / "bench-floor"
    try:
        stack.manage("seed_demo", settings="config.settings.dev")
        floors.mkdir(parents=True, exist_ok=True)
        for name, path in PATHS.items():
            body, _ = fetch(stack.node_url("node_a") + path)
            (floors / f"{name.replace(' ', '-')}.html").write_bytes(b"x" * len(body))
        for node in list(stack.node_ports):  # WhiteNoise lists static files when it starts
            stack.stop(node)
            stack.start_node(node)

        rows = []
        for name, path in PATHS.items():
            page_url = stack.url + path
            floor_url = f"{stack.url}/static/bench-floor/{name.replace(' ', '-')}.html"
            for address in (page_url, floor_url):
                fetch(address)
                assert fetch(address)[1] == "HIT", address
            # Alternated, best of three each: both are Varnish hits, so what differs between
            # runs is the machine's other work, not the object.
            pages, floors_rates = [], []
            for _ in range(ROUNDS):
                pages.append(requests_per_second(page_url))
                floors_rates.append(requests_per_second(floor_url))
            page, floor = max(pages), max(floors_rates)
            rows.append(
                {
                    "what": f"{name}: warm through Varnish / static object of the same size",
                    "value": f"{page / floor:.2f}x ({page:.0f} vs {floor:.0f} req/s)",
                    "target": "≥ 0.9x",
                }
            )

        durations = []
        for _ in range(PURGES):
            fetch(stack.url + "/")
            started = time.perf_counter()
            # The call core.shared_cache.send_purge makes after a change commits.
            requests.request("PURGE", stack.url + "/", timeout=5).raise_for_status()
            durations.append((time.perf_counter() - started) * 1000)
            assert fetch(stack.url + "/")[1] == "MISS"
        rows.append(
            {
                "what": f"purge of the whole site, as the publishing request sends it ({PURGES}x)",
                "value": f"median {statistics.median(durations):.1f} ms, "
                f"max {max(durations):.1f} ms",
                "target": "≤ 50 ms",
            }
        )
        print_table(rows)
        print(write_results("stack", rows))
    finally:
        stack.stop_all()
        shutil.rmtree(floors, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)
        if url.startswith("postgres"):
            name = url.rsplit("/", 1)[1]
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'DROP DATABASE "{name}"'],
                check=False,
                capture_output=True,
            )


if __name__ == "__main__":
    main()
