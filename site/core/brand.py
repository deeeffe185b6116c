"""The brand in code: colours, the font for generated images, and the square mark.

The same values live in static/css/site.css as custom properties (the design system); the
generated pictures (share cards, demo artwork, icons) read them from here, so an image and
the page around it use one palette. The mark is simple geometry on a 64-unit grid, drawn
both as SVG (static/brand/) and with Pillow at any size (icons, covers, share cards).
"""

import math
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

NAVY = "#0b2f5b"  # primary: 13.2:1 on white
NAVY_DARK = "#071e3d"
NAVY_LIGHT = "#1d4f8c"
RED = "#b3122a"  # accent: 6.7:1 on white
GOLD = "#f2b31b"  # highlight: 8.3:1 on NAVY, never text on white
SAND = "#f5f1e8"
WHITE = "#ffffff"
INK = "#15171a"

# The mark, on a 64-unit square: a rounded navy square, a white "C" open to the right
# (a ring of radius 16, 9 units thick, 80° opening) and a gold dot at its centre.
MARK_GRID = 64
MARK_RADIUS = 14
RING_RADIUS = 16
RING_WIDTH = 9
RING_OPENING = 40  # degrees either side of the horizontal
DOT_RADIUS = 5.5

FONT_FILES = {
    "normal": "figtree-latin-wght-normal.woff2",
    "italic": "figtree-latin-wght-italic.woff2",
}


def font_path(style: str = "normal") -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts" / FONT_FILES[style]


@cache
def _font_bytes(style: str) -> bytes:
    return font_path(style).read_bytes()


def font(size: int, weight: int = 400, style: str = "normal") -> ImageFont.FreeTypeFont:
    """Figtree at a weight, for Pillow (FreeType reads the served WOFF2 file directly)."""
    import io

    loaded = ImageFont.truetype(io.BytesIO(_font_bytes(style)), size)
    loaded.set_variation_by_axes([weight])
    return loaded


def mark_svg(background: str = NAVY, ring: str = WHITE, dot: str = GOLD, rounded=True) -> str:
    """The square mark as an SVG document (presentation attributes only: strict CSP)."""
    centre = MARK_GRID / 2
    angle = math.radians(RING_OPENING)
    start_x = centre + RING_RADIUS * math.cos(angle)
    start_y = centre - RING_RADIUS * math.sin(angle)
    end_y = centre + RING_RADIUS * math.sin(angle)
    radius = MARK_RADIUS if rounded else 0
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MARK_GRID} {MARK_GRID}" '
        f'width="{MARK_GRID}" height="{MARK_GRID}">'
        f'<rect width="{MARK_GRID}" height="{MARK_GRID}" rx="{radius}" fill="{background}"/>'
        f'<path d="M{start_x:.2f} {start_y:.2f}A{RING_RADIUS} {RING_RADIUS} 0 1 0 '
        f'{start_x:.2f} {end_y:.2f}" fill="none" stroke="{ring}" stroke-width="{RING_WIDTH}"/>'
        f'<circle cx="{centre:g}" cy="{centre:g}" r="{DOT_RADIUS}" fill="{dot}"/></svg>'
    )


def draw_mark(
    image: Image.Image,
    box: tuple[int, int, int],
    *,
    background=NAVY,
    ring=WHITE,
    dot=GOLD,
    rounded=True,
):
    """Paint the mark on `image` at (x, y) with side `size`, antialiased by supersampling."""
    x, y, size = box
    scale = 4
    big = size * scale
    unit = big / MARK_GRID
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=MARK_RADIUS * unit if rounded else 0, fill=background
    )
    centre = big / 2
    outer = (RING_RADIUS + RING_WIDTH / 2) * unit
    draw.arc(
        (centre - outer, centre - outer, centre + outer, centre + outer),
        start=RING_OPENING,
        end=360 - RING_OPENING,
        fill=ring,
        width=round(RING_WIDTH * unit),
    )
    dot_radius = DOT_RADIUS * unit
    draw.ellipse(
        (centre - dot_radius, centre - dot_radius, centre + dot_radius, centre + dot_radius),
        fill=dot,
    )
    layer = layer.resize((size, size), Image.Resampling.LANCZOS)
    image.paste(layer, (x, y), layer)
