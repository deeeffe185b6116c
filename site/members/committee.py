"""The steering committee's figures: per large account and month, needs, responses,
shortlists and deals won; and the scorecard of commitments (answer time, share of needs
awarded to SMEs, payments on time as reported by the SMEs). A few grouped queries whatever
the number of needs."""

import csv
import io
from collections import defaultdict

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth

from core.charts import bar_chart
from core.spreadsheets import spreadsheet_safe

from .models import Need, NeedStatus, OrganisationKind, Response, ResponseStatus

COLUMNS = ["Grand compte", "Mois", "Besoins publiés", "Réponses", "Présélections", "Gagnés"]


def monthly_rows():
    needs = (
        Need.objects.filter(organisation__kind=OrganisationKind.LARGE)
        .annotate(month=TruncMonth("published_at"))
        .values("organisation__name", "month")
        .annotate(count=Count("pk"))
    )
    responses = (
        Response.objects.filter(need__organisation__kind=OrganisationKind.LARGE)
        .annotate(month=TruncMonth("need__published_at"))
        .values("need__organisation__name", "month")
        .annotate(
            count=Count("pk"),
            shortlisted=Count(
                "pk", filter=Q(status__in=[ResponseStatus.SHORTLISTED, ResponseStatus.WON])
            ),
            won=Count("pk", filter=Q(status=ResponseStatus.WON)),
        )
    )
    table = defaultdict(lambda: [0, 0, 0, 0])
    for row in needs:
        table[(row["organisation__name"], row["month"].date())][0] = row["count"]
    for row in responses:
        cells = table[(row["need__organisation__name"], row["month"].date())]
        cells[1:] = [row["count"], row["shortlisted"], row["won"]]
    return [
        (name, month, *cells)
        for (name, month), cells in sorted(table.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def scorecard():
    """One line per large account: what the Pacte's commitments are checked against."""
    answered = (
        Response.objects.filter(
            need__organisation__kind=OrganisationKind.LARGE, decided_at__isnull=False
        )
        .values("need__organisation__name")
        .annotate(
            delay=Avg(F("decided_at") - F("created_at")),
            decided=Count("pk"),
            reasons=Count("pk", filter=Q(status=ResponseStatus.DECLINED) & ~Q(decision_reason="")),
            declined=Count("pk", filter=Q(status=ResponseStatus.DECLINED)),
            paid=Count("pk", filter=Q(paid_on_time=True)),
            late=Count("pk", filter=Q(paid_on_time=False)),
            won_by_smes=Count(
                "pk",
                filter=Q(status=ResponseStatus.WON, organisation__kind=OrganisationKind.SME),
            ),
        )
    )
    needs = (
        Need.objects.filter(organisation__kind=OrganisationKind.LARGE)
        .values("organisation__name")
        .annotate(
            total=Count("pk"),
            awarded=Count("pk", filter=Q(status=NeedStatus.AWARDED)),
        )
    )
    lines = {
        row["organisation__name"]: {
            "name": row["organisation__name"],
            "needs": row["total"],
            "awarded": row["awarded"],
            "delay_days": None,
            "sme_share": None,
            "paid": 0,
            "late": 0,
            "reasons": None,
        }
        for row in needs
    }
    for row in answered:
        line = lines.get(row["need__organisation__name"])
        if line is None:
            continue
        delay = row["delay"]
        line["delay_days"] = round(delay.total_seconds() / 86400, 1) if delay else None
        line["paid"], line["late"] = row["paid"], row["late"]
        if line["awarded"]:
            line["sme_share"] = round(100 * row["won_by_smes"] / line["awarded"])
        if row["declined"]:
            line["reasons"] = round(100 * row["reasons"] / row["declined"])
    return sorted(lines.values(), key=lambda line: line["name"])


def charts(rows):
    totals = defaultdict(lambda: [0, 0])
    for name, _month, needs, _responses, _short, won in rows:
        totals[name][0] += needs
        totals[name][1] += won
    return (
        bar_chart([(name, values[0]) for name, values in sorted(totals.items())]),
        bar_chart([(name, values[1]) for name, values in sorted(totals.items())]),
    )


def csv_text(rows) -> str:
    """UTF-8 with a BOM and semicolons, for Excel; names guarded against formulas."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name, month, *counts in rows:
        writer.writerow([spreadsheet_safe(name), month.strftime("%Y-%m"), *counts])
    return buffer.getvalue()
