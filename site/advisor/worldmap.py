"""The world map: country outlines drawn as SVG paths from Natural Earth's public-domain
Admin 0 boundaries at 1:110m, as redistributed in TopoJSON by the `world-atlas` npm package
2.0.2 (ISC licence; data/countries-110m.json, see docs/architecture.md). Decoded once per
process; each request only adds the counts and links."""

import functools
import itertools
import json
from pathlib import Path

from django.urls import reverse
from django.utils.safestring import mark_safe

from .countries import COUNTRY_BY_NUMERIC, COUNTRY_NAMES

TOPOLOGY = Path(__file__).parent / "data" / "countries-110m.json"
WIDTH, HEIGHT = 960, 440  # equirectangular, latitudes 84° N to 56° S (no Antarctica)
NORTH, SOUTH = 84.0, -56.0


def project(lon: float, lat: float) -> tuple[float, float]:
    x = (lon + 180.0) * WIDTH / 360.0
    y = (NORTH - lat) * HEIGHT / (NORTH - SOUTH)
    return round(x, 1), round(y, 1)


def decode_arcs(topology) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantised and delta-encoded: integers added up, then scaled."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def ring_path(points) -> str:
    """A ring as SVG path data, cut where it crosses the antimeridian (Russia, Fiji): joining
    those points would draw a line across the whole map."""
    parts = [[points[0]]]
    for previous, point in itertools.pairwise(points):
        if abs(point[0] - previous[0]) > 180:
            parts.append([])
        parts[-1].append(point)
    return "".join(
        "M" + "L".join("{},{}".format(*project(lon, lat)) for lon, lat in part) + "Z"
        for part in parts
    )


@functools.cache
def outlines() -> tuple[tuple[str, str], ...]:
    """(ISO numeric code, SVG path) for each country but Antarctica."""
    topology = json.loads(TOPOLOGY.read_text())
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric == "010" or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(
            ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon
        )
        # Path data is numbers and commands read from the file above: nothing to escape in it,
        # and escaping 130 KB of it on every rendering of the map cost more than the rest.
        shapes.append((numeric or "", mark_safe(path)))  # noqa: S308
    return tuple(shapes)


def shade(count: int) -> str:
    if count >= 10:
        return "many"
    if count >= 3:
        return "some"
    return "few" if count else "none"


def organisations(count: int) -> str:
    return f"{count} organisation{'s' if count > 1 else ''}"


def world_map(counts: dict[str, int]) -> dict:
    """What the template draws: every outline, those of the advisor's countries as links
    with their number of member organisations present."""
    countries = []
    for numeric, path in outlines():
        code = COUNTRY_BY_NUMERIC.get(numeric)
        count = counts.get(code, 0) if code else 0
        countries.append(
            {
                "path": path,
                "code": code,
                "name": COUNTRY_NAMES.get(code, ""),
                "count": count,
                "label": f"{COUNTRY_NAMES.get(code, '')} : {organisations(count)}",
                "shade": shade(count),
                "url": reverse("advisor:country", args=[code]) if code else "",
            }
        )
    listed = sorted(
        ({"code": c, "name": COUNTRY_NAMES[c], "count": n} for c, n in counts.items() if n),
        key=lambda item: (-item["count"], item["name"]),
    )
    return {"width": WIDTH, "height": HEIGHT, "countries": countries, "listed": listed}
