"""PDF attachments of positions: checking uploads and counting pages.

Who may download them is the site-wide document rule (core.file_access).
"""

from core.pdf import InvalidPdf, is_pdf_name, pdf_page_count


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
