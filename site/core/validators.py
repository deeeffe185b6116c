"""Validators shared by every app that stores French contact details."""

from django.core.validators import RegexValidator

french_phone_validator = RegexValidator(
    r"^\+?[0-9 .]{10,20}$",
    "Saisissez un numéro de téléphone valide, par exemple 05 61 00 00 00.",
)
