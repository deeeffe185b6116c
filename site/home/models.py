"""The site around the content apps: the home page, programme pages and site identity."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from antennas.models import Antenna
from core.blocks import FooterLinksBlock, MainMenuBlock, StandardStreamBlock
from core.cache import preview_safe_caching
from core.images import image_field, prefetch_renditions
from core.pages import SitePage, site_pages
from core.validators import french_phone_validator
from events.models import EventPage
from home.navigation import antenna_directory


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """Who the federation is and how to reach it: shown in the header, footer and key figures."""

    organisation_name = models.CharField("Nom", max_length=120, default="CPME Occitanie")
    tagline = models.CharField("Signature", max_length=200, blank=True)
    contact_email = models.EmailField("E-mail de contact", blank=True)
    contact_phone = models.CharField(
        "Téléphone", max_length=20, blank=True, validators=[french_phone_validator]
    )
    postal_address = models.TextField("Adresse postale", blank=True)
    members_count = models.PositiveIntegerField("Nombre d'adhérents", default=0)
    members_goal = models.PositiveIntegerField("Objectif d'adhérents", default=0)
    employees_represented = models.PositiveIntegerField("Salariés représentés", default=0)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("tagline"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
            ],
            heading="Identité et contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("members_count"),
                FieldPanel("members_goal"),
                FieldPanel("employees_represented"),
            ],
            heading="Chiffres clés",
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
            ],
            heading="Réseaux sociaux",
        ),
    ]

    class Meta:
        verbose_name = "Identité du site"


ACCESSIBILITY_STATUSES = [
    ("non", "non conforme"),
    ("partiel", "partiellement conforme"),
    ("total", "totalement conforme"),
]


def _page_link(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="list-ul")
class SiteNavigation(BaseSiteSetting):
    """The header's menu and the footer's links, chosen by editors.

    Page titles are long ("Nos prises de position"); menu labels are short, so that the
    desktop menu holds on one line. An empty menu falls back to the top-level pages marked
    "show in menus". Only live, public pages are ever linked.
    """

    main_menu = StreamField(
        MainMenuBlock(),
        verbose_name="Menu principal",
        blank=True,
        help_text="Six entrées au plus pour tenir sur une ligne ; regroupez les programmes.",
    )
    join_page = _page_link(
        "Page « Adhérer »", "Le bouton « Adhérer » de l'en-tête et du pied de page y mène."
    )
    footer_links = StreamField(FooterLinksBlock(), verbose_name="Liens du pied de page", blank=True)
    legal_notice_page = _page_link("Mentions légales")
    privacy_page = _page_link("Données personnelles")
    accessibility_page = _page_link("Déclaration d'accessibilité")
    accessibility_status = models.CharField(
        "Conformité RGAA",
        max_length=10,
        choices=ACCESSIBILITY_STATUSES,
        default="partiel",
        help_text="Affiché dans le pied de page : « Accessibilité : partiellement conforme ».",
    )

    panels = [
        FieldPanel("main_menu"),
        FieldPanel("join_page"),
        MultiFieldPanel(
            [
                FieldPanel("footer_links"),
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_status"),
            ],
            heading="Pied de page",
        ),
    ]

    class Meta:
        verbose_name = "Navigation"

    def legal_page_ids(self):
        """The legal notice, data and accessibility pages: site information, not programmes."""
        ids = (self.legal_notice_page_id, self.privacy_page_id, self.accessibility_page_id)
        return [pk for pk in ids if pk]


class HomePage(SitePage):
    """The site root: the federation's promise, its figures and the latest publications."""

    visitor_label = "accueil"

    hero_title = models.CharField("Accroche", max_length=160)
    hero_text = models.TextField("Texte d'introduction", blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page mise en avant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_label = models.CharField("Libellé du bouton", max_length=60, blank=True)
    hero_image = image_field("Image du bandeau")
    body = StreamField(StandardStreamBlock(), verbose_name="Contenu", blank=True)

    image_field_name = "hero_image"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_image"),
            ],
            heading="Bandeau d'accueil",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    page_description = "La page d'accueil du site, à la racine. Il n'y en a qu'une."

    class Meta:
        verbose_name = "page d'accueil"

    def route(self, request, path_components):
        """Find the page a path names with one lookup of its URL path.

        Wagtail walks the tree one level at a time, two queries per level; every page of the
        site sits under this one, so a single query on (slug, url_path) replaces the walk.
        The page comes with the relations its template reads (``SitePage.serve_select_related``).
        A path that names no page (a sub-route such as /themes/energie/) is served by the
        deepest page its leading components name, found by the same single query.
        """
        # A file name (feed.xml, agenda.ics) is a sub-route of the page before it: slugs
        # never contain a dot.
        file_name = path_components[-1:] if path_components and "." in path_components[-1] else []
        page_components = path_components[: len(path_components) - len(file_name)]
        if page_components:
            prefixes = {
                f"{self.url_path}{'/'.join(page_components[:length])}/": length
                for length in range(1, len(page_components) + 1)
            }
            match = (
                site_pages()
                .filter(slug__in=page_components, url_path__in=prefixes)
                .order_by("-depth")
                .values_list("pk", "content_type_id", "url_path")
                .first()
            )
            model = match and ContentType.objects.get_for_id(match[1]).model_class()
            if model is not None and issubclass(model, SitePage):
                page = model.objects.for_serving().filter(pk=match[0]).first()
                if page is not None:
                    rest = path_components[prefixes[match[2]] :]
                    return page.route(request, rest)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        """Every section is a callable, evaluated only when its cached fragment is rendered.

        templates/home/home_page.html caches the sections on the content version and the
        hour, so a warm home page runs none of these queries.
        """
        context = super().get_context(request, *args, **kwargs)
        positions = apps.get_model("positions", "PositionPage")
        episodes = apps.get_model("podcast", "EpisodePage").objects
        context.update(
            {
                "antennas": lambda: Antenna.listed(request),
                # The footer's query already read it (every page links the directory).
                "antenna_index": lambda: antenna_directory(
                    SiteNavigation.for_request(request), request
                ),
                "programmes": lambda: self.programmes(request),
                "latest_positions": lambda: list(positions.latest(3)),
                "latest_episodes": lambda: episodes.model.with_shows(
                    list(
                        episodes.live()
                        .public()
                        .select_related("audio")
                        .order_by("-first_published_at")[:3]
                    )
                ),
                "next_events": lambda: list(
                    EventPage.objects.live()
                    .public()
                    .filter(end__gte=timezone.now())
                    .order_by("start")[:3]
                ),
                "representatives_count": self.representatives_count,
                "hero_cta_page": self.public_hero_cta_page,
                "cache_hour": timezone.localtime().strftime("%Y%m%d%H"),
                **preview_safe_caching(request),
            }
        )
        return context

    def programmes(self, request):
        """The programme pages under the home page (legal pages left out), each card's
        picture with its renditions: one query for all cards, whatever their number."""
        programmes = list(
            StandardPage.objects.child_of(self)
            .live()
            .public()
            .exclude(pk__in=SiteNavigation.for_request(request).legal_page_ids())
            .select_related("image")
        )
        prefetch_renditions(*(programme.image for programme in programmes))
        return programmes

    def public_hero_cta_page(self):
        """The hero's page, if a visitor may open it. Editors may pick a draft, a scheduled
        or a private page: until it is live and public, neither its title nor its link shows."""
        if self.hero_cta_page_id is None:
            return None
        return site_pages().live().public().filter(pk=self.hero_cta_page_id).first()

    @staticmethod
    def representatives_count():
        """Consenting representatives holding a seat today (the influence app's data)."""
        mandates = apps.get_model("influence", "Mandate").objects
        return (
            mandates.public()
            .active_at(timezone.localdate())
            .values("representative")
            .distinct()
            .count()
        )


class StandardPage(SitePage):
    """A programme or information page (Pacte Occitan, PME Bootcamp 360, adhérer…)."""

    intro = models.TextField(
        "Chapeau",
        blank=True,
        max_length=400,
        help_text="Résumé affiché en tête de page, sur les cartes et dans les résultats.",
    )
    image = image_field()
    body = StreamField(StandardStreamBlock(), verbose_name="Contenu", blank=True)

    serve_select_related = ("image",)
    image_field_name = "image"
    og_type = "article"
    visitor_label = "page"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    page_description = (
        "Une page de contenu libre : programme, présentation, mentions légales… Titres, texte, "
        "images, citations et chiffres clés."
    )

    class Meta:
        verbose_name = "page standard"
        verbose_name_plural = "pages standard"
