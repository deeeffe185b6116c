"""Bulk content for benchmarks: thousands of rows in seconds, not one admin save at a time."""

import datetime
import itertools

from core.departments import DEPARTMENTS


def make_mandates(count, themes=3):
    """`count` active mandates of consenting representatives, each with two themes."""
    from influence.models import Body, BodyKind, BodyLevel, Mandate, MandateRole, Representative
    from positions.models import Theme

    theme_rows = [
        Theme.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Thème bench {n}"})[0]
        for n in range(themes)
    ]
    codes = itertools.cycle(DEPARTMENTS)
    kinds = itertools.cycle([BodyKind.URSSAF, BodyKind.CPAM, BodyKind.COMMERCIAL_COURT])
    bodies = Body.objects.bulk_create(
        Body(name=f"Instance bench {n}", kind=next(kinds), level=BodyLevel.DEPARTMENTAL,
             department_code=next(codes))
        for n in range(max(count // 20, 1))
    )  # fmt: skip
    people = Representative.objects.bulk_create(
        Representative(name=f"Mandataire bench {n}", company=f"Démo SARL {n}",
                       position="Gérant", department_code=next(codes), public_consent=True)
        for n in range(max(count // 2, 1))
    )  # fmt: skip
    start = datetime.date(2024, 1, 1)
    mandates = Mandate.objects.bulk_create(
        Mandate(representative=people[n % len(people)], body=bodies[n % len(bodies)],
                role=MandateRole.MEMBER, start_date=start + datetime.timedelta(days=n % 300))
        for n in range(count)
    )  # fmt: skip
    through = Mandate.themes.through
    through.objects.bulk_create(
        through(mandate_id=mandate.pk, theme_id=theme_rows[(n + k) % themes].pk)
        for n, mandate in enumerate(mandates)
        for k in range(2)
    )
    return mandates
