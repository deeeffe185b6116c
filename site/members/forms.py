"""Members' forms: organisation, invitations. Every error message is French."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import (
    Alert,
    Axis,
    Category,
    Department,
    Need,
    Organisation,
    Response,
    ResponseStatus,
)
from .organisations import InvitationState, with_state
from .uploads import check_logo, check_pdf
from .validators import normalise_siren, parse_naf_codes


class HoneypotMixin(forms.Form):
    """Hidden from people by CSS and left empty by them; bots fill every field."""

    website = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def filled_by_a_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class OrganisationForm(forms.ModelForm):
    # Longer than the 9 stored digits: people type "552 100 554".
    siren = forms.CharField(
        label="SIREN",
        max_length=20,
        help_text="9 chiffres, vérifiés par leur clé de contrôle.",
        error_messages={
            "required": "Indiquez le SIREN de l'organisation.",
            "unique": "Une organisation avec ce SIREN est déjà inscrite : demandez à son "
            "administrateur de vous inviter.",
        },
    )
    categories = forms.ModelMultipleChoiceField(
        label="Catégories d'activité",
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "siren",
            "naf_codes",
            "categories",
            "department",
            "size_band",
            "description",
            "references",
            "logo",
            "in_directory",
        ]
        error_messages = {
            "name": {"required": "Indiquez la raison sociale."},
            "kind": {"required": "Choisissez le type d'organisation."},
            "department": {"required": "Choisissez le département du siège."},
            "size_band": {"required": "Choisissez la tranche d'effectif."},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "references": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_siren(self):
        return normalise_siren(self.cleaned_data["siren"])

    def clean_naf_codes(self):
        return ", ".join(parse_naf_codes(self.cleaned_data["naf_codes"]))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            check_logo(logo)
        return logo


class OrganisationCreateForm(HoneypotMixin, OrganisationForm):
    full_name = forms.CharField(
        label="Votre nom et prénom",
        max_length=120,
        error_messages={"required": "Indiquez votre nom et prénom."},
    )
    job_title = forms.CharField(label="Votre fonction", max_length=120, required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail du collègue",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse e-mail du collègue à inviter.",
            "invalid": "Cette adresse e-mail n'est pas valide.",
        },
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            with_state(self.organisation.invitations.filter(email=email))
            .filter(state=InvitationState.PENDING)
            .exists()
        ):
            raise ValidationError("Cette personne a déjà été invitée.")
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError("Cette personne fait déjà partie de l'organisation.")
        return email


class JoinForm(forms.Form):
    full_name = forms.CharField(
        label="Votre nom et prénom",
        max_length=120,
        error_messages={"required": "Indiquez votre nom et prénom."},
    )
    job_title = forms.CharField(label="Votre fonction", max_length=120, required=False)


class PdfField(forms.FileField):
    """An optional PDF checked from its bytes (see uploads.check_pdf)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "PDF uniquement, 10 Mo au plus.")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "content_type"):
            check_pdf(upload)
        return upload


class NeedForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label="Catégories",
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une catégorie."},
    )
    departments = forms.ModelMultipleChoiceField(
        label="Départements concernés",
        queryset=Department.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un département."},
    )
    attachment = PdfField(label="Cahier des charges ou document (PDF)")

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "axis",
            "categories",
            "naf_codes",
            "departments",
            "budget_band",
            "deadline",
            "visibility",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "title": {"required": "Donnez un titre au besoin."},
            "description": {"required": "Décrivez le besoin."},
            "axis": {"required": "Choisissez l'axe du besoin."},
            "deadline": {
                "required": "Indiquez la date limite de réponse.",
                "invalid": "Indiquez une date au format JJ/MM/AAAA.",
            },
        }

    def clean_naf_codes(self):
        return ", ".join(parse_naf_codes(self.cleaned_data["naf_codes"]))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError("La date limite de réponse ne peut pas être passée.")
        return deadline


class ResponseForm(forms.ModelForm):
    """A response; `partners` are not a model field here: naming one sends it an invitation
    (`consortium.set_partners`), the view limits the choices to the suggestions."""

    attachment = PdfField(label="Pièce jointe (PDF)")
    partners = forms.ModelMultipleChoiceField(
        label="Répondre avec d'autres PME (réponse commune)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Chacune est invitée par e-mail et accepte ou décline ; l'acheteur ne voit "
        "que celles qui ont accepté.",
        error_messages={
            "invalid_choice": "Cette entreprise ne fait pas partie des partenaires suggérés "
            "pour ce besoin : choisissez dans la liste."
        },
    )

    # Organisations that declined this response's invitation, or whose invitation staff
    # revoked: not asked again.
    declined_ids: frozenset = frozenset()
    revoked_ids: frozenset = frozenset()

    class Meta:
        model = Response
        fields = [
            "message",
            "contact_name",
            "contact_email",
            "contact_phone",
            "attachment",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "message": {"required": "Présentez votre proposition en quelques lignes."},
            "contact_name": {"required": "Indiquez la personne à contacter."},
            "contact_email": {
                "required": "Indiquez l'e-mail de contact.",
                "invalid": "Cette adresse e-mail n'est pas valide.",
            },
        }

    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        refused = [p.name for p in partners if p.pk in self.declined_ids]
        if refused:
            raise ValidationError(
                f"{', '.join(refused)} a déjà décliné votre invitation : "
                "elle ne peut pas être invitée à nouveau pour cette réponse."
            )
        revoked = [p.name for p in partners if p.pk in self.revoked_ids]
        if revoked:
            raise ValidationError(
                f"L'équipe de la CPME Occitanie a annulé l'invitation de {', '.join(revoked)} "
                ": elle ne peut pas être invitée à nouveau pour cette réponse."
            )
        return partners


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label="Décision",
        choices=[
            (ResponseStatus.SHORTLISTED, "Présélectionner"),
            (ResponseStatus.DECLINED, "Ne pas retenir"),
            (ResponseStatus.WON, "Attribuer le besoin à cette réponse"),
        ],
        error_messages={"invalid_choice": "Cette décision n'existe pas."},
    )
    reason = forms.CharField(
        label="Motif communiqué à l'entreprise",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi signalez-vous ce besoin ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Expliquez en une phrase ce qui pose problème."},
    )


class AlertForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(
        label="Axes suivis",
        choices=Axis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous les axes.",
    )
    categories = forms.ModelMultipleChoiceField(
        label="Catégories suivies",
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toutes.",
    )
    departments = forms.ModelMultipleChoiceField(
        label="Départements suivis",
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : toute l'Occitanie.",
    )

    class Meta:
        model = Alert
        fields = ["active", "axes", "categories", "departments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["axes"] = self.instance.axis_list

    def clean_axes(self):
        return ",".join(self.cleaned_data["axes"])


YES_NO = [("oui", "Oui"), ("non", "Non")]


class RatingForm(forms.Form):
    answered = forms.ChoiceField(
        label="L'acheteur a-t-il répondu à votre proposition ?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Répondez à cette question."},
    )
    reason_given = forms.ChoiceField(
        label="Si vous n'avez pas été retenu, un motif vous a-t-il été donné ?",
        choices=[*YES_NO, ("", "Sans objet")],
        required=False,
        widget=forms.RadioSelect,
    )
    paid_on_time = forms.ChoiceField(
        label="Si vous avez gagné, avez-vous été payé dans les délais ?",
        choices=[*YES_NO, ("", "Sans objet")],
        required=False,
        widget=forms.RadioSelect,
    )

    def values(self):
        def boolean(value):
            return None if value == "" else value == "oui"

        return {name: boolean(self.cleaned_data[name]) for name in self.fields}
