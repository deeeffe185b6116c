"""Demo artwork and share cards, drawn with Pillow in the brand's palette and font.

Nothing here is copied from anywhere: the shapes are computed, the letters are Figtree
(SIL OFL). The demo site uses these pictures so that every image slot shows something
that belongs to the brand; editors replace them with photographs. The podcast cover
follows Apple's rules (square, 1400 to 3000 px, RGB, JPEG or PNG).
"""

import io
import math
import random
import textwrap

from PIL import Image, ImageDraw, ImageFilter

from core.brand import GOLD, NAVY, NAVY_DARK, NAVY_LIGHT, RED, SAND, WHITE, draw_mark, font

MOTIFS = ("network", "bars", "calendar", "waves", "document", "map", "steps")


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _gradient(size, top, bottom):
    """A diagonal gradient (drawn small and enlarged: smooth and quick)."""
    small = Image.new("RGB", (2, 2))
    small.putdata([_rgb(top), _rgb(top), _rgb(bottom), _rgb(bottom)])
    small.putpixel(
        (1, 0), tuple((a + b) // 2 for a, b in zip(_rgb(top), _rgb(bottom), strict=True))
    )
    small.putpixel((0, 1), small.getpixel((1, 0)))
    return small.resize(size, Image.Resampling.BILINEAR)


def _glow(canvas, centre, radius, colour, opacity):
    layer = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(layer).ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        fill=int(255 * opacity),
    )
    layer = layer.filter(ImageFilter.GaussianBlur(radius / 3))
    canvas.paste(Image.new("RGB", canvas.size, _rgb(colour)), (0, 0), layer)


def artwork(motif: str, seed: int, size=(1600, 900)) -> Image.Image:
    """An abstract picture in the brand's colours; `motif` hints at the subject.

    Returns the picture and keeps its subject on the right two thirds, where the focal
    point set by ``focal_box`` puts it.
    """
    rng = random.Random(seed)  # noqa: S311 (shapes, not secrets: the same seed, the same picture)
    width, height = size
    canvas = _gradient(size, NAVY_LIGHT, NAVY_DARK)
    _glow(canvas, (int(width * 0.8), int(height * 0.2)), int(height * 0.6), RED, 0.55)
    _glow(canvas, (int(width * 0.15), int(height * 0.95)), int(height * 0.5), NAVY_LIGHT, 0.8)
    draw = ImageDraw.Draw(canvas, "RGBA")
    unit = height / 100
    cx, cy = width * 0.62, height * 0.5
    if motif == "network" or motif == "map":
        points = [
            (cx + rng.uniform(-38, 38) * unit * 1.6, cy + rng.uniform(-36, 36) * unit)
            for _ in range(13)
        ]
        for index, point in enumerate(points):
            for other in points[index + 1 :]:
                if math.dist(point, other) < 34 * unit:
                    draw.line(
                        (*point, *other), fill=(255, 255, 255, 110), width=max(2, int(unit * 0.6))
                    )
        for index, (x, y) in enumerate(points):
            radius = (4.2 if index == 0 else rng.uniform(1.6, 3)) * unit
            colour = _rgb(GOLD) if index == 0 else _rgb(WHITE)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    elif motif == "bars":
        count = 7
        bar = 7 * unit
        for index in range(count):
            value = 18 + index * 8 + rng.uniform(-4, 6)
            x = cx - count * bar * 0.75 + index * bar * 1.5
            colour = _rgb(GOLD) if index == count - 1 else (255, 255, 255, 200)
            draw.rounded_rectangle(
                (x, cy + 34 * unit - value * unit, x + bar, cy + 34 * unit),
                radius=unit,
                fill=colour,
            )
        draw.line(
            (cx - 34 * unit, cy + 36 * unit, cx + 40 * unit, cy + 36 * unit),
            fill=WHITE,
            width=int(unit),
        )
    elif motif == "calendar":
        cell, gap = 9 * unit, 2.2 * unit
        left, top = cx - 3.5 * (cell + gap), cy - 2.5 * (cell + gap)
        highlighted = rng.randrange(35)
        for index in range(35):
            x = left + (index % 7) * (cell + gap)
            y = top + (index // 7) * (cell + gap)
            fill = _rgb(GOLD) if index == highlighted else (255, 255, 255, 60 + rng.randrange(80))
            draw.rounded_rectangle((x, y, x + cell, y + cell), radius=unit * 1.4, fill=fill)
    elif motif == "waves":
        bars = 33
        step = 3.2 * unit
        for index in range(bars):
            amplitude = (math.sin(index / 3.1 + seed) * 0.5 + 0.6) * rng.uniform(10, 36) * unit
            x = cx - bars * step / 2 + index * step
            colour = _rgb(GOLD) if abs(index - bars // 2) < 3 else (255, 255, 255, 210)
            draw.rounded_rectangle(
                (x, cy - amplitude, x + step * 0.55, cy + amplitude), radius=unit, fill=colour
            )
    elif motif == "document":
        for offset, alpha in ((6, 90), (3, 150), (0, 255)):
            x, y = cx - 18 * unit + offset * unit, cy - 34 * unit - offset * unit
            draw.rounded_rectangle(
                (x, y, x + 40 * unit, y + 56 * unit), radius=2 * unit, fill=(255, 255, 255, alpha)
            )
        x, y = cx - 18 * unit, cy - 34 * unit
        draw.rectangle((x + 5 * unit, y + 7 * unit, x + 26 * unit, y + 10 * unit), fill=_rgb(RED))
        for line in range(8):
            length = rng.uniform(22, 30) if line % 4 != 3 else rng.uniform(10, 18)
            ly = y + 16 * unit + line * 4.6 * unit
            draw.rectangle(
                (x + 5 * unit, ly, x + (5 + length) * unit, ly + 1.6 * unit), fill=_rgb(NAVY_LIGHT)
            )
    elif motif == "steps":
        for index in range(5):
            x = cx - 30 * unit + index * 13 * unit
            y = cy + 26 * unit - index * 12 * unit
            colour = _rgb(GOLD) if index == 4 else (255, 255, 255, 120 + index * 30)
            draw.rounded_rectangle((x, y, x + 11 * unit, cy + 30 * unit), radius=unit, fill=colour)
    draw_mark(canvas, (int(width - 14 * unit), int(height - 14 * unit), int(9 * unit)))
    return canvas


def focal_box(size=(1600, 900)):
    """Where ``artwork`` draws its subject: (x, y, width, height) for Wagtail's focal point."""
    width, height = size
    return (
        int(width * 0.62 - height * 0.4),
        int(height * 0.12),
        int(height * 0.8),
        int(height * 0.76),
    )


def _wrap(draw, text, face, max_width):
    """Lines of `text` no wider than `max_width` with `face`."""
    words = text.split()
    lines, current = [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=face) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def share_card(title: str, kicker: str = "", site_name: str = "CPME Occitanie") -> Image.Image:
    """The picture a page shares when its editor gave none: 1200×630, title and brand."""
    size = (1200, 630)
    canvas = _gradient(size, NAVY, NAVY_DARK)
    _glow(canvas, (1120, 40), 380, RED, 0.5)
    _glow(canvas, (80, 660), 300, NAVY_LIGHT, 0.7)
    draw = ImageDraw.Draw(canvas)
    draw_mark(canvas, (72, 64, 84))
    draw.text((176, 80), site_name.upper(), font=font(34, 800), fill=WHITE)
    if kicker:
        draw.text((176, 120), kicker, font=font(26, 500), fill=GOLD)
    title_size = 66
    for title_size in (66, 58, 50, 44):
        face = font(title_size, 750)
        lines = _wrap(draw, title, face, 1056)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    if len(_wrap(draw, title, face, 1056)) > 4:
        lines[-1] = textwrap.shorten(
            lines[-1] + " …", width=max(10, len(lines[-1])), placeholder=" …"
        )
    line_height = int(title_size * 1.18)
    y = 560 - line_height * len(lines)
    for line in lines:
        draw.text((72, y), line, font=face, fill=WHITE)
        y += line_height
    draw.rectangle((72, 580, 192, 588), fill=_rgb(GOLD))
    return canvas


def podcast_cover(title: str, subtitle: str, size: int = 1400) -> Image.Image:
    """The show's square cover: its name large enough to read as a thumbnail (RGB)."""
    canvas = _gradient((size, size), NAVY_LIGHT, NAVY_DARK)
    _glow(canvas, (int(size * 0.85), int(size * 0.1)), int(size * 0.45), RED, 0.6)
    _glow(canvas, (int(size * 0.1), int(size * 0.95)), int(size * 0.35), NAVY_LIGHT, 0.8)
    draw = ImageDraw.Draw(canvas, "RGBA")
    unit = size / 100
    bars = 23
    for index in range(bars):
        amplitude = (math.sin(index / 2.3) * 0.45 + 0.55) * (4 + (index * 7919 % 9)) * unit
        x = 10 * unit + index * 3.5 * unit
        colour = _rgb(GOLD) if index in (10, 11, 12) else (255, 255, 255, 190)
        draw.rounded_rectangle(
            (x, 30 * unit - amplitude, x + 2 * unit, 30 * unit + amplitude),
            radius=unit,
            fill=colour,
        )
    face = font(int(19 * unit), 900)
    for line_index, word in enumerate(title.split(maxsplit=1)):
        draw.text(
            (9 * unit, 44 * unit + line_index * 18 * unit), word.upper(), font=face, fill=WHITE
        )
    small = font(int(4.6 * unit), 600)
    for line_index, line in enumerate(_wrap(draw, subtitle, small, 82 * unit)[:2]):
        draw.text(
            (10 * unit, 85 * unit + line_index * 5.6 * unit), line, font=small, fill=_rgb(SAND)
        )
    draw_mark(canvas, (int(82 * unit), int(8 * unit), int(10 * unit)))
    return canvas.convert("RGB")


def portrait_placeholder(name: str, size: int = 1200) -> Image.Image:
    """A square stand-in for a person's portrait: their initials on the brand's navy, a gold
    ring. The demo's people are fictitious, so a drawing, never a face, shows their slot."""
    canvas = _gradient((size, size), NAVY_LIGHT, NAVY_DARK)
    _glow(canvas, (int(size * 0.85), int(size * 0.15)), int(size * 0.5), RED, 0.45)
    draw = ImageDraw.Draw(canvas, "RGBA")
    margin = size * 0.16
    draw.ellipse(
        (margin, margin, size - margin, size - margin), outline=_rgb(GOLD), width=size // 60
    )
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    face = font(int(size * 0.3), 800)
    draw.text((size / 2, size / 2), initials, font=face, fill=WHITE, anchor="mm")
    return canvas.convert("RGB")


def encode(image: Image.Image, image_format: str = "JPEG", quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format=image_format, quality=quality, optimize=True)
    return buffer.getvalue()
