"""PDF attachments of positions: checking uploads, counting pages, and keeping embargoes.

Wagtail documents have no draft state, so a position's PDF would be downloadable as soon as it
is uploaded. The embargo is derived from the pages that use the document instead.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from pypdf import PdfReader
from wagtail.models import Revision

logger = logging.getLogger(__name__)


class InvalidPdf(ValueError):
    """Carries the French message shown to the editor."""


def pdf_page_count(fileobj) -> int:
    """Number of pages of a real, readable PDF; anything else raises InvalidPdf."""
    fileobj.seek(0)
    header = fileobj.read(1024)
    fileobj.seek(0)
    if b"%PDF-" not in header:
        raise InvalidPdf("Ce fichier n'est pas un PDF. Enregistrez le document au format PDF.")
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            raise InvalidPdf(
                "Ce PDF est protégé par un mot de passe : les lecteurs ne pourraient pas l'ouvrir."
            )
        count = len(reader.pages)
    except InvalidPdf:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        logger.info("Unreadable PDF upload: %r", error)
        raise InvalidPdf("Ce PDF est endommagé ou illisible. Exportez-le de nouveau.") from error
    finally:
        fileobj.seek(0)
    if count < 1:
        raise InvalidPdf("Ce PDF ne contient aucune page.")
    return count


def is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def document_page_count(document) -> int:
    """Page count of a Wagtail document that must be a PDF; InvalidPdf says why it is not."""
    if not is_pdf_name(document.file.name):
        raise InvalidPdf("Le document joint doit être un fichier PDF.")
    try:
        with document.file.open("rb") as pdf_file:
            return pdf_page_count(pdf_file)
    except OSError as error:
        raise InvalidPdf(
            "Le fichier de ce document est introuvable : téléversez-le de nouveau."
        ) from error


def document_is_embargoed(document) -> bool:
    """True while the document is attached to a position but to no live, public one.

    Latest draft or scheduled revisions count too: editing a page that is not live does not
    update its database row, so the editor's latest choice of PDF only exists in the revision.
    """
    from .models import PositionPage

    attached = PositionPage.objects.filter(pdf=document)
    if attached.live().public().exists():
        return False
    if attached.exists():
        return True
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(PositionPage),
        pk__in=PositionPage.objects.values("latest_revision_id"),
        content__pdf=document.pk,
    ).exists()


def refresh_page_counts(sender, instance, **kwargs):
    """Replacing a document's file changes the page count shown by positions that use it."""
    from .models import PositionPage

    positions = PositionPage.objects.filter(pdf=instance)
    if not positions.exists():
        return
    try:
        count = document_page_count(instance)
    except InvalidPdf:
        count = None
    positions.update(pdf_page_count=count)
