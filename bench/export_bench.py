"""CSV export of 10,000 mandates through the real export path.

Reports the peak RSS growth while the export streams (target <= 32 MB) and its time as a
ratio to Python's csv module writing the same rows from plain lists (target <= 3.0).
"""

import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peak_rss_reset, print_table, rss_kib, setup_django, write_results

COUNT = 10_000


def best_of(runs, work):
    """The fastest of a few runs: the least disturbed by the rest of the machine."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main():
    setup_django()
    from generators import make_mandates

    from influence.exports import FIELD_NAMES, export_rows, iter_csv
    from influence.models import Mandate

    make_mandates(COUNT)
    queryset = Mandate.objects.public()
    sum(len(line) for line in iter_csv(queryset))  # warm the connection and the code paths

    peak_rss_reset()
    before = rss_kib()
    size = sum(len(line) for line in iter_csv(queryset))
    growth_mb = (rss_kib("VmHWM") - before) / 1024
    export_seconds = best_of(3, lambda: sum(len(line) for line in iter_csv(queryset)))

    rows = [[*row[:11], "|".join(row[11]), row[12]] for row in export_rows(queryset)]

    def csv_alone():
        writer = csv.writer(io.StringIO(), lineterminator="\r\n")
        writer.writerow(FIELD_NAMES)
        writer.writerows(rows)

    baseline_seconds = best_of(3, csv_alone)

    results = [
        {"what": "mandates exported", "value": COUNT},
        {"what": "CSV size (KB)", "value": round(size / 1024)},
        {"what": "export time (s)", "value": round(export_seconds, 3)},
        {"what": "csv module alone (s)", "value": round(baseline_seconds, 3)},
        {
            "what": "time ratio export / csv alone",
            "value": round(export_seconds / baseline_seconds, 1),
            "target": "<= 3.0",
        },
        {"what": "peak RSS growth (MB)", "value": round(growth_mb, 1), "target": "<= 32"},
    ]
    print_table(results)
    print(f"results: {write_results('export', results)}")


if __name__ == "__main__":
    main()
