"""The mandate CSV import of the largest files it accepts (2 MB), through the real functions.

Two shapes: the shortest valid rows (one-day mandates of one person in one body, the most
rows 2 MB can hold) and a new representative on every row (the most objects to create).
For each: the time to check the file (the preview, `parse`) and to check and write it (the
confirmation, `run_import`, rolled back), and the peak Python allocation of `run_import`
(tracemalloc) as a ratio to the file size (target <= 30).
"""

import datetime
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, setup_django, write_results


def largest_file(limit, header, make_row):
    """As many rows as fit in `limit` bytes and the row limit, and their count."""
    from influence.imports import MAX_IMPORT_ROWS

    lines, size = [header], len(header)
    while (
        len(lines) <= MAX_IMPORT_ROWS and size + 1 + len(row := make_row(len(lines) - 1)) <= limit
    ):
        lines.append(row)
        size += 1 + len(row)
    return "\n".join(lines).encode(), len(lines) - 1


def one_day(number):
    day = datetime.date(1900, 1, 1) + datetime.timedelta(days=number)
    return f"A,P,juge,{day.day}/{day.month}/{day.year},{day.day}/{day.month}/{day.year}"


def rolled_back(work):
    """Run `work` in a transaction that is then undone, so the next run starts afresh."""
    from django.db import transaction

    with transaction.atomic():
        result = work()
        transaction.set_rollback(True)
    return result


def measure(name, data, count):
    from influence.imports import parse, run_import

    started = time.perf_counter()
    report = parse(data)
    preview_seconds = time.perf_counter() - started
    assert report.ok, report.errors[:3]

    started = time.perf_counter()
    report = rolled_back(lambda: run_import(data))
    confirm_seconds = time.perf_counter() - started
    assert report.imported
    assert len(report.planned) == count

    del report
    tracemalloc.start()
    rolled_back(lambda: run_import(data))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return [
        {"what": f"{name}: rows", "value": count},
        {"what": f"{name}: file size (KB)", "value": round(len(data) / 1024)},
        {"what": f"{name}: preview, parse (s)", "value": round(preview_seconds, 2)},
        {"what": f"{name}: confirm, run_import (s)", "value": round(confirm_seconds, 2)},
        {"what": f"{name}: peak allocation (MB)", "value": round(peak / 1024 / 1024, 1)},
        {
            "what": f"{name}: peak allocation / file size",
            "value": round(peak / len(data), 1),
            "target": "<= 30",
        },
    ]


def main():
    setup_django()
    from influence.imports import MAX_IMPORT_BYTES
    from influence.models import Body, Representative

    Body.objects.create(name="A", kind="cpam", level="regional")
    Representative.objects.create(name="P", public_consent=True)

    short, short_count = largest_file(
        MAX_IMPORT_BYTES, "instance,representant,role,debut,fin", one_day
    )
    people, people_count = largest_file(
        MAX_IMPORT_BYTES,
        "instance,representant,consentement,role,debut",
        lambda number: f"A,Mandataire {number},oui,juge,1/1/2024",
    )
    results = [
        *measure("shortest rows", short, short_count),
        *measure("new person per row", people, people_count),
    ]
    print_table(results)
    print(f"results: {write_results('import', results)}")


if __name__ == "__main__":
    main()
