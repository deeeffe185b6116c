"""The Pacte Occitan platform at target size: 6,000 organisations, 20,000 needs, 200,000
responses (MEMBERS_BENCH_SCALE divides them for a quick run).

Reports the SQL queries of the needs list, a search and a buyer's responses (targets: at
most 15, and the same whatever the size), the search p95 through the whole request (target
100 ms on PostgreSQL), and the daily digest for 6,000 people: time and peak Python
allocation (tracemalloc), which must not grow with the number of people.
"""

import datetime
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    one_admin_per_organisation,
    print_table,
    queries_of,
    setup_django,
    valid_siren,
    write_results,
)

SCALE = int(os.environ.get("MEMBERS_BENCH_SCALE", "1"))
ORGANISATIONS = 6_000 // SCALE
LARGE_ACCOUNTS = max(ORGANISATIONS // 30, 2)
NEEDS = 20_000 // SCALE
RESPONSES_PER_NEED = 10
NEW_NEEDS_YESTERDAY = 300 // SCALE
WORDS = [
    "usinage",
    "maintenance",
    "formation",
    "logiciel",
    "transport",
    "nettoyage",
    "conseil",
    "soudure",
    "emballage",
    "capteurs",
    "recrutement",
    "audit",
]


def populate():
    from django.utils import timezone

    from members.models import Alert, Category, Department, Need, Organisation, Response

    rng = random.Random(7)  # noqa: S311 (test data)
    departments = list(Department.objects.values_list("code", flat=True))
    categories = list(Category.objects.values_list("pk", flat=True))
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Organisation fictive {n}",
                kind="grand_compte" if n < LARGE_ACCOUNTS else "pme",
                siren=valid_siren(n + 1000),
                department=rng.choice(departments),
                size_band="10-49",
                status="validee",
                in_directory=n % 3 == 0,
                description=f"Spécialiste {rng.choice(WORDS)} et {rng.choice(WORDS)}",
            )
            for n in range(ORGANISATIONS)
        ],
        batch_size=2000,
    )
    memberships = one_admin_per_organisation(organisations)
    alerts = Alert.objects.bulk_create(
        [Alert(membership=m, active=True) for m in memberships], batch_size=2000
    )
    Alert.departments.through.objects.bulk_create(
        [
            Alert.departments.through(alert_id=a.pk, department_id=rng.choice(departments))
            for a in alerts
        ],
        batch_size=5000,
    )
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    today = timezone.localdate()
    needs = Need.objects.bulk_create(
        [
            Need(
                organisation=organisations[n % LARGE_ACCOUNTS]
                if n % 2
                else organisations[rng.randrange(ORGANISATIONS)],
                title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} lot {n}",
                description=" ".join(rng.choice(WORDS) for _ in range(60)),
                axis=rng.choice(["achats", "innovation", "rh"]),
                deadline=today + datetime.timedelta(days=rng.randrange(-30, 90)),
                published_at=yesterday
                if n < NEW_NEEDS_YESTERDAY
                else now - datetime.timedelta(days=rng.randrange(2, 400)),
            )
            for n in range(NEEDS)
        ],
        batch_size=2000,
    )
    Need.departments.through.objects.bulk_create(
        [
            Need.departments.through(need_id=need.pk, department_id=rng.choice(departments))
            for need in needs
        ],
        batch_size=5000,
    )
    Need.categories.through.objects.bulk_create(
        [
            Need.categories.through(need_id=need.pk, category_id=rng.choice(categories))
            for need in needs
        ],
        batch_size=5000,
    )
    batch = []
    for need in needs:
        for responder in rng.sample(range(LARGE_ACCOUNTS, ORGANISATIONS), RESPONSES_PER_NEED):
            batch.append(
                Response(
                    need=need,
                    organisation=organisations[responder],
                    message="Proposition",
                    contact_name="C",
                    contact_email="c@bench.example",
                    status=rng.choice(["envoyee", "retenue", "declinee", "gagnee"]),
                )
            )
        if len(batch) >= 20_000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    return memberships[LARGE_ACCOUNTS + 1], memberships[0], needs


def main():
    setup_django(DJANGO_ALLOWED_HOSTS="testserver")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    started = time.perf_counter()
    sme, buyer, needs = populate()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    fill_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(sme.user, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/espace-membres/besoins/")  # settings and menus cached
    list_queries = len(queries_of(client, "/espace-membres/besoins/"))
    filtered_queries = len(
        queries_of(
            client,
            "/espace-membres/besoins/",
            {"axe": "achats", "departement": "31", "acheteur": "grand_compte"},
        )
    )
    search_queries = len(queries_of(client, "/espace-membres/besoins/", {"q": "usinage capteurs"}))
    from django.test.utils import CaptureQueriesContext

    def timed(params):
        """Milliseconds for the whole request, and for its SQL alone (the server's share)."""
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            assert client.get("/espace-membres/besoins/", params).status_code == 200
            total = (time.perf_counter() - begin) * 1000
        return total, sum(float(query["time"]) for query in captured) * 1000

    def p95(values):
        return sorted(values)[int(len(values) * 0.95) - 1]

    rng = random.Random(3)  # noqa: S311 (test data)
    baseline, searches = [], []
    for _ in range(60):
        # The same page without a search, in the same run: what the machine's load and the
        # rendering cost by themselves.
        baseline.append(timed({}))
        params = {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"}
        if rng.random() < 0.5:
            params["departement"] = "31"
        searches.append(timed(params))
    timings = [total for total, _sql in searches]

    buyer_client = Client()
    buyer_client.force_login(buyer.user, backend="django.contrib.auth.backends.ModelBackend")
    own = next(n for n in needs if n.organisation_id == buyer.organisation_id)
    buyer_client.get(f"/espace-membres/besoins/{own.pk}/")
    buyer_queries = len(queries_of(buyer_client, f"/espace-membres/besoins/{own.pk}/"))
    activity_queries = len(queries_of(buyer_client, "/espace-membres/mon-activite/"))

    from members.digest import digest_messages
    from members.models import Alert

    def digest():
        """Seconds, messages built and peak Python allocation of one day's digest."""
        tracemalloc.start()
        begin = time.perf_counter()
        built = 0
        for _key, build in digest_messages(day):
            build()
            built += 1
        seconds = time.perf_counter() - begin
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return seconds, built, peak

    # One message first, untraced: templates, URL patterns and translations load once per
    # process, which is not what grows (or not) with the number of people.
    day = timezone.localdate() - datetime.timedelta(days=1)
    next(iter(digest_messages(day)))[1]()
    digest_seconds, built, peak = digest()
    # The same day's needs for half the people: bounded memory means about the same peak.
    # Each message leaves reference cycles (template contexts) that only the collector's
    # oldest generation frees, and it runs once they reach a share of the process's
    # long-lived objects: the peak grows up to that bound (about 16 MB here, reached near
    # 2,000 messages), then stays there. Below it, the half run peaks lower.
    active = list(Alert.objects.order_by("pk").values_list("pk", flat=True))
    Alert.objects.filter(pk__in=active[len(active) // 2 :]).update(active=False)
    _half_seconds, half_built, half_peak = digest()

    results = [
        {
            "what": "organisations / needs / responses",
            "value": f"{ORGANISATIONS} / {NEEDS} / {NEEDS * RESPONSES_PER_NEED}",
        },
        {"what": "data generation (s)", "value": round(fill_seconds, 1)},
        {"what": "needs list queries", "value": list_queries, "target": "<= 15"},
        {"what": "filtered list queries", "value": filtered_queries, "target": "<= 15"},
        {"what": "search queries", "value": search_queries, "target": "<= 15"},
        {"what": "search p50 (ms)", "value": round(statistics.median(timings), 1)},
        {
            "what": "search p95 (ms)",
            "value": round(p95(timings), 1),
            "target": "<= 100 on PostgreSQL",
        },
        {"what": "search SQL p95 (ms)", "value": round(p95([sql for _t, sql in searches]), 1)},
        {
            "what": "list without search p95 (ms, baseline)",
            "value": round(p95([total for total, _sql in baseline]), 1),
        },
        {"what": "buyer's need with responses, queries", "value": buyer_queries, "target": "<= 15"},
        {"what": "buyer's activity page, queries", "value": activity_queries, "target": "<= 15"},
        {"what": "digest: messages built", "value": built},
        {"what": "digest: time (s)", "value": round(digest_seconds, 2)},
        {"what": "digest: peak Python allocation (MB)", "value": round(peak / 1024 / 1024, 1)},
        {"what": "digest, half the people: messages built", "value": half_built},
        {
            "what": "digest, half the people: peak (MB)",
            "value": round(half_peak / 1024 / 1024, 1),
            "target": "about the same as all (bounded)",
        },
    ]
    print_table(results)
    print(write_results("members", results))


if __name__ == "__main__":
    main()
