"""The public filters of the mandates table and the admin's CSV upload."""

import base64
import binascii
from urllib.parse import urlencode

from django import forms
from django.db.models import Q

from core.departments import DEPARTMENT_CHOICES

from .imports import MAX_IMPORT_BYTES
from .models import BodyKind


class MandateFilterForm(forms.Form):
    """GET filters shared by the table and the exports.

    A value the form does not accept is dropped rather than reported: links get shared, edited
    and truncated, and a reader who follows one should still get the report.
    """

    department = forms.ChoiceField(
        label="Département", required=False, choices=[("", "Tous"), *DEPARTMENT_CHOICES]
    )
    kind = forms.ChoiceField(
        label="Type d'instance", required=False, choices=[("", "Tous"), *BodyKind.choices]
    )
    theme = forms.ChoiceField(label="Thème", required=False)
    q = forms.CharField(label="Recherche", required=False, max_length=100, strip=True)

    def __init__(self, data, themes):
        super().__init__(data)
        self.fields["theme"].choices = [("", "Tous"), *((t.slug, t.name) for t in themes)]

    def active_filters(self):
        """The valid, non-empty filters, in field order."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if cleaned.get(name)}

    def query_string(self):
        filters = self.active_filters()
        return urlencode(filters) if filters else ""


def filter_mandates(queryset, filters):
    """Narrow a mandate queryset by already-validated filters (see MandateFilterForm)."""
    if "department" in filters:
        queryset = queryset.filter(body__department_code=filters["department"])
    if "kind" in filters:
        queryset = queryset.filter(body__kind=filters["kind"])
    if "theme" in filters:
        queryset = queryset.filter(themes__slug=filters["theme"])
    if "q" in filters:
        text = filters["q"]
        queryset = queryset.filter(
            Q(representative__name__icontains=text)
            | Q(representative__company__icontains=text)
            | Q(body__name__icontains=text)
        )
    return queryset


LIMIT = f"{MAX_IMPORT_BYTES / 1024 / 1024:g} Mo"
TOO_BIG = (
    f"Le fichier dépasse {LIMIT} : découpez-le en plusieurs "
    "fichiers plus petits, chacun avec la ligne d'en-tête, et importez-les l'un après l'autre."
)
UNREADABLE = "Le fichier prévisualisé est illisible : recommencez l'import."


class ImportUploadForm(forms.Form):
    csv_file = forms.FileField(
        label="Fichier CSV",
        help_text=f"Encodé en UTF-8, séparateur virgule ou point-virgule, {LIMIT} au plus.",
        error_messages={"required": "Choisissez un fichier CSV à importer."},
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload


class ImportConfirmForm(forms.Form):
    """Carries the previewed file back, so the import checks again exactly what was shown."""

    payload = forms.CharField(widget=forms.HiddenInput, error_messages={"required": UNREADABLE})

    def clean_payload(self):
        """The payload comes back from the browser: it may have been altered on the way."""
        try:
            data = base64.b64decode(self.cleaned_data["payload"], validate=True)
        except binascii.Error:
            raise forms.ValidationError(UNREADABLE) from None
        if len(data) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return data
