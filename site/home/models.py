"""The site around the content apps: home page, programme pages, antennas and site identity."""

from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StandardStreamBlock
from .departments import DEPARTMENT_CHOICES

french_phone_validator = RegexValidator(
    r"^\+?[0-9 .]{10,20}$",
    "Saisissez un numéro de téléphone valide, par exemple 05 61 00 00 00.",
)


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


class HomePage(Page):
    """The site root: the federation's promise, its figures and the latest publications."""

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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["antennas"] = Antenna.objects.all()
        context["programmes"] = (
            StandardPage.objects.child_of(self).live().public().filter(show_in_menus=True)
        )
        context["latest_positions"] = apps.get_model("positions", "PositionPage").latest(3)
        return context


class StandardPage(Page):
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


class AntennaIndexPage(Page):
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
