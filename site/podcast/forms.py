from django import forms

from .audio import AudioRejected
from .ingest import ingest_audio, validate_upload
from .models import AudioAsset


class AudioUploadForm(forms.ModelForm):
    """Upload form used by the audio library and by the chooser's "Déposer" tab.

    Ingestion happens during validation, on purpose: storage can fail after the bytes were
    judged valid, and the editor must then see that failure as a form error on the same
    screen, whichever of the two views posted the form. Once valid, the asset already exists
    and save() only hands it back.
    """

    file = forms.FileField(
        label="Fichier audio",
        help_text="MP3 ou AAC (.m4a). La durée, la taille et le débit sont lus dans le fichier.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".mp3,.m4a,audio/mpeg,audio/mp4", "data-audio-upload": ""}
        ),
    )

    class Meta:
        model = AudioAsset
        fields = ["title"]
        labels = {"title": "Titre"}
        help_texts = {"title": "Laissez vide pour reprendre le nom du fichier."}

    def __init__(self, *args, for_user=None, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if not upload or self.errors:
            return cleaned_data
        title = cleaned_data.get("title") or upload.name.rsplit(".", 1)[0]
        try:
            info = validate_upload(upload)
            asset = ingest_audio(upload, title, user=self.for_user, info=info)
        except AudioRejected as error:
            self.add_error("file", str(error))
            return cleaned_data
        self.instance = asset
        cleaned_data["title"] = asset.title
        return cleaned_data

    def save(self, commit=True):
        return self.instance


class AudioEditForm(forms.ModelForm):
    """After upload only the title changes: the file is immutable, replace it by a new upload."""

    class Meta:
        model = AudioAsset
        fields = ["title"]
        labels = {"title": "Titre"}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
