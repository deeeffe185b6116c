"""Where the federation holds seats (bodies), who holds them (representatives) and the report;
the media plan and its actions.

Only representatives who agreed to be public (``public_consent``) ever reach a public page or
an export: every public query starts from ``Mandate.objects.public()``. Likewise only the
statuses of ``visible_statuses()`` ever reach a public view of a media plan.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.departments import DEPARTMENT_CHOICES
from core.pages import SitePage
from core.routing import FileRoutesMixin

from .blocks import KeyMessagesBlock


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
    search_fields = [index.SearchField("name", boost=3), index.AutocompleteField("name")]

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
        # Ticking it puts a person's name in the public report and exports at once (snippets
        # have no moderation here): moderators only. Without the permission the field is not
        # in the form at all, so a crafted POST changes nothing.
        FieldPanel("public_consent", permission="influence.publish_representative"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("company"),
        index.AutocompleteField("name"),
        index.FilterField("public_consent"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "mandataire"
        verbose_name_plural = "mandataires"
        permissions = [
            ("publish_representative", "Peut publier un mandataire (consentement à la publication)")
        ]
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


class InfluenceReportPage(RoutablePageMixin, SitePage):
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

    page_description = (
        "Le bilan annuel des mandats et de la représentation de la CPME (une page par année), "
        "avec chiffres, carte et exports."
    )

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


class MediaChannel(models.TextChoices):
    PRINT = "presse-ecrite", "Presse écrite"
    RADIO = "radio", "Radio"
    TV = "tv", "Télévision"
    WEB = "web", "Web"
    SOCIAL = "reseaux-sociaux", "Réseaux sociaux"
    PODCAST = "podcast", "Podcast"
    EVENT = "evenement", "Événement"


class MediaStatus(models.TextChoices):
    PLANNED = "prevu", "Prévu"
    DONE = "realise", "Réalisé"
    CANCELLED = "annule", "Annulé"


def visible_statuses(*, internal, planned_public):
    """The statuses a view may show: everything to the team, done actions to the public, and
    planned ones only on a plan its editors made public. Cancelled actions are never public."""
    if internal:
        return [MediaStatus.PLANNED, MediaStatus.DONE, MediaStatus.CANCELLED]
    if planned_public:
        return [MediaStatus.PLANNED, MediaStatus.DONE]
    return [MediaStatus.DONE]


class MediaPlanPageForm(WagtailAdminPageForm):
    """Checks each action's date against the plan's period: the rule spans the page and its
    inline actions, so it lives in the form that holds both rather than in either model."""

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if not (start and end) or end < start:
            return cleaned_data
        message = (
            f"La date doit se situer dans la période du plan, du {start:%d/%m/%Y} au "
            f"{end:%d/%m/%Y}."
        )
        for form in self.formsets["media_actions"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day and not start <= day <= end:
                form.add_error("date", message)
        return cleaned_data


class MediaPlanPage(FileRoutesMixin, SitePage):
    """The media plan of a period: objectives, key messages and dated media actions.

    The public sees done actions (and planned ones if the editors tick
    ``public_planned_actions``); people with access to the admin see every action.
    """

    period_label = models.CharField(
        "Période", max_length=40, help_text="Par exemple « 2026 » ou « T1 2027 »."
    )
    start_date = models.DateField("Début de la période")
    end_date = models.DateField("Fin de la période")
    objectives = RichTextField(
        "Objectifs", blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    key_messages = StreamField(KeyMessagesBlock(), verbose_name="Messages clés", blank=True)
    public_planned_actions = models.BooleanField(
        "Publier les actions prévues",
        default=False,
        help_text="Sans cette case, le public ne voit que les actions réalisées. Les actions "
        "annulées ne sont jamais publiées. L'équipe connectée voit toujours tout.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("period_label"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading="Période",
        ),
        FieldPanel("objectives"),
        FieldPanel("key_messages"),
        FieldPanel("public_planned_actions"),
        InlinePanel("media_actions", heading="Actions média", label="action"),
    ]
    # Only the plan's own text: action topics may be unannounced, so they are never indexed.
    search_fields = [*Page.search_fields, index.SearchField("objectives")]
    base_form_class = MediaPlanPageForm

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    page_description = (
        "Le plan média d'une période (« 2026 », « T1 2027 »…) : messages clés et actions "
        "prévues ou réalisées."
    )

    class Meta:
        verbose_name = "plan média"
        verbose_name_plural = "plans média"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin de la période doit suivre son début."})

    def visible_actions(self, internal):
        """The actions a view may show, in date order, with what each one names in one query.

        Filtered in Python so a preview (unsaved actions held in memory) follows the same rule.
        """
        statuses = visible_statuses(internal=internal, planned_public=self.public_planned_actions)
        actions = self.media_actions.select_related(
            "linked_position", "linked_episode", "spokesperson"
        )
        return sorted(
            (action for action in actions if action.status in statuses),
            key=lambda action: (action.date, action.sort_order or 0),
        )

    @path("")
    def plan(self, request):
        from .views import media_plan

        return media_plan(self, request)

    @path("actions.ics/", name="actions_ical")
    def actions_ical(self, request):
        from .views import media_plan_ical

        return media_plan_ical(self, request)


class MediaAction(Orderable):
    """One dated appearance: an interview, an op-ed, a post, a stand… and what it promoted."""

    page = ParentalKey(MediaPlanPage, on_delete=models.CASCADE, related_name="media_actions")
    date = models.DateField("Date")
    channel = models.CharField("Canal", max_length=20, choices=MediaChannel.choices)
    outlet = models.CharField(
        "Média",
        max_length=160,
        help_text="Titre, station, site ou compte, par exemple « Le Journal des Garrigues ».",
    )
    topic = models.CharField("Sujet", max_length=255)
    linked_position = models.ForeignKey(
        "positions.PositionPage",
        verbose_name="Prise de position mise en avant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_episode = models.ForeignKey(
        "podcast.EpisodePage",
        verbose_name="Épisode mis en avant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Une prise de position ou un épisode, pas les deux : une action qui met en "
        "avant deux contenus se saisit en deux actions.",
    )
    spokesperson = models.ForeignKey(
        "positions.Spokesperson",
        verbose_name="Porte-parole",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "Statut", max_length=10, choices=MediaStatus.choices, default=MediaStatus.PLANNED
    )
    coverage_url = models.URLField(
        "Lien vers la retombée", blank=True, help_text="Une fois l'action réalisée."
    )
    audience = models.PositiveIntegerField(
        "Audience",
        null=True,
        blank=True,
        help_text="Lecteurs, auditeurs, vues ou participants, une fois l'action réalisée.",
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("channel"), FieldPanel("outlet")]),
        FieldPanel("topic"),
        FieldRowPanel([FieldPanel("linked_position"), FieldPanel("linked_episode")]),
        FieldPanel("spokesperson"),
        FieldRowPanel([FieldPanel("coverage_url"), FieldPanel("audience")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "action média"
        verbose_name_plural = "actions média"

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.outlet} : {self.topic}"

    @property
    def linked_page(self):
        return self.linked_position or self.linked_episode

    def clean(self):
        errors = {}
        if self.status != MediaStatus.DONE:
            if self.coverage_url:
                errors["coverage_url"] = (
                    "Le lien vers la retombée ne se renseigne qu'une fois l'action réalisée."
                )
            if self.audience is not None:
                errors["audience"] = "L'audience ne se renseigne qu'une fois l'action réalisée."
        if self.linked_position_id and self.linked_episode_id:
            errors["linked_episode"] = (
                "Choisissez une prise de position ou un épisode, pas les deux : saisissez une "
                "seconde action pour l'autre contenu."
            )
        if errors:
            raise ValidationError(errors)
