"""The Pacte Occitan platform: member organisations and their people.

An organisation (a member SME or a partner large account) is usable only once staff have
validated it in the admin; until then its people see a waiting page. Suspending an
organisation closes it to all its people at their next request; suspending one person
deactivates their user, which Django's authentication then refuses on every session.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone

from core.departments import DEPARTMENT_CHOICES

from . import staff
from .validators import normalise_siren, parse_naf_codes, validate_naf_codes, validate_siren


class Department(models.Model):
    """One of the 13 departments, as a row so that needs and alerts can join on it."""

    code = models.CharField("Code", max_length=3, primary_key=True, choices=DEPARTMENT_CHOICES)
    name = models.CharField("Nom", max_length=60)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class Category(models.Model):
    """A purchasing category, broader than NAF codes, that buyers and suppliers both read."""

    slug = models.SlugField("Identifiant", unique=True)
    name = models.CharField("Nom", max_length=80, unique=True)

    class Meta:
        verbose_name = "catégorie"
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    SME = "pme", "PME adhérente"
    LARGE = "grand_compte", "Grand compte partenaire"


class SizeBand(models.TextChoices):
    MICRO = "1-9", "1 à 9 salariés"
    SMALL = "10-49", "10 à 49 salariés"
    MEDIUM = "50-249", "50 à 249 salariés"
    MIDCAP = "250-4999", "250 à 4 999 salariés"
    LARGE = "5000+", "5 000 salariés et plus"


class OrganisationStatus(models.TextChoices):
    PENDING = "en_attente", "En attente de validation"
    VALIDATED = "validee", "Validée"
    SUSPENDED = "suspendue", "Suspendue"


class OrganisationQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status=OrganisationStatus.VALIDATED)


def logo_path(instance, filename):
    return f"members/logos/{secrets.token_hex(8)}/{filename[-80:]}"


class Organisation(models.Model):
    name = models.CharField("Raison sociale", max_length=160)
    kind = models.CharField("Type", max_length=20, choices=OrganisationKind.choices)
    siren = models.CharField(
        "SIREN",
        max_length=9,
        unique=True,
        validators=[validate_siren],
        help_text="9 chiffres, vérifiés par leur clé de contrôle.",
    )
    naf_codes = models.CharField(
        "Codes NAF",
        max_length=120,
        blank=True,
        validators=[validate_naf_codes],
        help_text="Séparés par des virgules, par exemple 62.01Z, 71.12B.",
    )
    categories = models.ManyToManyField(
        Category, verbose_name="Catégories d'activité", blank=True, related_name="organisations"
    )
    department = models.CharField("Département", max_length=3, choices=DEPARTMENT_CHOICES)
    size_band = models.CharField("Effectif", max_length=10, choices=SizeBand.choices)
    description = models.TextField("Présentation", max_length=3000, blank=True)
    references = models.TextField(
        "Références",
        max_length=3000,
        blank=True,
        help_text="Clients, réalisations, certifications : une par ligne.",
    )
    logo = models.ImageField("Logo", upload_to=logo_path, blank=True)
    in_directory = models.BooleanField(
        "Figurer dans l'annuaire des fournisseurs",
        default=False,
        help_text="Les acheteurs validés pourront trouver l'organisation dans l'annuaire.",
    )
    status = models.CharField(
        "Statut",
        max_length=12,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
        db_index=True,
    )
    status_note = models.TextField(
        "Note interne",
        blank=True,
        help_text="Vérification de l'adhésion ou du partenariat, motif d'une suspension.",
    )
    created_at = models.DateTimeField("Créée le", default=timezone.now)
    validated_at = models.DateTimeField("Validée le", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "status"])]
        permissions = staff.PERMISSIONS

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.status == OrganisationStatus.VALIDATED and self.validated_at is None:
            self.validated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        self.siren = normalise_siren(self.siren)
        self.naf_codes = ", ".join(parse_naf_codes(self.naf_codes))

    @property
    def is_validated(self):
        return self.status == OrganisationStatus.VALIDATED

    @property
    def is_large_account(self):
        return self.kind == OrganisationKind.LARGE

    @property
    def naf_list(self):
        return [code for code in self.naf_codes.split(", ") if code]


class Membership(models.Model):
    """A person's place in one organisation. Suspending it deactivates the user at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name="Utilisateur",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="Organisation",
    )
    full_name = models.CharField("Nom et prénom", max_length=120)
    job_title = models.CharField("Fonction", max_length=120, blank=True)
    is_admin = models.BooleanField(
        "Administrateur de l'organisation",
        default=False,
        help_text="Peut inviter des collègues et modifier la fiche de l'organisation.",
    )
    suspended = models.BooleanField(
        "Suspendu",
        default=False,
        help_text="Coupe l'accès de cette personne immédiatement, sessions ouvertes comprises.",
    )
    joined_at = models.DateTimeField("Arrivée le", default=timezone.now)

    class Meta:
        verbose_name = "membre"
        ordering = ["organisation__name", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.organisation})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # An inactive user is refused by every authentication backend on every request,
        # so an open session ends with the next click.
        active = not self.suspended
        if self.user.is_active != active:
            self.user.is_active = active
            self.user.save(update_fields=["is_active"])


class Invitation(models.Model):
    """A colleague invited by an organisation's admin; the token travels by e-mail. It is
    usable only while it is pending (`organisations.with_state`): not accepted, revoked or
    expired, and its sender still an active admin of the organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="Organisation",
    )
    email = models.EmailField("Adresse e-mail", max_length=254)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="Envoyée par",
    )
    created_at = models.DateTimeField("Envoyée le", default=timezone.now)
    accepted_at = models.DateTimeField("Acceptée le", null=True, blank=True)
    revoked_at = models.DateTimeField("Annulée le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Annulée par",
    )

    class Meta:
        verbose_name = "invitation d'un collègue"
        verbose_name_plural = "invitations de collègues"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="members_one_invitation_per_address"
            )
        ]

    def __str__(self):
        return self.email


def private_storage():
    """Needs' and responses' attachments: a storage outside the public media (see settings)."""
    from django.core.files.storage import storages

    return storages["members_private"]


def attachment_path(instance, filename):
    return f"{secrets.token_hex(16)}.pdf"


class Axis(models.TextChoices):
    PURCHASING = "achats", "Achats"
    INNOVATION = "innovation", "Innovation"
    SKILLS = "rh", "RH et compétences"


class BudgetBand(models.TextChoices):
    UNDER_25K = "lt25k", "Moins de 25 000 €"
    TO_100K = "25-100k", "25 000 à 100 000 €"
    TO_500K = "100-500k", "100 000 à 500 000 €"
    OVER_500K = "gt500k", "Plus de 500 000 €"


class Visibility(models.TextChoices):
    ALL = "toutes", "Toutes les organisations validées"
    SME_ONLY = "pme", "Les PME adhérentes seulement"


class NeedStatus(models.TextChoices):
    OPEN = "ouvert", "Ouvert aux réponses"
    CLOSED = "clos", "Clos sans suite"
    AWARDED = "attribue", "Attribué"


class SearchDocument(models.Func):
    """A need's title and description as one search document, stored in the row
    (`Need.search_document`, a generated column): on PostgreSQL the French text vector, which
    a GIN index serves and which no query has to compute again per row. Elsewhere it is empty:
    SQLite searches the fields with LIKE."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(models.Value(""))

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(SearchVector(*self.source_expressions, config="french"))


class Need(models.Model):
    """What an organisation wants to buy, develop or staff ("besoin")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="needs", verbose_name="Acheteur"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("Titre", max_length=160)
    description = models.TextField("Description", max_length=8000)
    axis = models.CharField("Axe", max_length=12, choices=Axis.choices, db_index=True)
    categories = models.ManyToManyField(Category, verbose_name="Catégories", related_name="needs")
    naf_codes = models.CharField(
        "Codes NAF recherchés", max_length=120, blank=True, validators=[validate_naf_codes]
    )
    departments = models.ManyToManyField(
        Department, verbose_name="Départements concernés", related_name="needs"
    )
    budget_band = models.CharField(
        "Budget indicatif", max_length=10, choices=BudgetBand.choices, blank=True
    )
    deadline = models.DateField("Date limite de réponse", db_index=True)
    visibility = models.CharField(
        "Visible par", max_length=8, choices=Visibility.choices, default=Visibility.ALL
    )
    status = models.CharField(
        "Statut",
        max_length=10,
        choices=NeedStatus.choices,
        default=NeedStatus.OPEN,
        db_index=True,
    )
    hidden = models.BooleanField(
        "Masqué par la modération",
        default=False,
        help_text="Un besoin masqué n'est plus visible que par son auteur.",
    )
    published_at = models.DateTimeField("Publié le", default=timezone.now, db_index=True)
    closed_at = models.DateTimeField("Clos le", null=True, blank=True)
    search_document = models.GeneratedField(
        expression=SearchDocument("title", "description"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "besoin"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "hidden", "deadline"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Here rather than in the buyer's view: staff also close needs in the admin, and a
        # closed need must leave no invitation to a joint response waiting for an answer.
        if self.status != NeedStatus.OPEN:
            PartnerInvitation.objects.filter(
                response__need=self, status=PartnerStatus.INVITED
            ).update(status=PartnerStatus.ENDED)

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.status == NeedStatus.OPEN and self.deadline >= today


class NeedAttachment(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField("Nom du fichier", max_length=160)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = "pièce jointe"

    def __str__(self):
        return self.name


class ResponseStatus(models.TextChoices):
    SUBMITTED = "envoyee", "Envoyée"
    SHORTLISTED = "retenue", "Présélectionnée"
    DECLINED = "declinee", "Non retenue"
    WON = "gagnee", "Gagnée"


class Response(models.Model):
    """An organisation positioning itself on a need. Seen by the buyer and the responder."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField("Message", max_length=5000)
    contact_name = models.CharField("Personne à contacter", max_length=120)
    contact_email = models.EmailField("E-mail de contact", max_length=254)
    contact_phone = models.CharField("Téléphone", max_length=30, blank=True)
    attachment = models.FileField(
        "Pièce jointe (PDF)",
        storage=private_storage,
        upload_to=attachment_path,
        max_length=200,
        blank=True,
    )
    attachment_name = models.CharField(max_length=160, blank=True)
    status = models.CharField(
        "Statut",
        max_length=10,
        choices=ResponseStatus.choices,
        default=ResponseStatus.SUBMITTED,
        db_index=True,
    )
    decision_reason = models.TextField("Motif communiqué", max_length=2000, blank=True)
    created_at = models.DateTimeField("Envoyée le", default=timezone.now)
    decided_at = models.DateTimeField("Décision le", null=True, blank=True)
    partners = models.ManyToManyField(
        Organisation,
        through="PartnerInvitation",
        blank=True,
        related_name="joint_responses",
        verbose_name="Partenaires de la réponse commune",
        help_text="PME invitées à répondre ensemble ; seules celles qui acceptent sont "
        "montrées à l'acheteur.",
    )
    # The commitment ledger: after a won deal, the SME says whether it was paid on time.
    paid_on_time = models.BooleanField("Payé dans les délais", null=True, blank=True)
    payment_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "réponse"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"], name="members_one_response_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.need}"


class PartnerStatus(models.TextChoices):
    INVITED = "invitee", "En attente de réponse"
    ACCEPTED = "acceptee", "Acceptée"
    DECLINED = "declinee", "Déclinée"
    WITHDRAWN = "retiree", "Retirée par l'entreprise qui répond"
    ENDED = "close", "Sans suite : le besoin est clos"
    REVOKED = "annulee", "Annulée par l'équipe de la CPME Occitanie"


# Invited or accepted: the partner reads the response (read-only) and counts as named.
ACTIVE_PARTNER_STATUSES = (PartnerStatus.INVITED, PartnerStatus.ACCEPTED)


class PartnerInvitation(models.Model):
    """A member SME invited to a joint response. The partners are asked: only those that
    accept are shown to the buyer; the responder sees every invitation with its status."""

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="partner_invitations",
        verbose_name="Réponse",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partner_invitations",
        verbose_name="Organisation invitée",
    )
    status = models.CharField(
        "Statut",
        max_length=10,
        choices=PartnerStatus.choices,
        default=PartnerStatus.INVITED,
        db_index=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField("Invitée le", default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("Réponse le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation à une réponse commune"
        verbose_name_plural = "invitations à des réponses communes"
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "organisation"], name="members_one_invitation_per_partner"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.response}"


class NeedReport(models.Model):
    """A member's report of an abusive or misleading need, for the moderation queue."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="reports", verbose_name="Besoin"
    )
    reporter = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="Signalé par"
    )
    reason = models.TextField("Motif", max_length=2000)
    created_at = models.DateTimeField("Signalé le", default=timezone.now)
    resolved = models.BooleanField("Traité", default=False)

    class Meta:
        verbose_name = "signalement"
        ordering = ["resolved", "-created_at"]

    def __str__(self):
        return f"{self.need} ({self.created_at:%d/%m/%Y})"


class Alert(models.Model):
    """What a person follows; the daily digest sends them the matching new needs."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="alert")
    active = models.BooleanField("Recevoir le résumé quotidien", default=True)
    axes = models.CharField(
        "Axes suivis",
        max_length=40,
        blank=True,
        help_text="Codes d'axes séparés par des virgules ; vide pour tous.",
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    departments = models.ManyToManyField(Department, blank=True, related_name="+")
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "alerte"

    def __str__(self):
        return str(self.membership)

    @property
    def axis_list(self):
        return [axis for axis in self.axes.split(",") if axis]


class BuyerRating(models.Model):
    """An SME's rating of the buyer once a need it answered is closed. Shown only as
    aggregates, from `MEMBERS_MIN_RATINGS` ratings on, so no SME can be singled out."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="rating")
    answered = models.BooleanField("L'acheteur a répondu")
    reason_given = models.BooleanField("Un motif a été donné en cas de refus", null=True)
    paid_on_time = models.BooleanField("Payé dans les délais", null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "évaluation d'acheteur"

    def __str__(self):
        return f"Évaluation {self.pk}"
