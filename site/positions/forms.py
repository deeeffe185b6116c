"""Admin forms: the documents library refuses a file named .pdf that is not a real PDF."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from .documents import InvalidPdf, is_pdf_name, pdf_page_count


class PdfCheckingDocumentForm(BaseDocumentForm):
    """Refuses, in the documents library, a file named .pdf that is not a readable PDF."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and is_pdf_name(uploaded.name):
            try:
                pdf_page_count(uploaded)
            except InvalidPdf as error:
                raise forms.ValidationError(str(error), code="invalid_pdf") from error
        return uploaded
