"""The departments' outlines for the report's map, from open data to a small SVG.

Source: IGN Admin Express COG 2018 and INSEE COG 2018 (Licence Ouverte / Etalab), as
GeoJSON in /work/shared/data (see docs/brand.md). ``build_department_map`` projects the
outlines (equirectangular, longitude scaled for 44° N: a faithful shape at this size),
simplifies them (Douglas–Peucker, tolerance under a pixel at the drawn size) and writes
``influence/data/department_outlines.json``, committed: the site never reads the source.
"""

import json
import math
from functools import cache
from pathlib import Path

OUTLINES_FILE = Path(__file__).parent / "data" / "department_outlines.json"
MAP_WIDTH = 400  # SVG units; at 375 px the map is drawn at about 340 px
MARGIN = 6
TOLERANCE = 0.9  # SVG units
LATITUDE_SCALE = math.cos(math.radians(44))


def _perpendicular_distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.dist(point, start)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.dist(start, end)


def simplify(points, tolerance):
    """Douglas–Peucker: the fewest points within `tolerance` of the line (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            current = _perpendicular_distance(points[index], points[first], points[last])
            if current > distance:
                farthest, distance = index, current
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _centroid(ring):
    """Area-weighted centroid of a closed ring (where the label goes)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return cx / (6 * area), cy / (6 * area), abs(area)


def outlines(geojson: dict) -> dict:
    """{"width", "height", "departments": {code: {"d": SVG path, "x", "y"}}} from GeoJSON."""
    features = geojson["features"]
    lons = [p[0] for f in features for poly in _polygons(f["geometry"]) for r in poly for p in r]
    lats = [p[1] for f in features for poly in _polygons(f["geometry"]) for r in poly for p in r]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    scale = (MAP_WIDTH - 2 * MARGIN) / ((east - west) * LATITUDE_SCALE)
    height = round((north - south) * scale + 2 * MARGIN)

    def project(point):
        lon, lat = point
        return (MARGIN + (lon - west) * LATITUDE_SCALE * scale, MARGIN + (north - lat) * scale)

    departments = {}
    for feature in features:
        parts, labels = [], []
        for polygon in _polygons(feature["geometry"]):
            for ring_index, ring in enumerate(polygon):
                points = simplify([project(p) for p in ring], TOLERANCE)
                rounded = [(round(x), round(y)) for x, y in points]
                if len(rounded) < 4:
                    continue
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in rounded[:-1]) + "Z")
                if ring_index == 0:
                    labels.append(_centroid(rounded[:-1]))
        x, y, _area = max(labels, key=lambda label: label[2])
        departments[feature["properties"]["code"]] = {
            "d": "".join(parts),
            "x": round(x, 1),
            "y": round(y, 1),
        }
    return {"width": MAP_WIDTH, "height": height, "departments": dict(sorted(departments.items()))}


@cache
def department_outlines() -> dict:
    return json.loads(OUTLINES_FILE.read_text())
