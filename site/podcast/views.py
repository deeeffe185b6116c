from django.contrib import messages
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BaseChooser

from .forms import AudioEditForm, AudioUploadForm
from .models import AudioAsset


def audio_label(asset):
    """What an editor needs to recognise a file at a glance in choosers."""
    return (
        f"{asset.title} · {asset.duration_label} · {filesizeformat(asset.size_bytes)} · "
        f"{asset.bitrate_label}"
    )


class AudioDeleteView(generic.DeleteView):
    """Refuses to delete a file an episode still plays: feeds would point to nothing."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        episodes = list(self.object.episodes.values_list("title", flat=True)[:5])
        if episodes:
            messages.error(
                request,
                "Ce fichier audio est utilisé par "
                + ", ".join(f"« {title} »" for title in episodes)
                + " : choisissez un autre fichier pour ces épisodes avant de le supprimer.",
            )
            return redirect(reverse("audio:edit", args=[self.object.pk]))
        return super().post(request, *args, **kwargs)


class AudioAssetViewSet(ModelViewSet):
    model = AudioAsset
    icon = "media"
    menu_label = "Audio"
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("duration_label", label="Durée"),
        Column("size_bytes", label="Taille", accessor=lambda a: filesizeformat(a.size_bytes)),
        Column("bitrate_label", label="Débit"),
        "created_at",
    ]
    search_fields = ["title"]
    delete_view_class = AudioDeleteView
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
    choose_one_text = "Choisir un fichier audio"
    choose_another_text = "Choisir un autre fichier audio"
    link_to_chosen_text = "Modifier ce fichier audio"
    show_edit_link = False

    def get_display_title(self, instance):
        return audio_label(instance)


class AudioChosenView(chooser_views.ChosenView):
    def get_display_title(self, instance):
        return audio_label(instance)


class AudioChooserCreateView(chooser_views.CreateView):
    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}

    def get_display_title(self, instance):
        return audio_label(instance)


class AudioColumnsMixin:
    @property
    def columns(self):
        return [
            *super().columns,
            Column("duration_label", label="Durée"),
            Column("size", label="Taille", accessor=lambda a: filesizeformat(a.size_bytes)),
            Column("bitrate_label", label="Débit"),
        ]


class AudioChooseView(AudioColumnsMixin, chooser_views.ChooseView):
    pass


class AudioChooseResultsView(AudioColumnsMixin, chooser_views.ChooseResultsView):
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
