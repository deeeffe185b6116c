"""Where the federation holds seats (bodies), who holds them (representatives) and the report.

Only representatives who agreed to be public (``public_consent``) ever reach a public page or
an export: every public query starts from ``Mandate.objects.public()``.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.departments import DEPARTMENT_CHOICES


class BodyKind(models.TextChoices):
    CESER = "ceser", "CESER"
    URSSAF = "urssaf", "URSSAF"
    COMMERCIAL_COURT = "tribunal-commerce", "Tribunal de commerce"
    LABOUR_COURT = "prudhommes", "Conseil de prud'hommes"
    CPAM = "cpam", "CPAM"
    CCI = "cci", "CCI"
    TRAINING = "formation-opco", "Organisme de formation / OPCO"
    COMMISSION = "commission-departementale", "Commission départementale"
    OTHER = "autre", "Autre instance"


class BodyLevel(models.TextChoices):
    LOCAL = "local", "Local"
    DEPARTMENTAL = "departemental", "Départemental"
    REGIONAL = "regional", "Régional"
    NATIONAL = "national", "National"


class MandateRole(models.TextChoices):
    MEMBER = "titulaire", "Titulaire"
    DEPUTY = "suppleant", "Suppléant"
    PRESIDENT = "president", "Président"
    VICE_PRESIDENT = "vice-president", "Vice-président"
    JUDGE = "juge", "Juge ou conseiller"


LOCAL_LEVELS = {BodyLevel.LOCAL, BodyLevel.DEPARTMENTAL}


class Body(index.Indexed, models.Model):
    """A public body where the federation holds seats (CESER, URSSAF, commercial court…)."""

    name = models.CharField(
        "Nom",
        max_length=200,
        unique=True,
        error_messages={"unique": "Une instance porte déjà ce nom."},
    )
    kind = models.CharField("Type d'instance", max_length=30, choices=BodyKind.choices)
    level = models.CharField("Niveau", max_length=20, choices=BodyLevel.choices)
    department_code = models.CharField(
        "Département",
        max_length=2,
        choices=DEPARTMENT_CHOICES,
        blank=True,
        help_text="Laissez vide pour une instance régionale ou nationale.",
    )
    website = models.URLField("Site web", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("level"),
        FieldPanel("department_code"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "instance"
        verbose_name_plural = "instances"

    def __str__(self):
        return self.name

    def clean(self):
        if self.level in LOCAL_LEVELS and not self.department_code:
            raise ValidationError(
                {
                    "department_code": "Indiquez le département d'une instance locale ou "
                    "départementale."
                }
            )


class Representative(index.Indexed, models.Model):
    """A business leader who sits in a body on behalf of the federation."""

    name = models.CharField("Nom et prénom", max_length=120)
    company = models.CharField("Entreprise", max_length=160, blank=True)
    position = models.CharField("Fonction dans l'entreprise", max_length=120, blank=True)
    department_code = models.CharField(
        "Département", max_length=2, choices=DEPARTMENT_CHOICES, blank=True
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_consent = models.BooleanField(
        "Accepte d'être publié",
        default=False,
        help_text="Sans ce consentement, la personne et ses mandats n'apparaissent ni sur le "
        "site ni dans les exports.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("company"),
        FieldPanel("position"),
        FieldPanel("department_code"),
        FieldPanel("photo"),
        FieldPanel("public_consent"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("company"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "mandataire"
        verbose_name_plural = "mandataires"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "company"],
                name="influence_representative_unique_name_company",
                violation_error_message="Un mandataire de ce nom existe déjà dans cette "
                "entreprise.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.company})" if self.company else self.name


class MandateQuerySet(models.QuerySet):
    def public(self):
        """Mandates whose holder agreed to be shown: the only ones any public view may use."""
        return self.filter(representative__public_consent=True)

    def active_at(self, day):
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overlapping(self, representative_id, body_id, start, end):
        """Mandates of the same person in the same body whose period meets [start, end]."""
        queryset = self.filter(representative_id=representative_id, body_id=body_id).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
        return queryset if end is None else queryset.filter(start_date__lte=end)


class Mandate(models.Model):
    """One seat held by one representative in one body over a period."""

    representative = models.ForeignKey(
        Representative,
        verbose_name="Mandataire",
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    body = models.ForeignKey(
        Body, verbose_name="Instance", on_delete=models.CASCADE, related_name="mandates"
    )
    role = models.CharField("Rôle", max_length=20, choices=MandateRole.choices)
    start_date = models.DateField("Début du mandat")
    end_date = models.DateField(
        "Fin du mandat", null=True, blank=True, help_text="Laissez vide si le mandat est en cours."
    )
    themes = models.ManyToManyField(
        "positions.Theme", verbose_name="Thèmes suivis", blank=True, related_name="mandates"
    )
    training_completed_on = models.DateField(
        "Formation de mandataire suivie le", null=True, blank=True
    )

    objects = MandateQuerySet.as_manager()

    panels = [
        FieldPanel("representative"),
        FieldPanel("body"),
        FieldPanel("role"),
        MultiFieldPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="Période"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("training_completed_on"),
    ]

    class Meta:
        ordering = ["body__name", "representative__name", "start_date"]
        verbose_name = "mandat"
        verbose_name_plural = "mandats"

    def __str__(self):
        return f"{self.representative} – {self.body} ({self.get_role_display()})"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin du mandat ne peut pas précéder son début."})
        if self.representative_id and self.body_id and self.start_date:
            clash = Mandate.objects.overlapping(
                self.representative_id, self.body_id, self.start_date, self.end_date
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    "Mandat en double : ce mandataire a déjà un mandat dans cette instance sur "
                    "une période qui chevauche celle-ci."
                )


def reference_date(year, today):
    """The day a report's figures describe: the last day of a past year, today for this year.

    A report for a year not yet started describes its first day, so planned mandates show.
    """
    if year < today.year:
        return datetime.date(year, 12, 31)
    if year == today.year:
        return today
    return datetime.date(year, 1, 1)


class InfluenceReportPage(RoutablePageMixin, Page):
    """The yearly influence report: figures, charts, map and mandates table, all from the data."""

    year = models.PositiveSmallIntegerField(
        "Année",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "Un rapport d'influence existe déjà pour cette année."},
        help_text="Les chiffres décrivent la situation au 31 décembre, ou à ce jour pour "
        "l'année en cours.",
    )
    introduction = RichTextField(
        "Introduction", blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("year"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "rapport d'influence"
        verbose_name_plural = "rapports d'influence"

    def get_reference_date(self):
        return reference_date(self.year, timezone.localdate())

    def published_mandates(self):
        """Consenting representatives' mandates active at the report's date."""
        return Mandate.objects.public().active_at(self.get_reference_date())

    # The views import this module, so they are imported when a route is served.
    @path("")
    def report(self, request):
        from .views import report

        return report(self, request)

    @path("donnees/csv/", name="export_csv")
    def export_csv(self, request):
        from .views import export_csv

        return export_csv(self, request)

    @path("donnees/json/", name="export_json")
    def export_json(self, request):
        from .views import export_json

        return export_json(self, request)

    @path("donnees/schema/", name="export_schema")
    def export_schema(self, request):
        from .views import export_schema

        return export_schema(self, request)
