"""Bounded load test: ~50 concurrent clients for LOAD_TEST_SECONDS (default 120) against
gunicorn (2 workers, production settings) on 127.0.0.1 with the demo content, mixing feed
polls, conditional feed requests, episode and position pages, search, a filtered report
and its CSV export. Reports requests, p50/p99 latency and the number of 5xx answers, which
must be zero. Run with `make load`.
"""

import datetime
import os
import re
import subprocess
import sys

import feed_bench as harness
from django.core.management import call_command
from django.db import connection

SECONDS = int(os.environ.get("LOAD_TEST_SECONDS", "120"))
CONNECTIONS = int(os.environ.get("LOAD_TEST_CONNECTIONS", "50"))


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    port = harness.free_port()
    server = harness.start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers, _ = harness.fetch(f"{base}/cash-pme/feed.xml")
        if status != 200:
            raise SystemExit(f"feed answered {status}")
        command = [
            "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s",
            "-s", str(harness.ROOT / "bench" / "load_mix.lua"), base,
        ]  # fmt: skip
        output = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "FEED_ETAG": headers["ETag"]},
        ).stdout
    finally:
        server.terminate()
        server.wait(10)
    figures = {key: float(value) for key, value in re.findall(r"^([A-Z0-9_]+) ([\d.]+)$",
                                                               output, re.M)}  # fmt: skip
    figures.update(
        seconds=SECONDS, connections=CONNECTIONS, database=connection.vendor,
        requests_per_second=round(figures["REQUESTS"] / SECONDS, 1),
    )  # fmt: skip
    print(f"\nLoad test ({connection.vendor}, gunicorn 2 workers, wrk, {CONNECTIONS} connections, "
          f"{SECONDS} s)")  # fmt: skip
    for key in ("REQUESTS", "requests_per_second", "P50_MS", "P99_MS", "SERVER_ERRORS"):
        print(f"  {key.lower():<20} {figures[key]}")
    out = harness.ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    (out / f"load-{connection.vendor}-{stamp}.json").write_text(harness.json.dumps(figures))
    harness.shutil.rmtree(harness.WORKDIR, ignore_errors=True)
    if figures["SERVER_ERRORS"]:
        sys.exit(f"{int(figures['SERVER_ERRORS'])} responses were 5xx")


if __name__ == "__main__":
    main()
