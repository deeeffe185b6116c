from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BaseChooser
from wagtail.models import Page

from core.file_access import all_page_ids_using, withheld_from
from core.formats import file_size

from .forms import AudioEditForm, AudioUploadForm
from .models import AudioAsset, EpisodePage


def audio_label(asset):
    """What an editor needs to recognise a file at a glance in choosers."""
    return (
        f"{asset.title} · {asset.duration_label} · {file_size(asset.size_bytes)} · "
        f"{asset.bitrate_label}"
    )


class AudioDeleteView(generic.DeleteView):
    """Refuses to delete a file an episode still plays or will play: feeds would point to
    nothing, and an episode whose draft or scheduled revision names the file could not be
    opened in the editor any more. Every use counts: published rows (the reference index) and
    each page's latest draft and scheduled revisions."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        page_ids = all_page_ids_using(self.object)
        if page_ids:
            titles = Page.objects.filter(pk__in=page_ids).order_by("draft_title")
            titles = list(titles.values_list("draft_title", flat=True)[:5])
            messages.error(
                request,
                "Ce fichier audio est utilisé par "
                + ", ".join(f"« {title} »" for title in titles)
                + " (version publiée, brouillon ou publication programmée) : choisissez un "
                "autre fichier pour ces épisodes avant de le supprimer.",
            )
            return redirect(reverse("audio:edit", args=[self.object.pk]))
        return super().post(request, *args, **kwargs)


class AudioPlayerColumn(Column):
    """A small player, to tell files apart by ear before choosing one (no download until
    the editor presses play: preload="none")."""

    cell_template_name = "podcast/admin/audio_player_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "instance": instance}


class EpisodesColumn(Column):
    """The episodes that play the file, linked to their editor: the one question asked
    before deleting or replacing it."""

    cell_template_name = "podcast/admin/audio_episodes_cell.html"


class AudioEditView(generic.EditView):
    """The edit form decides who may replace a file a published episode plays."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class AudioIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related(
                Prefetch("episodes", queryset=EpisodePage.objects.only("pk", "title", "audio_id"))
            )
        )


class AudioAssetViewSet(ModelViewSet):
    model = AudioAsset
    icon = "media"
    menu_label = "Audio"
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = AudioIndexView
    list_display = [
        "title",
        AudioPlayerColumn("url", label="Écouter"),
        EpisodesColumn("episodes", label="Épisodes", accessor=lambda a: a.episodes.all()),
        Column("duration_label", label="Durée"),
        Column("size_bytes", label="Taille", accessor=lambda a: file_size(a.size_bytes)),
        Column("bitrate_label", label="Débit"),
        "created_at",
    ]
    search_fields = ["title"]
    delete_view_class = AudioDeleteView
    edit_view_class = AudioEditView
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "file",
        "mime_type",
        "duration_seconds",
        "size_bytes",
        "bitrate",
        "sample_rate",
        "channels",
        "sha256",
        "created_at",
        "uploaded_by",
    ]

    def get_form_class(self, for_update=False):
        return AudioEditForm if for_update else AudioUploadForm


class AudioChooserWidget(BaseChooser):
    """The episode form's audio field, with a small player beside the chosen file: the editor
    hears what the episode will play before submitting it (podcast/audio-chooser.js points the
    player at a newly chosen file)."""

    template_name = "podcast/admin/audio_chooser.html"
    choose_one_text = "Choisir un fichier audio"
    choose_another_text = "Choisir un autre fichier audio"
    link_to_chosen_text = "Modifier ce fichier audio"
    show_edit_link = False

    def get_display_title(self, instance):
        return audio_label(instance)

    def get_value_data_from_instance(self, instance):
        return {**super().get_value_data_from_instance(instance), "url": instance.url}

    def get_context(self, name, value_data, attrs):
        return {**super().get_context(name, value_data, attrs), "audio_url": value_data.get("url")}

    @property
    def media(self):
        return super().media + forms.Media(js=["podcast/audio-chooser.js"])


def withheld_audio(user):
    """Audio files of episodes the user does not work on and that are not public yet: their
    titles announce what is coming (core.file_access)."""
    return withheld_from(user, AudioAsset)


class VisibleAudioMixin:
    def get_object_list(self):
        return super().get_object_list().exclude(pk__in=withheld_audio(self.request.user))


class AudioChosenMixin:
    """What the chooser hands back to the episode form: the label and, for its player, the
    file's address."""

    def get_display_title(self, instance):
        return audio_label(instance)

    def get_chosen_response_data(self, item):
        return {**super().get_chosen_response_data(item), "url": item.url}


class AudioChosenView(AudioChosenMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        if str(pk) in {str(hidden) for hidden in withheld_audio(self.request.user)}:
            raise Http404
        return super().get_object(pk)


class AudioChooserCreateView(AudioChosenMixin, chooser_views.CreateView):
    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}


class AudioColumnsMixin:
    @property
    def columns(self):
        return [
            *super().columns,
            Column("duration_label", label="Durée"),
            Column("size", label="Taille", accessor=lambda a: file_size(a.size_bytes)),
            Column("bitrate_label", label="Débit"),
        ]


class AudioChooseView(VisibleAudioMixin, AudioColumnsMixin, chooser_views.ChooseView):
    pass


class AudioChooseResultsView(VisibleAudioMixin, AudioColumnsMixin, chooser_views.ChooseResultsView):
    pass


class AudioChooserViewSet(ChooserViewSet):
    model = AudioAsset
    icon = "media"
    choose_one_text = "Choisir un fichier audio"
    choose_another_text = "Choisir un autre fichier audio"
    edit_item_text = "Modifier ce fichier audio"
    creation_form_class = AudioUploadForm
    create_action_label = "Déposer le fichier"
    create_action_clicked_label = "Envoi en cours…"
    creation_tab_label = "Déposer"
    base_widget_class = AudioChooserWidget
    choose_view_class = AudioChooseView
    choose_results_view_class = AudioChooseResultsView
    chosen_view_class = AudioChosenView
    create_view_class = AudioChooserCreateView


audio_chooser_viewset = AudioChooserViewSet("audio_chooser")
