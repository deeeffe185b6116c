"""The Export Advisor at target size: 6,000 organisations, 20,000 presences, 5,000 resources
and 50,000 ratings (ADVISOR_BENCH_SCALE divides them for a quick run).

Reports the SQL queries of the search page (map included), a filtered search, a country
page and a resource page (targets: at most 15, the same whatever the size), that averages
are computed by the database (AVG in SQL, no rating row read for them), and the p95 of the
country page and of the search through the whole request (target 100 ms on PostgreSQL).
"""

import os
import random
import statistics
import sys
import time
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

SCALE = int(os.environ.get("ADVISOR_BENCH_SCALE", "1"))
ORGANISATIONS = 6_000 // SCALE
PRESENCES = 20_000 // SCALE
RESOURCES = 5_000 // SCALE
RESOURCE_RATINGS = 40_000 // SCALE
COUNTRY_RATINGS = 10_000 // SCALE
KINDS = ["filiale", "bureau", "agent", "distributeur", "export"]
CATEGORIES = ["douane", "avocat", "comptable", "distributeur", "salon", "appui_public"]


def populate():

    from django.utils import timezone

    from advisor.countries import COUNTRY_NAMES
    from advisor.models import Presence, Rating, Resource
    from members.models import Category, Organisation

    rng = random.Random(7)  # noqa: S311 (test data)
    countries = list(COUNTRY_NAMES)
    categories = list(Category.objects.values_list("pk", flat=True))
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Organisation fictive {n}",
                kind="pme",
                siren=valid_siren(n + 1000),
                department="31",
                size_band="10-49",
                status="validee",
            )
            for n in range(ORGANISATIONS)
        ],
        batch_size=2000,
    )
    memberships = one_admin_per_organisation(organisations)
    confirmed = timezone.now()
    presences = Presence.objects.bulk_create(
        [
            Presence(
                organisation=organisations[n % ORGANISATIONS],
                country=rng.choice(countries),
                city=f"Ville {rng.randrange(500)}",
                kind=rng.choice(KINDS),
                since=rng.randrange(1990, 2026),
                contact=memberships[n % ORGANISATIONS],
                contact_opt_in=n % 2 == 0,
                contact_confirmed_at=confirmed if n % 2 == 0 else None,
            )
            for n in range(PRESENCES)
        ],
        batch_size=2000,
    )
    Presence.sectors.through.objects.bulk_create(
        [
            Presence.sectors.through(presence_id=p.pk, category_id=rng.choice(categories))
            for p in presences
        ],
        batch_size=5000,
    )
    resources = Resource.objects.bulk_create(
        [
            Resource(
                name=f"Prestataire fictif {n}",
                country=rng.choice(countries),
                city=f"Ville {rng.randrange(500)}",
                category=rng.choice(CATEGORIES),
                description="Prestataire recommandé par des adhérents.",
            )
            for n in range(RESOURCES)
        ],
        batch_size=2000,
    )
    per_resource = RESOURCE_RATINGS // RESOURCES
    ratings = []
    for resource in resources:
        for rater in rng.sample(organisations, per_resource):
            ratings.append(
                Rating(
                    organisation=rater,
                    resource=resource,
                    quality=rng.randint(1, 5),
                    responsiveness=rng.randint(1, 5),
                    value=rng.randint(1, 5),
                    text="Avis de test.",
                    status="publiee" if rng.random() < 0.95 else "signalee",
                )
            )
    pairs = set()
    while len(pairs) < COUNTRY_RATINGS:
        pairs.add((rng.randrange(ORGANISATIONS), rng.choice(countries)))
    for organisation, country in sorted(pairs):
        ratings.append(
            Rating(
                organisation=organisations[organisation],
                country=country,
                market_access=rng.randint(1, 5),
                administration=rng.randint(1, 5),
                payment_delays=rng.randint(1, 5),
                partner_reliability=rng.randint(1, 5),
                text="Avis de test.",
            )
        )
    Rating.objects.bulk_create(ratings, batch_size=5000)
    busiest = Resource.objects.filter(country="MA").first()
    return memberships[0], busiest, len(ratings)


def p95(client, requests):
    timings = []
    for url, params in requests:
        begin = time.perf_counter()
        assert client.get(url, params).status_code == 200
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    setup_django(DJANGO_ALLOWED_HOSTS="testserver")
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from advisor.countries import COUNTRY_NAMES, REGIONS

    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    member, resource, rating_count = populate()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    fill_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(member.user, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/espace-membres/export/")  # settings, menus and map outlines cached
    home = queries_of(client, "/espace-membres/export/")
    filtered = queries_of(
        client,
        "/espace-membres/export/",
        {"region": "asie", "secteur": "industrie-mecanique", "forme": "filiale", "q": "ville 1"},
    )
    country = queries_of(client, "/espace-membres/export/pays/MA/")
    resource_page = queries_of(client, f"/espace-membres/export/ressources/{resource.pk}/")
    averages_in_sql = sum("AVG(" in sql.upper() for sql in country + resource_page)

    rng = random.Random(3)  # noqa: S311 (test data)
    codes = list(COUNTRY_NAMES)
    country_p50, country_p95 = p95(
        client, [(f"/espace-membres/export/pays/{rng.choice(codes)}/", {}) for _ in range(60)]
    )
    searches = []
    for _ in range(60):
        params = {"region": rng.choice(REGIONS)[0]}
        if rng.random() < 0.5:
            params["forme"] = rng.choice(KINDS)
        if rng.random() < 0.3:
            params["q"] = f"ville {rng.randrange(500)}"
        searches.append(("/espace-membres/export/", params))
    search_p50, search_p95 = p95(client, searches)

    results = [
        {
            "what": "organisations / presences / resources / ratings",
            "value": f"{ORGANISATIONS} / {PRESENCES} / {RESOURCES} / {rating_count}",
        },
        {"what": "data generation (s)", "value": round(fill_seconds, 1)},
        {"what": "search page with map, queries", "value": len(home), "target": "<= 15"},
        {"what": "filtered search, queries", "value": len(filtered), "target": "<= 15"},
        {"what": "country page, queries", "value": len(country), "target": "<= 15"},
        {"what": "resource page, queries", "value": len(resource_page), "target": "<= 15"},
        {"what": "queries computing averages with AVG in SQL", "value": averages_in_sql},
        {"what": "country page p50 (ms)", "value": round(country_p50, 1)},
        {"what": "country page p95 (ms)", "value": round(country_p95, 1), "target": "<= 100"},
        {"what": "search p50 (ms)", "value": round(search_p50, 1)},
        {"what": "search p95 (ms)", "value": round(search_p95, 1), "target": "<= 100"},
    ]
    print_table(results)
    print(write_results("advisor", results))


if __name__ == "__main__":
    main()
