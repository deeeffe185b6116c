from django import forms

from core.departments import DEPARTMENT_CHOICES


class DepartmentForm(forms.Form):
    """« Votre département » (GET): which antenna's contact the page shows."""

    departement = forms.ChoiceField(
        label="Votre département",
        choices=[("", "Choisissez…"), *DEPARTMENT_CHOICES],
        error_messages={"invalid_choice": "Choisissez un des 13 départements d'Occitanie."},
    )


class MembershipContactForm(forms.Form):
    """A message to the antenna of the sender's department. Nothing of it is kept: it goes
    out by e-mail (see antennas.membership)."""

    name = forms.CharField(
        label="Nom et prénom",
        max_length=120,
        error_messages={"required": "Indiquez votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    company = forms.CharField(
        label="Entreprise",
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse à laquelle l'antenne vous répondra.",
            "invalid": "Cette adresse e-mail n'est pas valide (exemple : nom@entreprise.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Téléphone (facultatif)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    department = forms.ChoiceField(
        label="Département de l'entreprise",
        choices=[("", "Choisissez…"), *DEPARTMENT_CHOICES],
        error_messages={
            "required": "Choisissez le département de votre entreprise.",
            "invalid_choice": "Choisissez un des 13 départements d'Occitanie.",
        },
    )
    message = forms.CharField(
        label="Votre message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Écrivez quelques mots sur votre entreprise ou votre question.",
            "max_length": "Votre message dépasse 2 000 caractères : raccourcissez-le.",
        },
    )
    # Honeypot: hidden from people by CSS, left empty by them; bots fill every field.
    website = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def full_clean(self):
        """Each field in error names its message for screen readers (aria-describedby)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-erreur"

    def filled_by_a_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())
