"""Responsive images: one set of named presets, rendered by one template include.

Every template asks for an image by what it is for ("hero", "card", "cover"…), never by
pixel sizes, so the renditions a page needs stay few and shared between pages (Wagtail
creates each rendition once). Each preset gives WebP sources and a JPEG fallback at a
few widths; `fill` crops around the editor's focal point.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import prefetch_related_objects
from wagtail.images.shortcuts import get_renditions_or_not_found


@dataclass(frozen=True)
class Preset:
    widths: tuple[int, ...]
    ratio: tuple[int, int] | None  # width:height, None keeps the original shape
    sizes: str

    def spec(self, width: int, image_format: str) -> str:
        if self.ratio:
            height = round(width * self.ratio[1] / self.ratio[0])
            size = f"fill-{width}x{height}-c75"
        else:
            size = f"max-{width}x{width}"
        return f"{size}|format-{image_format}"


PRESETS = {
    # The home page's hero: half the width from 60rem up, the full width below.
    "hero": Preset((480, 800, 1200), (3, 2), "(min-width: 60rem) 36rem, 100vw"),
    # The header image of a page, in the narrow reading column (46rem).
    "banner": Preset((480, 800, 1200), (16, 9), "(min-width: 50rem) 46rem, 100vw"),
    # Cards in a grid of up to three columns.
    "card": Preset((400, 800), (16, 9), "(min-width: 60rem) 24rem, (min-width: 40rem) 45vw, 100vw"),
    # Square covers (the podcast, its episodes).
    "cover": Preset((240, 480, 720), (1, 1), "(min-width: 40rem) 15rem, 60vw"),
    "thumb": Preset((96, 192), (1, 1), "96px"),
}

FORMATS = ("webp", "jpeg")

# The picture of a shared page (home.share, positions.metadata): square pictures stay square.
WIDE_SHARE_SPEC = "fill-1200x630-c75|format-jpeg"
SQUARE_SHARE_SPEC = "fill-1200x1200|format-jpeg"


def picture(image, preset_name: str):
    """The renditions of `image` for a preset: WebP srcset, JPEG srcset, JPEG fallback."""
    preset = PRESETS[preset_name]
    specs = [preset.spec(width, fmt) for fmt in FORMATS for width in preset.widths]
    # A missing or unreachable file renders as a broken image, never as a server error.
    renditions = get_renditions_or_not_found(image, specs)
    by_format = {
        fmt: [renditions[preset.spec(width, fmt)] for width in preset.widths] for fmt in FORMATS
    }
    # Renditions never upscale: widths narrower than asked repeat; keep each width once.
    srcsets = {}
    for fmt, items in by_format.items():
        seen = {}
        for rendition in items:
            seen.setdefault(rendition.width, rendition)
        srcsets[fmt] = ", ".join(f"{r.url} {w}w" for w, r in seen.items())
    fallback = by_format["jpeg"][min(1, len(preset.widths) - 1)]
    return {
        "webp_srcset": srcsets["webp"],
        "jpeg_srcset": srcsets["jpeg"],
        "src": fallback.url,
        "width": fallback.width,
        "height": fallback.height,
        "sizes": preset.sizes,
    }


def prefetch_renditions(*images):
    """Load the stored renditions of every image a page shows in one query.

    Wagtail looks each image's renditions up on its own (a query per image on an empty
    cache), so a list of cards would cost a query per card; once they are prefetched,
    ``get_rendition`` reads them from memory (and still creates any that is missing).
    Images already prefetched, and empty slots (None), are skipped."""
    prefetch_related_objects([image for image in images if image is not None], "renditions")


def image_field(verbose_name="Image", help_text=""):
    """The foreign key every page type uses for its image slot."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text
        or "Affichée en tête de page, sur les cartes et lors des partages. "
        "Placez le point focal sur le sujet : les recadrages le gardent visible.",
    )
