"""The report's figures, bar charts and map, and the media plan's figures and timeline,
computed from plain rows or objects so tests need no HTTP.

Charts and the map are drawn server-side as SVG: the geometry is computed here and the
templates only place it, so the page works without JavaScript and reads in a screen reader
through each chart's title, description and data table.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from core.departments import DEPARTMENTS

from .geography import department_outlines
from .models import BodyKind, BodyLevel, MediaChannel, MediaStatus

ROW_FIELDS = (
    "representative_id",
    "body_id",
    "body__kind",
    "body__level",
    "body__department_code",
    "training_completed_on",
)


@dataclass
class Figures:
    seats: int
    bodies: int
    representatives: int
    departments: int
    trained: int
    by_kind: list
    by_level: list
    by_department: dict

    @property
    def trained_share(self):
        """Percentage of representatives trained, rounded; 0 when there is nobody."""
        return round(100 * self.trained / self.representatives) if self.representatives else 0

    @property
    def regional_seats(self):
        return self.seats - sum(self.by_department.values())


def compute_figures(rows, day):
    """Figures for mandates active on ``day`` given as dicts with the keys of ROW_FIELDS.

    A representative counts as trained when one of their active mandates records a training
    completed on or before ``day``.
    """
    rows = list(rows)
    people = {row["representative_id"] for row in rows}
    trained = {
        row["representative_id"]
        for row in rows
        if row["training_completed_on"] and row["training_completed_on"] <= day
    }
    kinds = Counter(row["body__kind"] for row in rows)
    levels = Counter(row["body__level"] for row in rows)
    departments = Counter(
        row["body__department_code"] for row in rows if row["body__department_code"]
    )
    return Figures(
        seats=len(rows),
        bodies=len({row["body_id"] for row in rows}),
        representatives=len(people),
        departments=len(departments),
        trained=len(trained),
        by_kind=sorted(
            ((BodyKind(kind).label, count) for kind, count in kinds.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        by_level=[(level.label, levels.get(level.value, 0)) for level in BodyLevel],
        by_department={code: departments.get(code, 0) for code in DEPARTMENTS},
    )


# Light to dark; the text on the two darkest steps is white, contrast ≥ 4.5:1 everywhere.
SHADES = ["#f4f1ea", "#cfe0f1", "#9dc0e3", "#2f6aa3", "#0b3d6e"]
DARK_SHADES = {"#2f6aa3", "#0b3d6e"}


def shade_steps(largest):
    """Upper bounds of the colour steps after "none": e.g. 1, 3, 6, 10 for a maximum of 10."""
    if largest <= 0:
        return []
    quarters = [max(1, round(largest * share)) for share in (0.25, 0.5, 0.75, 1)]
    return sorted(set(quarters))


def shade(step, steps):
    """Colour of a 1-based step among ``steps`` steps, spread over the non-empty shades."""
    return SHADES[round(step * (len(SHADES) - 1) / steps)] if step else SHADES[0]


def seats_label(lower, upper):
    """French plural: 0 and 1 take the singular."""
    if lower == upper:
        return f"{lower} siège" if lower <= 1 else f"{lower} sièges"
    return f"{lower} à {upper} sièges"


def department_map(seats_by_department, selected=""):
    """Each of the 13 departments: its outline (influence.geography), colour by seats,
    label position and accessible name; `selected` is the department the table shows."""
    outlines = department_outlines()
    steps = shade_steps(max(seats_by_department.values(), default=0))
    tiles = []
    for code, outline in outlines["departments"].items():
        seats = seats_by_department.get(code, 0)
        step = next((i for i, bound in enumerate(steps, start=1) if seats <= bound), 0)
        fill = shade(step if seats else 0, len(steps))
        tiles.append(
            {
                "code": code,
                "name": DEPARTMENTS[code],
                "seats": seats,
                "label": f"{DEPARTMENTS[code]} ({code}) : {seats_label(seats, seats)}",
                "d": outline["d"],
                "x": outline["x"],
                "y": outline["y"],
                "seats_y": round(outline["y"] + 15, 1),  # the line under the code
                "fill": fill,
                "text": "#ffffff" if fill in DARK_SHADES else "#1a1a1a",
                "selected": code == selected,
            }
        )
    legend = [{"label": "aucun siège", "fill": SHADES[0]}]
    lower = 1
    for step, bound in enumerate(steps, start=1):
        legend.append({"label": seats_label(lower, bound), "fill": shade(step, len(steps))})
        lower = bound + 1
    return {
        "tiles": tiles,
        "legend": legend,
        "width": outlines["width"],
        "height": outlines["height"],
    }


@dataclass
class MediaFigures:
    actions: int
    done: int
    coverage: int
    audience: int
    by_channel: list
    by_status: list


def media_figures(actions, statuses):
    """Counts over the actions a view shows (objects with ``channel``, ``status``,
    ``coverage_url`` and ``audience``), by channel and by each status in ``statuses`` only:
    a status the view hides must not even appear as a number."""
    actions = list(actions)
    channels = Counter(action.channel for action in actions)
    by_status = Counter(action.status for action in actions)
    done = [action for action in actions if action.status == MediaStatus.DONE]
    return MediaFigures(
        actions=len(actions),
        done=len(done),
        coverage=sum(1 for action in done if action.coverage_url),
        audience=sum(action.audience or 0 for action in done),
        by_channel=[(channel.label, channels.get(channel.value, 0)) for channel in MediaChannel],
        by_status=[(MediaStatus(status).label, by_status.get(status, 0)) for status in statuses],
    )


def media_timeline(actions):
    """Actions (already in date order) grouped by month: [{"month": date, "actions": […]}]."""
    months = []
    for action in actions:
        month = datetime.date(action.date.year, action.date.month, 1)
        if not months or months[-1]["month"] != month:
            months.append({"month": month, "actions": []})
        months[-1]["actions"].append(action)
    return months


def promoted_pages(actions, public_page_ids, *, team_page_ids=frozenset()):
    """The positions and episodes the actions promoted, each with its actions, by title.

    Pages outside ``public_page_ids`` (drafts, private or scheduled pages) are left out unless
    in ``team_page_ids`` (the team's view, pages the user works on): even a title could
    announce an embargoed text.
    """
    promoted = {}
    for action in actions:
        page = action.linked_page
        if page is None:
            continue
        public = page.pk in public_page_ids
        if not (public or page.pk in team_page_ids):
            continue
        entry = promoted.setdefault(
            page.pk,
            {
                "page": page,
                "public": public,
                "kind": "Prise de position" if action.linked_position_id else "Épisode",
                "actions": [],
            },
        )
        entry["actions"].append(action)
    return sorted(promoted.values(), key=lambda entry: entry["page"].title.lower())
