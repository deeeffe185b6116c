"""The shared regional calendar: events of the network, filters and iCal feeds."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.departments import DEPARTMENT_CHOICES, DEPARTMENTS
from core.ical import build_calendar, calendar_response
from core.images import prefetch_renditions
from core.pages import SitePage
from core.routing import FileRoutesMixin

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
    subpage_types = ["events.EventPage"]
    max_count = 1

    page_description = (
        "L'agenda régional : la liste des événements, ses filtres et ses abonnements de "
        "calendrier. Un seul par site."
    )

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
        # Each card shows its event's picture: their renditions in one query.
        prefetch_renditions(*(event.image for event in page_of_events))
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

    serve_select_related = ("image",)

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
        "antennas.Antenna",
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
    themes = ParentalManyToManyField(
        "positions.Theme",
        verbose_name="Thèmes",
        blank=True,
        related_name="events",
        help_text="L'événement apparaît sur la page de ces thèmes.",
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
        FieldPanel("themes", widget=CheckboxSelectMultiple),
        FieldPanel("image"),
        FieldPanel("cancelled"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    image_field_name = "image"

    page_description = (
        "Un événement de l'agenda (réunion, formation, journée d'achats…), avec date, lieu et "
        "inscription."
    )

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
