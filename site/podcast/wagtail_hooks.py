from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .import_runs import may_import
from .import_views import import_feed, import_run
from .panels import NextEpisodePanel
from .reports import DownloadsReportView
from .views import AudioAssetViewSet, audio_chooser_viewset


@hooks.register("register_admin_viewset")
def register_audio_viewsets():
    return [AudioAssetViewSet("audio"), audio_chooser_viewset]


@hooks.register("insert_global_admin_js")
def audio_upload_progress_js():
    return format_html('<script src="{}" defer></script>', static("podcast/audio-upload.js"))


@hooks.register("register_admin_urls")
def register_downloads_report_urls():
    view = DownloadsReportView
    return [
        path("reports/podcast-downloads/", view.as_view(), name=view.index_url_name),
        path(
            "reports/podcast-downloads/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_admin_urls")
def register_import_feed_url():
    return [
        path("podcast/import/", import_feed, name="podcast_import_feed"),
        path("podcast/import/<int:pk>/", import_run, name="podcast_import_run"),
    ]


class ImportFeedMenuItem(MenuItem):
    """Shown only to who may import into at least one show."""

    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_settings_menu_item")
def register_import_feed_menu_item():
    return ImportFeedMenuItem(
        "Importer un flux de podcast",
        reverse("podcast_import_feed"),
        name="podcast-import",
        icon_name="download",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def register_downloads_report_menu_item():
    return MenuItem(
        "Téléchargements du podcast",
        reverse(DownloadsReportView.index_url_name),
        name="podcast-downloads",
        icon_name="download",
        order=650,
    )


@hooks.register("construct_homepage_panels")
def add_next_episode_panel(request, panels):
    panels.append(NextEpisodePanel())
