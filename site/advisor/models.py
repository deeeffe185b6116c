"""The Export Advisor: where member organisations already are abroad (presences), who they
recommend there (resources), what they think of both (ratings), and introductions between
members, all on the organisations and accounts of the members' space (`members`).

Ratings are opinions about companies, so they follow rules published on the site
(Code de la consommation, L111-7-2; see templates/advisor/rules.html): each is signed with
its organisation's name, dated, kept in its successive versions, hidden as soon as it is
reported until staff review it, and refused only with a reason sent to its author.
"""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from members.models import Category, Membership, Organisation

from .countries import COUNTRY_CHOICES, COUNTRY_NAMES


class PresenceKind(models.TextChoices):
    SUBSIDIARY = "filiale", "Filiale"
    OFFICE = "bureau", "Bureau ou représentation"
    AGENT = "agent", "Agent commercial"
    DISTRIBUTOR = "distributeur", "Distributeur"
    EXPORTS = "export", "Exportations régulières"


class Presence(models.Model):
    """An organisation operating in a country. The contact person's address is never shown:
    members reach them through an introduction request (advisor.introductions)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="presences",
        verbose_name="Organisation",
    )
    country = models.CharField("Pays", max_length=2, choices=COUNTRY_CHOICES, db_index=True)
    city = models.CharField("Ville", max_length=100, blank=True)
    kind = models.CharField("Forme de présence", max_length=14, choices=PresenceKind.choices)
    since = models.PositiveSmallIntegerField(
        "Depuis (année)",
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    sectors = models.ManyToManyField(
        Category, verbose_name="Secteurs", blank=True, related_name="presences"
    )
    can_host = models.BooleanField(
        "Peut accueillir un adhérent de passage",
        default=False,
        help_text="Un poste de travail, une salle de réunion…",
    )
    hosting_terms = models.TextField(
        "Conditions d'accueil",
        max_length=1000,
        blank=True,
        help_text="Ce qui est proposé, à quel prix, avec quel préavis.",
    )
    contact = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisor_contacts",
        verbose_name="Personne à solliciter",
    )
    contact_opt_in = models.BooleanField(
        "Cette personne accepte d'être sollicitée par d'autres adhérents",
        default=False,
        help_text="Si ce n'est pas vous, elle le confirme elle-même depuis le lien qu'elle "
        "reçoit par e-mail ; d'ici là, aucune demande ne lui parvient. Son adresse n'est "
        "jamais affichée : les demandes passent par le site.",
    )
    # The opt-in is the contact's own word, not a colleague's: set only when the contact
    # ticked it themselves or followed their confirmation link (advisor.introductions).
    contact_confirmed_at = models.DateTimeField(
        "Accord confirmé par la personne le", null=True, blank=True
    )
    created_at = models.DateTimeField("Déclarée le", default=timezone.now)
    updated_at = models.DateTimeField("Mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "présence à l'étranger"
        verbose_name_plural = "présences à l'étranger"
        ordering = ["country", "organisation__name", "pk"]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return f"{self.organisation} – {self.country_name}"

    @property
    def country_name(self):
        return COUNTRY_NAMES.get(self.country, self.country)

    @property
    def accepts_requests(self):
        return self.contact_id is not None and self.contact_opt_in and self.contact_confirmed

    @property
    def contact_confirmed(self):
        return self.contact_confirmed_at is not None

    @property
    def awaits_contact_confirmation(self):
        return self.contact_id is not None and self.contact_opt_in and not self.contact_confirmed


class ResourceCategory(models.TextChoices):
    CUSTOMS = "douane", "Transitaire, commissionnaire en douane"
    LAWYER = "avocat", "Avocat"
    ACCOUNTANT = "comptable", "Expert-comptable"
    DISTRIBUTOR = "distributeur", "Distributeur, importateur"
    TRADE_SHOW = "salon", "Salon professionnel"
    PUBLIC_OFFICE = "appui_public", "Bureau d'appui public"
    OTHER = "autre", "Autre prestataire"


class Resource(models.Model):
    """A provider or partner abroad that members recommend; rated by members."""

    name = models.CharField("Nom", max_length=160)
    country = models.CharField("Pays", max_length=2, choices=COUNTRY_CHOICES, db_index=True)
    city = models.CharField("Ville", max_length=100, blank=True)
    category = models.CharField("Catégorie", max_length=14, choices=ResourceCategory.choices)
    description = models.TextField("Description", max_length=3000)
    website = models.URLField("Site web", blank=True)
    recommended_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommended_resources",
        verbose_name="Recommandée par",
    )
    # A member's recommendation waits for staff (unpublished) before anyone sees or rates it.
    published = models.BooleanField(
        "Publiée",
        default=True,
        db_index=True,
        help_text="Décochée : une recommandation d'adhérent que l'équipe n'a pas encore "
        "vérifiée ; elle n'apparaît nulle part sur le site.",
    )
    created_at = models.DateTimeField("Ajoutée le", default=timezone.now)

    class Meta:
        verbose_name = "ressource à l'étranger"
        verbose_name_plural = "ressources à l'étranger"
        ordering = ["country", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def country_name(self):
        return COUNTRY_NAMES.get(self.country, self.country)


# What is rated: a country's experience, or a resource. Field name -> French label.
COUNTRY_CRITERIA = {
    "market_access": "Accès au marché",
    "administration": "Démarches administratives",
    "payment_delays": "Délais de paiement",
    "partner_reliability": "Fiabilité des partenaires",
}
RESOURCE_CRITERIA = {
    "quality": "Qualité du service",
    "responsiveness": "Réactivité",
    "value": "Rapport qualité-prix",
}
ALL_CRITERIA = {**COUNTRY_CRITERIA, **RESOURCE_CRITERIA}


class RatingStatus(models.TextChoices):
    PENDING = "en_attente", "En attente de modération"
    PUBLISHED = "publiee", "Publiée"
    REPORTED = "signalee", "Signalée, masquée jusqu'à examen"
    REFUSED = "refusee", "Refusée ou masquée par la modération"


def score_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Rating(models.Model):
    """One organisation's opinion of a country or a resource (one per organisation and item,
    edited in place; each saved version is kept in RatingVersion)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="advisor_ratings",
        verbose_name="Auteur",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Rédigé par",
    )
    country = models.CharField(
        "Pays noté", max_length=2, choices=COUNTRY_CHOICES, blank=True, db_index=True
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name="Ressource notée",
    )
    market_access = score_field(COUNTRY_CRITERIA["market_access"])
    administration = score_field(COUNTRY_CRITERIA["administration"])
    payment_delays = score_field(COUNTRY_CRITERIA["payment_delays"])
    partner_reliability = score_field(COUNTRY_CRITERIA["partner_reliability"])
    quality = score_field(RESOURCE_CRITERIA["quality"])
    responsiveness = score_field(RESOURCE_CRITERIA["responsiveness"])
    value = score_field(RESOURCE_CRITERIA["value"])
    text = models.TextField("Avis", max_length=3000)
    status = models.CharField(
        "Statut",
        max_length=12,
        choices=RatingStatus.choices,
        default=RatingStatus.PUBLISHED,
        db_index=True,
    )
    staff_reply = models.TextField(
        "Réponse de la ressource",
        max_length=2000,
        blank=True,
        help_text="Droit de réponse : le texte transmis par la ressource notée, publié sous "
        "l'avis par l'équipe.",
    )
    created_at = models.DateTimeField("Publié le", default=timezone.now)
    updated_at = models.DateTimeField("Modifié le", default=timezone.now)

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resource__isnull=True) & ~Q(country=""))
                | (Q(resource__isnull=False) & Q(country="")),
                name="advisor_rating_one_item",
            ),
            models.UniqueConstraint(
                fields=["organisation", "resource"],
                condition=Q(resource__isnull=False),
                name="advisor_one_rating_per_resource",
            ),
            models.UniqueConstraint(
                fields=["organisation", "country"],
                condition=Q(resource__isnull=True),
                name="advisor_one_rating_per_country",
            ),
        ]
        indexes = [models.Index(fields=["resource", "status"])]

    def __str__(self):
        return f"Avis de {self.organisation} sur {self.item_name}"

    @property
    def item_name(self):
        return self.resource.name if self.resource_id else COUNTRY_NAMES.get(self.country, "")

    @property
    def criteria(self):
        return RESOURCE_CRITERIA if self.resource_id else COUNTRY_CRITERIA

    def scores(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in self.criteria.items()]

    @admin.display(description="Modération")
    def moderation_link(self):
        return format_html(
            '<a class="button button-small" href="{}">Modérer</a>',
            reverse("advisor_moderate", args=[self.pk]),
        )

    def was_edited(self):
        return self.updated_at - self.created_at > timezone.timedelta(minutes=1)


class RatingVersion(models.Model):
    """A saved version of a rating: the history kept when its author edits it."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="versions")
    scores = models.JSONField("Notes")
    text = models.TextField("Avis")
    saved_at = models.DateTimeField("Enregistrée le", default=timezone.now)

    class Meta:
        verbose_name = "version d'un avis"
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.rating} ({self.saved_at:%d/%m/%Y %H:%M})"


class RatingReport(models.Model):
    """A member's report: the rating is hidden until staff have reviewed it."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="Signalé par"
    )
    reason = models.TextField("Motif", max_length=2000)
    created_at = models.DateTimeField("Signalé le", default=timezone.now)
    resolved = models.BooleanField("Traité", default=False)

    class Meta:
        verbose_name = "signalement d'avis"
        verbose_name_plural = "signalements d'avis"
        ordering = ["resolved", "created_at"]

    def __str__(self):
        return f"Signalement de {self.rating}"


class ModerationAction(models.TextChoices):
    PUBLISH = "publier", "Publier"
    REFUSE = "refuser", "Refuser ou masquer"


class ModerationDecision(models.Model):
    """The log of staff decisions on ratings, with the reason given to the author."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField("Décision", max_length=8, choices=ModerationAction.choices)
    reason = models.TextField("Motif", max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="Par",
    )
    decided_at = models.DateTimeField("Le", default=timezone.now)

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.rating}"


@register_setting(icon="globe")
class AdvisorSettings(BaseGenericSetting):
    premoderation = models.BooleanField(
        "Modérer les avis avant publication",
        default=False,
        help_text="Coché : aucun avis nouveau ou modifié n'est publié avant qu'un membre de "
        "l'équipe l'ait validé.",
    )

    class Meta:
        verbose_name = "Conseiller export"


class IntroductionKind(models.TextChoices):
    ADVICE = "conseil", "Un conseil sur le pays"
    HOSTING = "accueil", "Être accueilli (poste de travail, salle de réunion)"


class IntroductionStatus(models.TextChoices):
    SENT = "envoyee", "Envoyée"
    ACCEPTED = "acceptee", "Acceptée"
    DECLINED = "declinee", "Déclinée"


class IntroductionRequest(models.Model):
    """A member asking a present organisation's contact for advice or hosting. The two
    addresses are exchanged only when the contact accepts."""

    presence = models.ForeignKey(
        Presence, on_delete=models.CASCADE, related_name="introductions", verbose_name="Présence"
    )
    requester = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="Demandeur"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="Demandé par",
    )
    kind = models.CharField("Objet", max_length=8, choices=IntroductionKind.choices)
    message = models.TextField("Message", max_length=2000)
    status = models.CharField(
        "Statut",
        max_length=10,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.SENT,
    )
    created_at = models.DateTimeField("Envoyée le", default=timezone.now)
    answered_at = models.DateTimeField("Réponse le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de mise en relation"
        verbose_name_plural = "demandes de mise en relation"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.requester} → {self.presence}"
