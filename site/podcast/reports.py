"""Admin report: downloads per episode, for editors (no listener data, only daily counts)."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.spreadsheets import FormulaGuardedExportMixin

from .downloads import daily_downloads, with_download_counts
from .models import EpisodePage

CHART_DAYS = 30
CHART_WIDTH = 640
CHART_HEIGHT = 180
CHART_LEFT = 40  # room for the scale
CHART_BOTTOM = 24  # room for the dates


def column_chart(series):
    """One column per day for an SVG drawn on the server: positions computed here, so the
    template only places rectangles. The top of the scale is the largest day (at least 1)."""
    largest = max((count for _day, count in series), default=0) or 1
    step = (CHART_WIDTH - CHART_LEFT) / max(len(series), 1)
    columns = []
    for index, (day, count) in enumerate(series):
        height = round((CHART_HEIGHT - CHART_BOTTOM) * count / largest, 1)
        columns.append(
            {
                "day": day,
                "count": count,
                "x": round(CHART_LEFT + index * step + 1, 1),
                "y": round(CHART_HEIGHT - CHART_BOTTOM - height, 1),
                "width": round(max(step - 2, 1), 1),
                "height": height,
                "labelled": index in (0, len(series) // 2, len(series) - 1),
                "label_x": round(CHART_LEFT + index * step + step / 2, 1),
            }
        )
    return {
        "columns": columns,
        "largest": largest,
        "total": sum(count for _day, count in series),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - 6,
    }


class DownloadsReportView(FormulaGuardedExportMixin, ReportView):
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
        Column("downloads_first_7", label="7 premiers jours"),
        Column("downloads_first_30", label="30 premiers jours"),
    ]
    list_export = [
        "title",
        "first_published_at",
        "downloads_7",
        "downloads_30",
        "downloads_total",
        "downloads_first_7",
        "downloads_first_30",
    ]
    export_headings = {
        "title": "Épisode",
        "first_published_at": "Publié le",
        "downloads_7": "7 derniers jours",
        "downloads_30": "30 derniers jours",
        "downloads_total": "Total",
        "downloads_first_7": "7 premiers jours après publication",
        "downloads_first_30": "30 premiers jours après publication",
    }
    template_name = "podcast/admin/downloads_report.html"

    def chart_episode(self):
        """(episode, error): the episode named by ?courbe=<id>, or None for the whole show;
        a bad value gets a French error and the show's chart is drawn instead."""
        raw = self.request.GET.get("courbe", "")
        if not raw:
            return None, ""
        episode = None
        if raw.isdigit():
            episode = EpisodePage.objects.filter(pk=int(raw)).only("pk", "title").first()
        if episode is None:
            return None, "Cet épisode n'existe pas : le graphique montre toute l'émission."
        return episode, ""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        episode, context["chart_error"] = self.chart_episode()
        series = daily_downloads(CHART_DAYS, episode_id=episode.pk if episode else None)
        context["chart"] = column_chart(series)
        context["chart_episode"] = episode
        context["chart_days"] = CHART_DAYS
        context["chart_choices"] = (
            EpisodePage.objects.filter(first_published_at__isnull=False)
            .order_by("-first_published_at")
            .values_list("pk", "title")
        )
        return context

    def get_queryset(self):
        episodes = EpisodePage.objects.filter(first_published_at__isnull=False)
        return with_download_counts(episodes).order_by("-first_published_at", "-pk")
