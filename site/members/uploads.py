"""Upload checks from the bytes, never from the name or the declared type.

Attachments must be real PDFs that start as PDFs (a file that is HTML first and PDF later
would be read as a page by some browsers); logos must be raster images (no SVG: it can carry
script). Size limits come from settings.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from core.pdf import InvalidPdf, pdf_page_count

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
LOGO_MAX_PIXELS = 16_000_000


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            "Ce fichier pèse %(size)s : la limite est de %(limit)s.",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def check_pdf(upload) -> None:
    check_size(upload, settings.MEMBERS_ATTACHMENT_MAX_SIZE)
    upload.seek(0)
    start = upload.read(5)
    upload.seek(0)
    if start != b"%PDF-":
        raise ValidationError(
            "Seuls les fichiers PDF sont acceptés : enregistrez votre document au format PDF.",
            code="not_pdf",
        )
    try:
        pdf_page_count(upload)
    except InvalidPdf as error:
        raise ValidationError(str(error), code="bad_pdf") from error


def check_logo(upload) -> None:
    check_size(upload, settings.MEMBERS_LOGO_MAX_SIZE)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise ValidationError(
                    "Le logo doit être une image PNG, JPEG ou WebP.", code="logo_format"
                )
            width, height = image.size
            if width * height > LOGO_MAX_PIXELS:
                raise ValidationError("Cette image est trop grande (16 mégapixels au plus).")
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "Ce fichier n'est pas une image lisible : le logo doit être une image PNG, JPEG "
            "ou WebP.",
            code="logo_unreadable",
        ) from error
    finally:
        upload.seek(0)
