"""Checking uploaded PDFs (positions' documents, the members' attachments): a real,
readable, unencrypted PDF with at least one page, else a French message."""

import logging

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
    # Imported here: pypdf and the fontTools it loads take about 25 MB in every process (web
    # server, task workers), and only uploads of PDFs need them.
    from pypdf import PdfReader

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
