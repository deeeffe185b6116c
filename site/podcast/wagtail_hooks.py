from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .views import AudioAssetViewSet, audio_chooser_viewset


@hooks.register("register_admin_viewset")
def register_audio_viewsets():
    return [AudioAssetViewSet("audio"), audio_chooser_viewset]


@hooks.register("insert_global_admin_js")
def audio_upload_progress_js():
    return format_html('<script src="{}" defer></script>', static("podcast/audio-upload.js"))
