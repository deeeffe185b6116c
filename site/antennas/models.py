"""The departmental antennas: one snippet per department and the public directory page."""

from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from config.security import client_ip
from core.blocks import StandardStreamBlock
from core.departments import DEPARTMENT_CHOICES, DEPARTMENTS
from core.images import image_field
from core.pages import SitePage
from core.validators import french_phone_validator

from . import membership
from .forms import DepartmentForm, MembershipContactForm


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
        index.SearchField("name", boost=3),
        index.SearchField("city"),
        # "Tarn" and "81" both find the Tarn antenna.
        index.SearchField("department_label", boost=3),
        # "antenne Aveyron": every word of the query must be in the record.
        index.SearchField("kind_label"),
        index.FilterField("department_code"),
    ]

    class Meta:
        ordering = ["department_code"]
        verbose_name = "antenne départementale"
        verbose_name_plural = "antennes départementales"

    def __str__(self):
        return f"{self.name} ({self.department_code})"

    def department_label(self):
        return f"{DEPARTMENTS.get(self.department_code, '')} {self.department_code}"

    def kind_label(self):
        return self._meta.verbose_name

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


class AntennaIndexPage(SitePage):
    """The public directory of the 13 departmental antennas, edited as snippets."""

    intro = models.TextField("Introduction", blank=True)
    image = image_field()

    serve_select_related = ("image",)
    image_field_name = "image"

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    page_description = (
        "L'annuaire des 13 antennes départementales, à partir des fiches « Antennes ». Une "
        "seule par site."
    )

    class Meta:
        verbose_name = "annuaire des antennes"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["antennas"] = Antenna.objects.all()
        return context


class MembershipPage(SitePage):
    """« Adhérer »: the visitor finds the antenna of their department and writes to it.

    GET ``?departement=31`` shows that antenna's contact; the form POSTs to the page and the
    message is e-mailed in the background (antennas.membership), never stored.
    """

    visitor_label = "adhésion"

    intro = models.TextField("Chapeau", blank=True, max_length=400)
    image = image_field()
    page_description = (
        "La page « Adhérer » : le contact de l'antenne du département du visiteur et un "
        "formulaire de prise de contact. Une seule par site."
    )

    body = StreamField(StandardStreamBlock(), verbose_name="Contenu", blank=True)

    serve_select_related = ("image",)
    image_field_name = "image"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "page « Adhérer »"

    def serve(self, request, *args, **kwargs):
        from home.models import SiteIdentity  # home imports this module

        identity = SiteIdentity.for_request(request)
        status = 200
        finder = DepartmentForm(request.GET) if "departement" in request.GET else DepartmentForm()
        department = finder.cleaned_data["departement"] if finder.is_valid() else ""
        if finder.is_bound and not finder.is_valid():
            status = 400
        refusal = ""
        if request.method == "POST":
            form = MembershipContactForm(request.POST)
            if form.filled_by_a_bot():
                return redirect(f"{self.url}?envoye=1")  # told nothing, sent nothing
            if form.is_valid():
                refusal = membership.refused(client_ip(request)) or ""
                if refusal:
                    status = 429
                else:
                    code = form.cleaned_data["department"]
                    antenna = Antenna.objects.filter(department_code=code).first()
                    membership.queue_request(form.cleaned_data, antenna, identity)
                    return redirect(f"{self.url}?envoye=1")
            else:
                status = 400
        else:
            form = MembershipContactForm(initial={"department": department})
        context = self.get_context(request, *args, **kwargs)
        context.update(
            {
                "finder": finder,
                "antenna": Antenna.objects.filter(department_code=department).first()
                if department
                else None,
                "form": form,
                "refusal": refusal,
                "sent": request.GET.get("envoye") == "1",
                "identity": identity,
            }
        )
        return TemplateResponse(request, self.get_template(request), context, status=status)
