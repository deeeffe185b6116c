"""What the press room gathers from elsewhere (people, coverage) and its press kit as files.

The kit ZIP is written while it is sent: `zipfile` writes into a sink the response drains
after every chunk, so a kit of large photos costs a few chunks of memory, not its size.
"""

import datetime
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils.text import slugify

from .models import PressContact, Spokesperson, Theme

CHUNK_SIZE = 64 * 1024
COVERAGE_COUNT = 12

# The logo pack: (static path, name in the ZIP, what it is for).
LOGOS = [
    ("brand/logo.svg", "logos/cpme-occitanie-logo-fond-clair.svg", "Logo, fond clair, SVG"),
    ("brand/logo.png", "logos/cpme-occitanie-logo-fond-clair.png", "Logo, fond clair, PNG"),
    (
        "brand/logo-inverse.svg",
        "logos/cpme-occitanie-logo-fond-sombre.svg",
        "Logo, fond sombre, SVG",
    ),
    (
        "brand/logo-inverse.png",
        "logos/cpme-occitanie-logo-fond-sombre.png",
        "Logo, fond sombre, PNG",
    ),
]


def logo_pack() -> list[dict]:
    """The logos as the press room lists them: label, static path, format, size, background."""
    return [
        {
            "label": label,
            "path": path,
            "format": Path(path).suffix[1:].upper(),
            "size": os.path.getsize(finders.find(path)),
            "dark": "inverse" in path,
        }
        for path, _, label in LOGOS
    ]


def press_room_people() -> dict:
    """Press contacts, and spokespeople with the themes they speak on (three queries)."""
    themes = Prefetch("themes", queryset=Theme.objects.order_by("name"))
    return {
        "press_contacts": list(PressContact.objects.select_related("photo")),
        "spokespeople": list(Spokesperson.objects.select_related("photo").prefetch_related(themes)),
    }


def coverage(count: int = COVERAGE_COUNT):
    """« Ils en parlent »: done actions of the live, public media plans, newest first.

    Only « réalisé » actions: they are public on every plan, planned ones only on some, and
    cancelled ones never. The media plan's rows are those of its published revision.
    """
    media_plan_page = apps.get_model("influence", "MediaPlanPage")
    media_action = apps.get_model("influence", "MediaAction")
    plans = media_plan_page.objects.live().public()
    return list(
        media_action.objects.filter(page__in=plans, status="realise")
        .exclude(coverage_url="")
        .order_by("-date", "-pk")[:count]
    )


@dataclass(frozen=True)
class KitFile:
    """One file of the ZIP: its name there and how to open its bytes (a binary file object)."""

    name: str
    open: Callable[[], io.IOBase]
    compress: bool = False


def _static_opener(path: str) -> Callable[[], io.IOBase]:
    found = finders.find(path)
    return lambda: open(found, "rb")  # closed by write_kit


def _image_opener(image) -> Callable[[], io.IOBase]:
    return lambda: image.file.storage.open(image.file.name, "rb")


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{stem}-{number}{dot}{ext}"
        number += 1
    taken.add(candidate)
    return candidate


def _image_name(folder: str, label: str, image, taken: set[str]) -> str:
    ext = Path(image.file.name).suffix.lower() or ".jpg"
    return _unique(f"{folder}/{slugify(label)[:60] or 'image'}{ext}", taken)


def readme_text(page, photos, spokespeople) -> str:
    """LISEZ-MOI.txt: the boilerplate, key figures and every credit to print."""
    lines = ["Kit presse de la CPME Occitanie", "", "À propos de la CPME Occitanie", ""]
    lines += [page.boilerplate or "(texte à venir)", ""]
    for block in page.key_figures:
        lines += ["Chiffres clés", ""]
        for figure in block.value["figures"]:
            source = f" (source : {figure['source']})" if figure["source"] else ""
            lines.append(f"- {figure['value']} {figure['label']}{source}")
        lines.append("")
    lines += ["Crédits à mentionner", ""]
    lines += [f"- {name} : {caption}, © {credit}" for name, caption, credit in photos]
    lines += [f"- {name} : {person.name}, © {person.photo_credit}" for name, person in spokespeople]
    lines += ["", "Embargo", "", page.embargo_policy, ""]
    return "\n".join(lines)


def kit_files(page) -> list[KitFile]:
    """Logos, HD photos with credits, spokespeople's portraits and a LISEZ-MOI.txt."""
    taken: set[str] = set()
    files = [
        KitFile(_unique(name, taken), _static_opener(path), compress=path.endswith(".svg"))
        for path, name, _ in LOGOS
    ]
    photos = []
    for block in page.kit:
        image = block.value["image"]
        if image is None:
            continue
        name = _image_name("photos", block.value["caption"], image, taken)
        files.append(KitFile(name, _image_opener(image)))
        photos.append((name, block.value["caption"], block.value["credit"]))
    portraits = []
    for person in Spokesperson.objects.select_related("photo").exclude(photo=None):
        name = _image_name("porte-parole", person.name, person.photo, taken)
        files.append(KitFile(name, _image_opener(person.photo)))
        portraits.append((name, person))
    readme = readme_text(page, photos, portraits).encode()
    files.insert(0, KitFile("LISEZ-MOI.txt", lambda: io.BytesIO(readme), compress=True))
    return files


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream: zipfile then writes data descriptors after each file
    instead of seeking back, and the response takes what was written after every chunk."""

    def __init__(self):
        self.parts: list[bytes] = []

    def writable(self):
        return True

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def write_kit(files: Iterable[KitFile], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The ZIP of `files`, yielded as it is written: memory holds about one chunk."""
    sink = _Sink()
    now = datetime.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(sink, "w") as archive:
        for kit_file in files:
            info = zipfile.ZipInfo(kit_file.name, date_time=now)
            # Photos and PNGs are compressed already: deflating them again costs CPU for nothing.
            info.compress_type = zipfile.ZIP_DEFLATED if kit_file.compress else zipfile.ZIP_STORED
            with kit_file.open() as source, archive.open(info, "w") as target:
                while chunk := source.read(chunk_size):
                    target.write(chunk)
                    if data := sink.take():
                        yield data
    # Closing the archive wrote the last data descriptor and the central directory.
    yield sink.take()


def kit_zip_response(files: list[KitFile]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(write_kit(files), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="kit-presse-cpme-occitanie.zip"'
    response["Cache-Control"] = "public, max-age=300"
    return response
