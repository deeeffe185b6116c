"""Compare what the media storages hold with what the database references.

Uploads write the object before the row and deletions remove the object after the commit,
so a crash, a storage outage during a deletion or a rolled-back transaction can leave an
object nobody references (harmless but billed) — never the other way round, except when an
object is removed behind the site's back. `reconcile_storage` lists both kinds and, when
asked, removes the orphaned objects and the rendition rows whose file is gone.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import storages
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


@dataclass(frozen=True)
class Source:
    """One kind of row and the storage prefix its files live under."""

    alias: str
    prefix: str
    model_label: str
    regenerable: bool = False  # rows that can be deleted when their file is gone

    @property
    def model(self):
        return apps.get_model(self.model_label)


def sources() -> list[Source]:
    image_model = get_image_model()
    return [
        Source("default", "original_images/", image_model._meta.label),
        Source("default", "images/", image_model.get_rendition_model()._meta.label, True),
        Source("default", "documents/", get_document_model()._meta.label),
        Source("default", "wagtail_uploads/", "wagtailcore.UploadedFile"),
        Source("podcast_audio", "podcast/audio/", "podcast.AudioAsset"),
    ]


@dataclass
class Report:
    orphans: list[tuple[str, str]] = field(default_factory=list)  # (alias, name)
    missing: list[tuple[Source, int, str]] = field(default_factory=list)  # (source, pk, name)
    recent: int = 0  # unreferenced objects too young to be called orphans


def stored_names(storage, prefix: str) -> set[str]:
    """Every object under `prefix`, through the Storage API (disk and S3 alike)."""
    names, pending = set(), [prefix.rstrip("/")]
    while pending:
        directory = pending.pop()
        try:
            subdirectories, files = storage.listdir(directory)
        except FileNotFoundError:
            continue
        names.update(f"{directory}/{name}" for name in files)
        pending.extend(f"{directory}/{name}" for name in subdirectories)
    return names


def reconcile(min_age: datetime.timedelta = datetime.timedelta(hours=24)) -> Report:
    """Read-only: what would be removed, and which rows lost their object.

    Objects younger than `min_age` are left alone: an upload in progress has stored its
    object but not yet committed its row.
    """
    report = Report()
    cutoff = timezone.now() - min_age
    for alias in dict.fromkeys(source.alias for source in sources()):
        storage = storages[alias]
        for source in (source for source in sources() if source.alias == alias):
            stored = stored_names(storage, source.prefix)
            rows = source.model.objects.exclude(file="").values_list("pk", "file")
            referenced = set()
            for pk, name in rows.iterator():
                referenced.add(name)
                gone = name.startswith(source.prefix) or not storage.exists(name)
                if name not in stored and gone:
                    report.missing.append((source, pk, name))
            for name in sorted(stored - referenced):
                if storage.get_modified_time(name) <= cutoff:
                    report.orphans.append((alias, name))
                else:
                    report.recent += 1
    return report


def apply(report: Report) -> None:
    """Deletes orphaned objects and rows that can be rebuilt; other rows are for a human."""
    for alias, name in report.orphans:
        storages[alias].delete(name)
    for source, pk, _name in report.missing:
        if source.regenerable:
            source.model.objects.filter(pk=pk).delete()
