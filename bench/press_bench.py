"""Press alerts: publishing a position followed by 5,000 subscribers.

1. The moderator's publish request (the admin's edit view, « Publier »), timed for positions
   whose themes nobody follows and for positions followed by 5,000 subscribers, interleaved
   (median of N each). Target: the same within noise, because the request only queues a job.
2. Then `db_worker` processes (the database queue of `make run`; several on PostgreSQL) send
   the alert to a local SMTP server (aiosmtpd in this process). Reported: time until all 5,000
   messages were handed over, throughput, duplicates (target 0), and each worker's peak RSS
   (VmHWM, target <= 100 MB), set against an idle worker started at the same time (what loading
   Django, Wagtail and the apps costs) and against the worker's own RSS once the first batch
   was out (loading the URLconf, templates and SMTP on the first job), so that what grows with
   the number of messages shows apart from what every worker pays once. PSS and USS are
   reported beside RSS (see `memory_mib`), and the baseline of the same run is a process
   that loads only the smallest Wagtail 8 project (`bench/lib/wagtail_floor_settings.py`),
   after `django.setup()` and after the system checks that load its URLconf (as a worker's).

Only one of the positions published with subscribers keeps its alert: the others are
unpublished before the workers start, so their queued alerts find nothing to send (an alert
never names a page that is not live).

With BENCH_RQ_URL (a Redis database the benchmark may empty), the workers are production's
`rqworker` processes instead (deploy/Procfile), which fork a work horse per job: each
horse's memory is sampled too, beside the worker's own.

    .venv/bin/python bench/press_bench.py                      # SQLite, one worker
    DATABASE_URL=postgres://… .venv/bin/python bench/press_bench.py   # PostgreSQL, two workers
    BENCH_RQ_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/press_bench.py   # RQ
"""

import collections
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "bench" / "lib"), str(ROOT)]

from _common import print_table, setup_django, write_results

SUBSCRIBERS = int(os.environ.get("PRESS_BENCH_SUBSCRIBERS", "5000"))
SAMPLES = int(os.environ.get("PRESS_BENCH_SAMPLES", "7"))
TIMEOUT = 900


class CountingHandler:
    """Accepts every message and counts recipients, without keeping the messages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.recipients = collections.Counter()
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            self.first = self.first or now
            self.last = now
        return "250 Message accepted"

    @property
    def delivered(self):
        with self.lock:
            return sum(self.recipients.values())


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(subscribers):
    """The site, a followed theme and an unfollowed one, `subscribers` confirmed addresses."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from tests.home.factories import make_site_home
    from tests.positions.factories import PositionIndexPageFactory

    from positions.models import Theme
    from press.models import Subscriber

    home = make_site_home()
    index = PositionIndexPageFactory(parent=home)
    followed = Theme.objects.create(name="Énergie", slug="energie")
    unfollowed = Theme.objects.create(name="Foncier", slug="foncier")
    now = timezone.now()
    rows = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"journaliste{n}@redaction{n % 97}.example",
            all_themes=False,
            consented_at=now,
            consent_text="Benchmark",
        )
        for n in range(subscribers)
    )
    through = Subscriber.themes.through
    through.objects.bulk_create(through(subscriber_id=row.pk, theme_id=followed.pk) for row in rows)
    user = get_user_model().objects.create_superuser("moderatrice", "m@example.org", "x")
    return index, followed, unfollowed, user


def draft(index, theme, number):
    from tests.positions.factories import PositionPageFactory

    page = PositionPageFactory(
        parent=index,
        title=f"Communiqué de benchmark {number}",
        slug=f"communique-bench-{number}",
        kind="communique",
        themes=[theme],
        live=False,
    )
    page.save_revision()
    return page


def publish_request(client, page, theme):
    """POST the edit form with « Publier », as the moderator's browser does; seconds taken."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "kind": "communique",
            "publication_date": "2026-03-02",
            "summary": "Ce que les PME attendent des pouvoirs publics.",
            "body": streamfield([]),
            "related_links": inline_formset([]),
        }
    )
    data["themes"] = [theme.pk]
    data["action-publish"] = "action-publish"
    start = time.perf_counter()
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    elapsed = time.perf_counter() - start
    if response.status_code != 302:
        raise RuntimeError(f"publish refused ({response.status_code})")
    page.refresh_from_db()
    if not page.live:
        raise RuntimeError("the page was not published")
    return elapsed


RQ_URL = os.environ.get("BENCH_RQ_URL", "")


def start_worker(name, queues, environment):
    if RQ_URL:  # as deploy/Procfile's worker line
        command = ["rqworker", *queues.split(","), "--job-class", "django_tasks_rq.Job",
                   "--with-scheduler", "--name", name, "-v", "0"]  # fmt: skip
    else:
        command = ["db_worker", "--queue-name", queues, "--no-reload", "--interval", "0.2",
                   "--no-startup-delay", "-v", "0", "--worker-id", name]  # fmt: skip
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *command], env=environment, cwd=ROOT
    )


def children(pid):
    """The processes a worker forked (RQ's scheduler and work horses), as pids."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except FileNotFoundError:
        return []


def peak_rss_mib(pid, field="VmHWM"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def memory_mib(pid):
    """RSS, PSS and USS of a process now (MiB), from /proc/<pid>/smaps_rollup.

    RSS counts every resident page the process maps, shared libraries included (libpython,
    the C extensions), so the RSS of several workers adds those pages up several times; PSS
    divides each shared page between the processes mapping it; USS counts private pages
    only: what stopping the process gives back."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split()[:2]
        fields[name.rstrip(":")] = int(value) / 1024
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": uss}


def higher(peak, now):
    return {key: max(peak.get(key, 0), value) for key, value in now.items()}


def wagtail_floor(environment):
    """RSS/PSS/USS of a process that only loads the smallest Wagtail 8 project (baseline):
    after `django.setup()`, then after the system checks that `db_worker` (as any management
    command) runs before its first job, which load the URLconf."""
    code = (
        "import django, sys; django.setup(); print('setup', flush=True); sys.stdin.readline()\n"
        "from django.core import checks; checks.run_checks(); print('checks', flush=True)\n"
        "sys.stdin.read()"
    )
    env = {**environment, "DJANGO_SETTINGS_MODULE": "wagtail_floor_settings"}
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        if process.stdout.readline().strip() != "setup":
            raise RuntimeError("the Wagtail floor process did not start")
        setup = memory_mib(process.pid)
        process.stdin.write("\n")
        process.stdin.flush()
        if process.stdout.readline().strip() != "checks":
            raise RuntimeError("the Wagtail floor process did not run its checks")
        return setup, memory_mib(process.pid)
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def main():
    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    bench_dir = tempfile.mkdtemp(prefix="press-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="press_bench_settings",
        BENCH_SMTP_PORT=str(port),
        BENCH_DIR=bench_dir,
    )
    setup_django()
    if RQ_URL:
        import django_rq

        django_rq.get_connection("default").flushdb()  # jobs of an earlier, interrupted run
    from django.db import connection
    from django.test import Client

    from press.alerts import BATCH_SIZE

    database = connection.vendor
    workers_count = int(os.environ.get("PRESS_BENCH_WORKERS", "2" if database != "sqlite" else "1"))
    index, followed, unfollowed, user = build_site(SUBSCRIBERS)
    client = Client()
    client.force_login(user)
    publish_request(client, draft(index, unfollowed, "warm-up"), unfollowed)  # imports, caches

    quiet, followed_times, followed_pages = [], [], []
    for number in range(SAMPLES):
        quiet.append(publish_request(client, draft(index, unfollowed, f"q{number}"), unfollowed))
        page = draft(index, followed, f"f{number}")
        followed_times.append(publish_request(client, page, followed))
        followed_pages.append(page)
    for page in followed_pages[1:]:
        page.unpublish()
    connection.close()

    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    started = time.monotonic()
    workers = [
        start_worker(f"bench-{n}", "default,mail", environment) for n in range(workers_count)
    ]
    # The same worker with nothing to do: what a worker weighs before any job (RQ: a queue of
    # the settings that the benchmark never fills).
    idle = start_worker("bench-idle", "imports" if RQ_URL else "bench-idle", environment)
    peaks, warm, sampled, horses = {}, {}, {}, {}
    try:
        while handler.delivered < SUBSCRIBERS and time.monotonic() - started < TIMEOUT:
            for worker in workers:
                if worker.poll() is None:
                    peaks[worker.pid] = peak_rss_mib(worker.pid)
                    now = memory_mib(worker.pid)
                    sampled[worker.pid] = higher(sampled.get(worker.pid, {}), now)
                    for child in children(worker.pid):
                        try:
                            child_now = memory_mib(child)
                        except (FileNotFoundError, ProcessLookupError):
                            continue  # the job ended between the two reads
                        horses[worker.pid] = higher(horses.get(worker.pid, {}), child_now)
                    if handler.delivered >= BATCH_SIZE * workers_count and worker.pid not in warm:
                        warm[worker.pid] = peak_rss_mib(worker.pid, "VmRSS")
            time.sleep(0.2)
        done = time.monotonic()
        time.sleep(2)  # anything sent twice would arrive now
        for worker in workers:
            peaks[worker.pid] = peak_rss_mib(worker.pid)
        idle_peak = peak_rss_mib(idle.pid)
        idle_now = memory_mib(idle.pid)
        # With RQ, the worker's scheduler is a forked process sharing most of its pages:
        # the PSS of the two together is what the idle worker costs the machine.
        idle_tree_pss = sum(memory_mib(pid)["pss"] for pid in [idle.pid, *children(idle.pid)])
        floor, floor_worker = wagtail_floor(environment)
    finally:
        for worker in [*workers, idle]:
            worker.terminate()
        for worker in [*workers, idle]:
            try:
                worker.wait(timeout=60)  # db_worker finishes its current job first
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        controller.stop()

    delivered = handler.delivered
    duplicates = delivered - len(handler.recipients)
    quiet_ms = statistics.median(quiet) * 1000
    followed_ms = statistics.median(followed_times) * 1000
    sending = (handler.last - handler.first) if handler.first else float("nan")
    rows = [
        {"what": "database", "value": database},
        {"what": "workers", "value": f"{workers_count} × {'rqworker' if RQ_URL else 'db_worker'}"},
        {"what": "publish request, nobody follows (median ms)", "value": round(quiet_ms, 1)},
        {"what": f"publish request, {SUBSCRIBERS} followers (median ms)",
         "value": round(followed_ms, 1)},
        {"what": "ratio followed / nobody", "value": round(followed_ms / quiet_ms, 2),
         "target": "≈ 1 (within noise)"},
        {"what": "spread nobody (min–max ms)",
         "value": f"{min(quiet) * 1000:.0f}–{max(quiet) * 1000:.0f}"},
        {"what": "spread followed (min–max ms)",
         "value": f"{min(followed_times) * 1000:.0f}–{max(followed_times) * 1000:.0f}"},
        {"what": "messages handed to SMTP", "value": delivered, "target": SUBSCRIBERS},
        {"what": "duplicates", "value": duplicates, "target": 0},
        {"what": "workers started → last message (s)", "value": round(done - started, 1)},
        {"what": "first → last message (s)", "value": round(sending, 1)},
        {"what": "throughput (messages/s, first → last)",
         "value": round(delivered / sending, 1) if sending else None},
        {"what": "peak RSS per worker (MiB)",
         "value": ", ".join(f"{peak:.1f}" for peak in peaks.values()), "target": "≤ 100"},
        {"what": "peak PSS / USS per worker (MiB, sampled every 0.2 s)",
         "value": ", ".join(f"{m['pss']:.1f} / {m['uss']:.1f}" for m in sampled.values())},
        {"what": "peak RSS / PSS / USS of a worker's forked processes (MiB, sampled)",
         "value": ", ".join(f"{m['rss']:.1f} / {m['pss']:.1f} / {m['uss']:.1f}"
                            for m in horses.values()) or "none (no fork)"},
        {"what": "peak RSS of an idle worker (MiB)", "value": round(idle_peak, 1)},
        {"what": "idle worker at the end, RSS / PSS / USS (MiB)",
         "value": f"{idle_now['rss']:.1f} / {idle_now['pss']:.1f} / {idle_now['uss']:.1f}"},
        {"what": "idle worker and the processes it forked, PSS together (MiB)",
         "value": round(idle_tree_pss, 1)},
        {"what": "baseline: smallest Wagtail 8 project after django.setup(), RSS / PSS / USS",
         "value": f"{floor['rss']:.1f} / {floor['pss']:.1f} / {floor['uss']:.1f}"},
        {"what": "baseline after the system checks (its URLconf), RSS / PSS / USS",
         "value": f"{floor_worker['rss']:.1f} / {floor_worker['pss']:.1f} / "
                  f"{floor_worker['uss']:.1f}"},
        {"what": "idle worker RSS / baseline after the checks",
         "value": round(idle_now["rss"] / floor_worker["rss"], 2)},
        {"what": "idle worker USS over the baseline after the checks (MiB)",
         "value": round(idle_now["uss"] - floor_worker["uss"], 1)},
        {"what": "worst worker peak RSS / baseline after the checks",
         "value": round(max(peaks.values()) / floor_worker["rss"], 2)},
        {"what": "growth over the idle worker (MiB, worst worker)",
         "value": round(max(peaks.values()) - idle_peak, 1)},
        {"what": f"RSS per worker once {BATCH_SIZE * workers_count} messages were out (MiB)",
         "value": ", ".join(f"{rss:.1f}" for rss in warm.values())},
        {"what": "growth from then to the peak (MiB, worst worker)",
         "value": round(max(peaks[pid] - rss for pid, rss in warm.items()), 1) if warm else None},
    ]  # fmt: skip
    print_table(rows)
    print(f"results: {write_results('press-rq' if RQ_URL else 'press', rows)}")
    if delivered != SUBSCRIBERS or duplicates:
        sys.exit(1)


if __name__ == "__main__":
    main()
