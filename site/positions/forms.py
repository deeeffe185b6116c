"""Admin forms: the documents library refuses a file named .pdf that is not a real PDF, and
a replacement file for a document live pages offer, unless the user may publish them."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from core.file_access import live_pages_a_replacement_would_change
from core.forms import StoredUploadMixin
from core.pdf import InvalidPdf, is_pdf_name, pdf_page_count


class PdfCheckingDocumentForm(StoredUploadMixin, BaseDocumentForm):
    """Refuses, in the documents library, a file named .pdf that is not a readable PDF, and a
    new file for a document live pages use from someone who may not publish those pages.

    The checks run in clean_file, before StoredUploadMixin writes anything to storage.
    """

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")  # Wagtail's collection form takes it out of kwargs
        super().__init__(*args, **kwargs)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and self.instance.pk:
            self.check_replacement_is_moderated()
        if uploaded and "file" in self.changed_data and is_pdf_name(uploaded.name):
            try:
                pdf_page_count(uploaded)
            except InvalidPdf as error:
                raise forms.ValidationError(str(error), code="invalid_pdf") from error
        return uploaded

    def check_replacement_is_moderated(self):
        """Pages go through moderation; a document's file has no draft. Replacing the file of
        a document live pages use would publish at once: only who may publish them does it."""
        if self.user is None:
            raise forms.ValidationError(
                "Vos droits n'ont pas pu être vérifiés : rechargez la page et réessayez."
            )
        blocked = live_pages_a_replacement_would_change(self.user, self.instance)
        if not blocked:
            return
        titles = [f"« {page.title} »" for page in blocked if page is not None]
        where = f"est en ligne sur {', '.join(titles[:3])}" if titles else "est public"
        raise forms.ValidationError(
            f"Ce document {where} : seul un modérateur peut remplacer son fichier. Déposez "
            "plutôt le nouveau fichier comme nouveau document et choisissez-le dans la page : "
            "la modification passera par la validation.",
            code="replacement_needs_moderation",
        )
