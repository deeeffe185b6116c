"""Admin forms: the documents library refuses a file named .pdf that is not a real PDF."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from home.forms import StoredUploadMixin

from .documents import InvalidPdf, is_pdf_name, pdf_page_count


class PdfCheckingDocumentForm(StoredUploadMixin, BaseDocumentForm):
    """Refuses, in the documents library, a file named .pdf that is not a readable PDF.

    The PDF check runs in clean_file, before StoredUploadMixin writes anything to storage.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and is_pdf_name(uploaded.name):
            try:
                pdf_page_count(uploaded)
            except InvalidPdf as error:
                raise forms.ValidationError(str(error), code="invalid_pdf") from error
        return uploaded
