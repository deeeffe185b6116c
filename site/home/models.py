"""The site around the content apps: home page, programme pages, antennas and site identity."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StandardStreamBlock
from .cache import preview_safe_caching
from .departments import DEPARTMENT_CHOICES, DEPARTMENTS
from .ical import build_calendar, calendar_response
from .pages import SitePage, SitePageManager, site_pages
from .routing import FileRoutesMixin

french_phone_validator = RegexValidator(
    r"^\+?[0-9 .]{10,20}$",
    "Saisissez un numéro de téléphone valide, par exemple 05 61 00 00 00.",
)


class ContentVersion(models.Model):
    """The single row cached fragments are keyed on (see home.cache)."""

    version = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version du contenu"

    def __str__(self):
        return self.version.hex


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


class Antenna(index.Indexed, models.Model):
    """A departmental antenna (CPME du département): one per department of Occitanie."""

    department_code = models.CharField(
        "Département",
        max_length=2,
        choices=DEPARTMENT_CHOICES,
        unique=True,
        error_messages={"unique": "Une antenne existe déjà pour ce département."},
    )
    name = models.CharField("Nom", max_length=120)
    city = models.CharField("Ville", max_length=80)
    address = models.TextField("Adresse", blank=True)
    email = models.EmailField("E-mail", blank=True)
    phone = models.CharField(
        "Téléphone", max_length=20, blank=True, validators=[french_phone_validator]
    )
    website = models.URLField("Site web", blank=True)

    panels = [
        FieldPanel("department_code"),
        FieldPanel("name"),
        FieldPanel("city"),
        FieldPanel("address"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("city"),
        index.FilterField("department_code"),
    ]

    class Meta:
        ordering = ["department_code"]
        verbose_name = "antenne départementale"
        verbose_name_plural = "antennes départementales"

    def __str__(self):
        return f"{self.name} ({self.department_code})"

    @property
    def anchor(self):
        return f"antenne-{self.department_code}"

    @classmethod
    def listed(cls, request):
        """The antennas as the footer and the home page list them, read once per request."""
        antennas = getattr(request, "_listed_antennas", None)
        if antennas is None:
            antennas = list(cls.objects.only("department_code", "name", "city"))
            if request is not None:
                request._listed_antennas = antennas
        return antennas


class HomePageManager(SitePageManager):
    def get(self, *args, **kwargs):
        """Wagtail reads the site root with ``objects.get(id=…)`` on every request: the
        hero's link comes in the same query. (Only here: a select_related on every query
        would meet Wagtail's SELECT … FOR UPDATE, which PostgreSQL refuses on an outer join.)
        """
        return self.get_queryset().select_related("hero_cta_page").get(*args, **kwargs)


class HomePage(SitePage):
    """The site root: the federation's promise, its figures and the latest publications."""

    objects = HomePageManager()

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
    body = StreamField(StandardStreamBlock(), verbose_name="Contenu", blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_label"),
            ],
            heading="Bandeau d'accueil",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "page d'accueil"

    def route(self, request, path_components):
        """Find the page a path names with one lookup of its URL path.

        Wagtail walks the tree one level at a time, two queries per level; every page of the
        site sits under this one, so a single query on (slug, url_path) replaces the walk.
        The page comes with the relations its template reads (``SitePage.serve_select_related``).
        Paths that name no page (a sub-route such as /cash-pme/feed.xml) take Wagtail's walk.
        """
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            match = (
                site_pages()
                .filter(slug=path_components[-1], url_path=url_path)
                .values_list("pk", "content_type_id")
                .first()
            )
            model = match and ContentType.objects.get_for_id(match[1]).model_class()
            if model is not None and issubclass(model, SitePage):
                page = model.objects.for_serving().filter(pk=match[0]).first()
                if page is not None:
                    return page.route(request, [])
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
                "antenna_index": lambda: AntennaIndexPage.objects.live().public().first(),
                "programmes": lambda: list(StandardPage.objects.child_of(self).live().public()),
                "latest_positions": lambda: list(positions.latest(3)),
                "latest_episodes": lambda: list(
                    episodes.live().public().order_by("-first_published_at")[:3]
                ),
                "next_events": lambda: list(
                    EventPage.objects.live()
                    .public()
                    .filter(end__gte=timezone.now())
                    .order_by("start")[:3]
                ),
                "representatives_count": self.representatives_count,
                "cache_hour": timezone.localtime().strftime("%Y%m%d%H"),
                **preview_safe_caching(request),
            }
        )
        return context

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
    body = StreamField(StandardStreamBlock(), verbose_name="Contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "page standard"
        verbose_name_plural = "pages standard"


class AntennaIndexPage(SitePage):
    """The public directory of the 13 departmental antennas, edited as snippets."""

    intro = models.TextField("Introduction", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "annuaire des antennes"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["antennas"] = Antenna.objects.all()
        return context


EVENT_KINDS = [
    ("pme-xperience", "PME Xperience"),
    ("journee-achat", "Journée Achat (Pacte Occitan)"),
    ("bootcamp", "PME Bootcamp 360"),
    ("formation-mandataires", "Formation des mandataires"),
    ("reunion-antenne", "Réunion d'antenne"),
    ("autre", "Autre rendez-vous"),
]
EVENTS_PER_PAGE = 12


class EventIndexPage(FileRoutesMixin, SitePage):
    """The shared regional calendar: upcoming first, filters, archive and iCal feeds."""

    intro = models.TextField("Introduction", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"

    def events(self):
        return EventPage.objects.child_of(self).live().public().select_related("antenna", "image")

    @path("")
    def calendar(self, request):
        filters = EventFilters.from_query(request.GET)
        events = filters.apply(self.events(), now=timezone.now())
        paginator = Paginator(events, EVENTS_PER_PAGE)
        try:
            page_of_events = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            page_of_events = paginator.page(1)
        except EmptyPage as error:
            raise Http404("Cette page de l'agenda n'existe pas.") from error
        return self.render(
            request,
            context_overrides={
                "events": page_of_events,
                "filters": filters,
                "department_choices": DEPARTMENT_CHOICES,
                "kind_choices": EVENT_KINDS,
            },
        )

    @path("agenda.ics/")
    def ical_all(self, request):
        return self.ical_response(request, self.events(), "Agenda CPME Occitanie", "agenda")

    @path("departement/<str:code>.ics/")
    def ical_department(self, request, code):
        if code not in DEPARTMENTS:
            raise Http404("Département inconnu.")
        return self.ical_response(
            request,
            self.events().filter(department_code=code),
            f"Agenda CPME Occitanie – {DEPARTMENTS[code]}",
            f"agenda-{code}",
        )

    def ical_response(self, request, events, name, filename):
        body = build_calendar(
            events.order_by("start"),
            name=name,
            domain=request.get_host().split(":")[0],
            url_for=lambda event: event.get_full_url(request),
        )
        return calendar_response(body, filename)


@dataclass(frozen=True)
class EventFilters:
    """Calendar filters read from the query string; unknown values are simply ignored."""

    department: str = ""
    kind: str = ""
    past: bool = False

    @classmethod
    def from_query(cls, query):
        department = query.get("departement", "")
        kind = query.get("type", "")
        return cls(
            department=department if department in DEPARTMENTS else "",
            kind=kind if kind in dict(EVENT_KINDS) else "",
            past=query.get("periode") == "passes",
        )

    def apply(self, events, now):
        if self.department:
            events = events.filter(department_code=self.department)
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.past:
            return events.filter(end__lt=now).order_by("-start")
        return events.filter(end__gte=now).order_by("start")

    def query_prefix(self, past=None):
        """The filters as a query string prefix for links (pagination, upcoming/archive)."""
        params = {"departement": self.department, "type": self.kind}
        if self.past if past is None else past:
            params["periode"] = "passes"
        encoded = urlencode({key: value for key, value in params.items() if value})
        return f"{encoded}&" if encoded else ""

    def upcoming_query(self):
        return self.query_prefix(past=False)

    def past_query(self):
        return self.query_prefix(past=True)


class EventPage(FileRoutesMixin, SitePage):
    """A dated event of the network; cancelled events stay listed, marked as cancelled."""

    start = models.DateTimeField("Début")
    end = models.DateTimeField("Fin")
    all_day = models.BooleanField("Toute la journée", default=False)
    kind = models.CharField("Type d'événement", max_length=30, choices=EVENT_KINDS)
    department_code = models.CharField(
        "Département",
        max_length=2,
        choices=DEPARTMENT_CHOICES,
        blank=True,
        help_text="Laissez vide pour un événement régional.",
    )
    antenna = models.ForeignKey(
        Antenna,
        verbose_name="Antenne organisatrice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    place = models.CharField("Lieu", max_length=160, blank=True)
    address = models.CharField("Adresse", max_length=255, blank=True)
    registration_url = models.URLField("Lien d'inscription", blank=True)
    description = RichTextField(
        "Description", blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled = models.BooleanField(
        "Annulé",
        default=False,
        help_text="Un événement annulé reste affiché, marqué comme annulé, et l'est aussi "
        "dans les agendas des abonnés.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading="Dates (heure de Paris)",
        ),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("department_code"), FieldPanel("antenna")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("address")]),
        FieldPanel("registration_url"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("cancelled"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]

    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "événement"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "La fin de l'événement doit suivre son début."})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = self.json_ld(request)
        return context

    @path("agenda.ics/")
    def ical(self, request):
        body = build_calendar(
            [self],
            name=self.title,
            domain=request.get_host().split(":")[0],
            url_for=lambda event: event.get_full_url(request),
        )
        return calendar_response(body, self.slug, disposition="attachment")

    def json_ld(self, request):
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": timezone.localtime(self.start).isoformat(),
            "endDate": timezone.localtime(self.end).isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if self.cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": self.get_full_url(request),
            "organizer": {
                "@type": "Organization",
                "name": self.antenna.name if self.antenna else "CPME Occitanie",
            },
        }
        if self.place or self.address:
            data["location"] = {"@type": "Place", "name": self.place, "address": self.address}
        if self.search_description:
            data["description"] = self.search_description
        return data
