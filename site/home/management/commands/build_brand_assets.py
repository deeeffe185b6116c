"""Draw the logo, the icons and the web manifest from core.brand (run by `make brand`).

The wordmark's letters are Figtree's own outlines (fontTools, at the weights the site uses),
turned into SVG paths: the file looks the same wherever it is opened, fonts or not. The
icons are the square mark painted by Pillow. Everything is committed; run again after a
change to core.brand.
"""

import io
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw

from core import brand

# The wordmark, in SVG units: the mark is 64 high; "CPME" above, "OCCITANIE" tracked below.
WORD_SIZE, WORD_BASELINE, WORD_WEIGHT = 46, 35, 820
REGION_SIZE, REGION_BASELINE, REGION_WEIGHT, REGION_TRACKING = 15.5, 60, 720, 0.16
TEXT_X = 76


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text_path(font: TTFont, text, *, x, baseline, size, weight, tracking=0.0):
    """One SVG path drawing `text` with its left edge at x; returns (path data, right edge)."""
    glyphs = font.getGlyphSet(location={"wght": weight})
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs, ntos=number)
    cursor = x
    for index, char in enumerate(text):
        name = cmap[ord(char)]
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, baseline)))
        cursor += glyphs[name].width * scale
        if index < len(text) - 1:
            cursor += tracking * size
    return pen.getCommands(), cursor


def wordmark_svg(font: TTFont, word_colour, region_colour, mark_colours) -> str:
    word, word_end = text_path(
        font, "CPME", x=TEXT_X, baseline=WORD_BASELINE, size=WORD_SIZE, weight=WORD_WEIGHT
    )
    region, region_end = text_path(
        font,
        "OCCITANIE",
        x=TEXT_X + 1,
        baseline=REGION_BASELINE,
        size=REGION_SIZE,
        weight=REGION_WEIGHT,
        tracking=REGION_TRACKING,
    )
    width = round(max(word_end, region_end) + 2)
    mark = brand.mark_svg(*mark_colours)
    mark_body = mark[mark.index(">") + 1 : mark.rindex("</svg>")]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 64" width="{width}" '
        f'height="64" role="img" aria-label="CPME Occitanie"><title>CPME Occitanie</title>'
        f"{mark_body}"
        f'<path d="{word}" fill="{word_colour}"/><path d="{region}" fill="{region_colour}"/>'
        "</svg>\n"
    )


def wordmark_png(font: TTFont, width_units, word_colour, region_colour, mark_colours, height=512):
    """The wordmark as a transparent PNG for the press kit (layouts that take no SVG): the same
    geometry as the SVG, with the letters set by FreeType from the same font at the same
    weights, `height` pixels high."""
    scale = height / 64
    image = Image.new("RGBA", (round(width_units * scale), height), (0, 0, 0, 0))
    background, ring, dot = mark_colours
    brand.draw_mark(image, (0, 0, height), background=background, ring=ring, dot=dot)
    draw = ImageDraw.Draw(image)
    word = brand.font(round(WORD_SIZE * scale), WORD_WEIGHT)
    draw.text(
        (TEXT_X * scale, WORD_BASELINE * scale), "CPME", font=word, fill=word_colour, anchor="ls"
    )
    region_size = REGION_SIZE * scale
    region = brand.font(round(region_size), REGION_WEIGHT)
    # Advances from the font's own metrics at this weight, as in the SVG.
    glyphs = font.getGlyphSet(location={"wght": REGION_WEIGHT})
    cmap = font.getBestCmap()
    em = region_size / font["head"].unitsPerEm
    cursor = (TEXT_X + 1) * scale
    for char in "OCCITANIE":
        draw.text(
            (cursor, REGION_BASELINE * scale), char, font=region, fill=region_colour, anchor="ls"
        )
        cursor += glyphs[cmap[ord(char)]].width * em + REGION_TRACKING * region_size
    return image


def icon(size: int, *, padding: float = 0.0, rounded=True, background=None) -> Image.Image:
    image = Image.new("RGBA", (size, size), background or (0, 0, 0, 0))
    inset = round(size * padding)
    brand.draw_mark(image, (inset, inset, size - 2 * inset), rounded=rounded)
    return image


class Command(BaseCommand):
    help = "Writes the logo SVGs to static/brand/ and the icons and manifest to webroot/."

    def handle(self, *args, **options):
        static_brand = settings.BASE_DIR / "static" / "brand"
        webroot = settings.BASE_DIR / "webroot"
        static_brand.mkdir(parents=True, exist_ok=True)
        webroot.mkdir(exist_ok=True)
        font = TTFont(brand.font_path())

        (static_brand / "mark.svg").write_text(brand.mark_svg() + "\n")
        variants = {
            "logo": (brand.NAVY, brand.RED, (brand.NAVY, brand.WHITE, brand.GOLD)),
            "logo-inverse": (brand.WHITE, brand.GOLD, (brand.WHITE, brand.NAVY, brand.RED)),
        }
        for name, colours in variants.items():
            svg = wordmark_svg(font, *colours)
            (static_brand / f"{name}.svg").write_text(svg)
            width = int(svg.split('width="', 1)[1].split('"', 1)[0])
            wordmark_png(font, width, *colours).save(static_brand / f"{name}.png", optimize=True)

        ico = icon(256)
        ico.save(webroot / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
        # iOS rounds the corners itself and shows transparency as black: square, opaque.
        icon(180, rounded=False).convert("RGB").save(webroot / "apple-touch-icon.png")
        for size in (192, 512):
            icon(size).save(webroot / f"icon-{size}.png", optimize=True)
        # Maskable icons are cropped to a circle of 80 % by Android: keep the mark inside.
        icon(512, padding=0.1, background=brand.NAVY).save(
            webroot / "icon-maskable-512.png", optimize=True
        )
        manifest = {
            "name": "CPME Occitanie",
            "short_name": "CPME Occitanie",
            "description": "La confédération des petites et moyennes entreprises d'Occitanie.",
            "lang": "fr",
            "start_url": "/",
            "display": "browser",
            "background_color": brand.WHITE,
            "theme_color": brand.NAVY,
            "icons": [
                {"src": "/icon-192.png", "sizes": "192x192", "type": "image/png"},
                {"src": "/icon-512.png", "sizes": "512x512", "type": "image/png"},
                {
                    "src": "/icon-maskable-512.png",
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }
        (webroot / "site.webmanifest").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        )
        buffer = io.BytesIO()
        icon(1024, padding=0.0).save(buffer, format="PNG")
        self.stdout.write(f"Logo: {static_brand}; icons and manifest: {webroot}")
