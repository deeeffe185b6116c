from django import forms

from members.models import Category, Membership

from .models import (
    COUNTRY_CRITERIA,
    RESOURCE_CRITERIA,
    IntroductionKind,
    Presence,
    Rating,
    Resource,
)

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class PresenceForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label="Secteurs",
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Presence
        fields = [
            "country",
            "city",
            "kind",
            "since",
            "sectors",
            "can_host",
            "hosting_terms",
            "contact",
            "contact_opt_in",
        ]
        widgets = {"hosting_terms": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "country": {"required": "Choisissez le pays.", "invalid_choice": "Pays inconnu."},
            "kind": {"required": "Choisissez la forme de présence."},
            "since": {
                "required": "Indiquez l'année depuis laquelle vous y êtes présents.",
                "invalid": "Indiquez une année, par exemple 2019.",
            },
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisation's own people can be named as its contact.
        self.fields["contact"].queryset = Membership.objects.filter(
            organisation=organisation, suspended=False
        ).order_by("full_name")
        self.fields["contact"].error_messages["invalid_choice"] = (
            "Choisissez une personne de votre organisation."
        )

    def clean(self):
        data = super().clean()
        if data.get("can_host") and not data.get("hosting_terms", "").strip():
            self.add_error(
                "hosting_terms", "Précisez ce que vous proposez et à quelles conditions."
            )
        if data.get("contact_opt_in") and not data.get("contact"):
            self.add_error("contact", "Choisissez la personne qui accepte d'être sollicitée.")
        return data


def rating_form_class(criteria: dict):
    """A rating form asking each criterion (1 to 5) and a text."""
    score_fields = {
        name: forms.TypedChoiceField(
            label=label,
            choices=SCORE_CHOICES,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "score-choice"}),
            error_messages={
                "required": f"Donnez une note de 1 à 5 pour « {label} ».",
                "invalid_choice": f"La note « {label} » va de 1 à 5.",
            },
        )
        for name, label in criteria.items()
    }

    class Meta:
        model = Rating
        fields = [*criteria, "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Votre avis"}
        help_texts = {
            "text": "Publié avec le nom de votre organisation et la date, selon les règles "
            "des avis."
        }
        error_messages = {"text": {"required": "Écrivez quelques mots pour expliquer vos notes."}}

    return type("RatingForm", (forms.ModelForm,), {**score_fields, "Meta": Meta})


CountryRatingForm = rating_form_class(COUNTRY_CRITERIA)
ResourceRatingForm = rating_form_class(RESOURCE_CRITERIA)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi signalez-vous cet avis ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Expliquez en une phrase ce qui pose problème."},
    )


class IntroductionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Vous souhaitez",
        choices=IntroductionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Dites si vous demandez un conseil ou un accueil."},
    )
    message = forms.CharField(
        label="Votre message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Présentez votre entreprise et votre projet dans ce pays. Votre adresse "
        "n'est transmise que si la personne accepte.",
        error_messages={"required": "Présentez votre demande en quelques lignes."},
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label="Décision",
        choices=[("publier", "Publier l'avis"), ("refuser", "Refuser ou masquer l'avis")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Motif (envoyé à l'auteur en cas de refus)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "refuser" and not data.get("reason", "").strip():
            self.add_error("reason", "Un refus doit être motivé : le motif est envoyé à l'auteur.")
        return data


class ResourceRecommendationForm(forms.ModelForm):
    """A member recommends a provider or partner abroad; staff check it before publishing."""

    # Not named "website": the members' form template keeps that name for its honeypot.
    web_address = forms.URLField(
        label="Site web",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Indiquez une adresse web complète (https://…)."},
    )

    class Meta:
        model = Resource
        fields = ["name", "country", "city", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {"description": "Pourquoi la recommandez-vous ?"}
        error_messages = {
            "name": {"required": "Indiquez le nom de la ressource."},
            "country": {"required": "Choisissez le pays.", "invalid_choice": "Pays inconnu."},
            "category": {
                "required": "Choisissez la catégorie.",
                "invalid_choice": "Catégorie inconnue.",
            },
            "description": {"required": "Dites en quelques mots ce qu'elle propose."},
        }

    def save(self, commit=True):
        self.instance.website = self.cleaned_data["web_address"]
        return super().save(commit)
