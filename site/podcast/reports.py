"""Admin report: downloads per episode, for editors (no listener data, only daily counts)."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .downloads import with_download_counts
from .models import EpisodePage


class DownloadsReportView(ReportView):
    page_title = "Téléchargements du podcast"
    header_icon = "download"
    index_url_name = "podcast_downloads_report"
    index_results_url_name = "podcast_downloads_report_results"
    columns = [
        TitleColumn(
            "title",
            label="Épisode",
            get_url=lambda episode: reverse("wagtailadmin_pages:edit", args=[episode.pk]),
        ),
        DateColumn("first_published_at", label="Publié le"),
        Column("downloads_7", label="7 derniers jours"),
        Column("downloads_30", label="30 derniers jours"),
        Column("downloads_total", label="Total"),
    ]
    list_export = ["title", "first_published_at", "downloads_7", "downloads_30", "downloads_total"]
    export_headings = {
        "title": "Épisode",
        "first_published_at": "Publié le",
        "downloads_7": "7 derniers jours",
        "downloads_30": "30 derniers jours",
        "downloads_total": "Total",
    }

    def get_queryset(self):
        episodes = EpisodePage.objects.filter(first_published_at__isnull=False)
        return with_download_counts(episodes).order_by("-first_published_at", "-pk")
