from django import forms

from .audio import AudioRejected
from .ingest import ingest_audio, replace_audio, validate_upload
from .models import AudioAsset, FeedImportRun


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
    """The title, and optionally new bytes for the same asset (see podcast.ingest.replace_audio):
    the episodes that play it keep it, with their GUIDs."""

    replacement = forms.FileField(
        label="Remplacer le fichier",
        required=False,
        help_text="Un nouveau MP3 ou AAC (.m4a) prend la place de celui-ci dans tous les "
        "épisodes qui l'utilisent ; les applications d'écoute gardent l'épisode, avec le "
        "nouveau son.",
        widget=forms.ClearableFileInput(attrs={"accept": ".mp3,.m4a,audio/mpeg,audio/mp4"}),
    )

    class Meta:
        model = AudioAsset
        fields = ["title"]
        labels = {"title": "Titre"}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user

    def clean(self):
        """Replaces during validation, as the upload form ingests: a storage failure is then
        a form error on the same screen, and nothing changed. New bytes under a published
        episode change what listeners hear at once: only who may publish every episode using
        the file may do that; others go through a draft, which a moderator reviews."""
        cleaned_data = super().clean()
        upload = cleaned_data.get("replacement")
        if upload and not self.errors and not self.may_replace_live_audio():
            self.add_error(
                "replacement",
                "Ce fichier est écouté dans un épisode en ligne : seul un modérateur peut le "
                "remplacer. Importez le nouveau fichier dans la bibliothèque et choisissez-le "
                "dans l'épisode, puis soumettez l'épisode à la relecture.",
            )
        if upload and not self.errors:
            try:
                replace_audio(self.instance, upload)
            except AudioRejected as error:
                self.add_error("replacement", str(error))
        return cleaned_data

    def may_replace_live_audio(self) -> bool:
        live_episodes = self.instance.episodes.live()
        return self.for_user is not None and all(
            episode.permissions_for_user(self.for_user).can_publish() for episode in live_episodes
        )


class FeedImportForm(forms.Form):
    """The admin's « Importer un flux » form: which feed, into which of `shows` (those the
    editor may publish, `import_runs.importable_shows`)."""

    url = forms.URLField(
        label="Adresse du flux RSS",
        assume_scheme="https",
        max_length=FeedImportRun._meta.get_field("feed_url").max_length,
        help_text="Le flux de l'émission chez son hébergeur actuel.",
    )
    show = forms.ModelChoiceField(
        label="Émission", queryset=None, empty_label=None, to_field_name="pk"
    )

    def __init__(self, *args, shows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].queryset = shows.order_by("title")
