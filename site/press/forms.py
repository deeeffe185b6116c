"""The public forms of press alerts: sign up, and choose themes."""

from django import forms

from positions.models import Theme


class ThemeChoiceForm(forms.Form):
    """Every theme, or some: an empty choice of "some" would mean no alert at all."""

    scope = forms.ChoiceField(
        label="Recevoir les alertes",
        choices=[("all", "Sur tous les thèmes"), ("some", "Seulement sur les thèmes cochés")],
        widget=forms.RadioSelect,
        initial="all",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("scope") == "some" and not cleaned_data.get("themes"):
            self.add_error(
                "themes", "Cochez au moins un thème, ou choisissez « Sur tous les thèmes »."
            )
        return cleaned_data

    def theme_ids(self) -> list[int] | None:
        """None for every theme (themes added later included), else the ids chosen."""
        if self.cleaned_data["scope"] == "all":
            return None
        return [theme.pk for theme in self.cleaned_data["themes"]]


class SubscribeForm(ThemeChoiceForm):
    email = forms.EmailField(
        label="Votre adresse e-mail",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse e-mail où recevoir les alertes.",
            "invalid": "Cette adresse e-mail n'est pas valide : vérifiez-la "
            "(par exemple prenom.nom@journal.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label="J'accepte de recevoir un e-mail à chaque publication sur ces thèmes. Je pourrai "
        "me désabonner à tout moment.",
        error_messages={"required": "Cochez cette case pour recevoir les alertes."},
    )
    # Honeypot: hidden from people by CSS, left empty by them; bots fill every field.
    website = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "scope", "themes", "consent", "website"]

    def filled_by_a_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())
