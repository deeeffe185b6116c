"""One page per theme, generated from the Theme snippets: `/themes/<slug>/` gathers what the
site holds on a subject (positions, episodes, representatives, events, media actions).

The pages are routes of a single `ThemeIndexPage`, not pages of their own: a new Theme
snippet has its page at once, and editors add an introduction, a lead image, a spokesperson
and the order of themes in the index's inline `ThemeEntry` rows (themes without a row come
last, in French alphabetical order).
"""

from django.db import models
from django.http import Http404, HttpResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.ical import build_calendar, calendar_response
from core.images import image_field
from core.pages import SitePage
from core.routing import FileRoutesMixin
from positions.feeds import FEED_FORMATS, build_feed


class ThemeIndexPage(FileRoutesMixin, SitePage):
    """« Nos sujets »: every theme, and under it one page, one feed and one calendar per theme."""

    visitor_label = "sujets"

    page_description = (
        "« Nos sujets » : la liste des thèmes, et pour chacun une page qui réunit positions, "
        "épisodes, représentants et événements. Une seule par site."
    )

    intro = models.TextField("Introduction", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "entries",
            heading="Présentation et ordre des thèmes",
            label="thème",
            help_text="Les thèmes absents de cette liste sont affichés après, par ordre "
            "alphabétique.",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "index des thèmes"

    def theme_url(self, slug, request=None):
        return self.get_url(request) + self.reverse_subpage("theme", kwargs={"slug": slug})

    def get_context(self, request, *args, **kwargs):
        from .views import index_context

        context = super().get_context(request, *args, **kwargs)
        match = getattr(request, "routable_resolver_match", None)
        if match is None or match.url_name == "index_route":
            # Only the index lists every theme; a theme's page does not pay for the list.
            context.update(index_context(self, request))
        return context

    def get_sitemap_urls(self, request=None):
        from .views import ordered_themes

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for theme, _entry in ordered_themes(self):
            urls.append(
                {
                    "location": base + self.reverse_subpage("theme", kwargs={"slug": theme.slug}),
                    "lastmod": self.last_published_at,
                }
            )
        return urls

    @path("<slug:slug>/", name="theme")
    def theme(self, request, slug):
        from .views import theme_context

        return self.render(
            request,
            context_overrides=theme_context(self, request, slug),
            template="themes/theme_page.html",
        )

    @path("<slug:slug>/flux/<str:fmt>/", name="theme_feed")
    def theme_feed(self, request, slug, fmt):
        from .views import feed_entries, get_theme

        if fmt not in FEED_FORMATS:
            raise Http404("Format de flux inconnu.")
        theme, entry = get_theme(self, slug)
        page_url = self.get_full_url(request) + self.reverse_subpage("theme", kwargs={"slug": slug})
        body = build_feed(
            feed_entries(theme, request),
            fmt=fmt,
            title=f"{theme.name} · CPME Occitanie",
            link=page_url,
            self_url=self.get_full_url(request)
            + self.reverse_subpage("theme_feed", kwargs={"slug": slug, "fmt": fmt}),
            description=(entry.introduction if entry else "")
            or theme.description
            or f"Les publications de la CPME Occitanie sur le thème « {theme.name} ».",
        )
        return HttpResponse(body, content_type=FEED_FORMATS[fmt])

    @path("<slug:slug>/agenda.ics/", name="theme_calendar")
    def theme_calendar(self, request, slug):
        from .views import calendar_events, get_theme

        theme, _entry = get_theme(self, slug)
        body = build_calendar(
            calendar_events(theme),
            name=f"CPME Occitanie – {theme.name}",
            domain=request.get_host().split(":")[0],
            url_for=lambda event: event.get_full_url(request),
        )
        return calendar_response(body, f"cpme-occitanie-{theme.slug}")


class ThemeEntry(Orderable):
    """What editors add to a generated theme page, and its place in the list."""

    page = ParentalKey(ThemeIndexPage, on_delete=models.CASCADE, related_name="entries")
    theme = models.OneToOneField(
        "positions.Theme",
        verbose_name="Thème",
        on_delete=models.CASCADE,
        related_name="entry",
    )
    introduction = models.TextField("Introduction", blank=True)
    lead_image = image_field("Image d'en-tête")
    spokesperson = models.ForeignKey(
        "positions.Spokesperson",
        verbose_name="Porte-parole",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="À défaut, le porte-parole de la prise de position la plus récente du thème.",
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("introduction"),
        FieldPanel("lead_image"),
        FieldPanel("spokesperson"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "présentation d'un thème"
        verbose_name_plural = "présentations des thèmes"
