"""Checks on company identifiers: SIREN (INSEE) and NAF activity codes."""

import re

from django.core.exceptions import ValidationError

# La Poste's SIREN predates the Luhn rule: its checksum is on the digit sum modulo 5.
LA_POSTE_SIREN = "356000000"
NAF_PATTERN = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum INSEE uses for SIREN: every second digit from the right doubled."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siren(value: str) -> str:
    """People type SIRENs with spaces ("552 100 554"): keep the digits only."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siren(value: str) -> None:
    siren = normalise_siren(value)
    if not re.fullmatch(r"\d{9}", siren):
        raise ValidationError(
            "Le SIREN compte 9 chiffres (par exemple 552 100 554) : vérifiez le numéro saisi.",
            code="siren_format",
        )
    if siren == LA_POSTE_SIREN:
        return
    if not luhn_valid(siren):
        raise ValidationError(
            "Ce numéro SIREN n'existe pas : sa clé de contrôle est fausse. Recopiez-le depuis "
            "un extrait Kbis ou l'avis de situation INSEE.",
            code="siren_checksum",
        )


def parse_naf_codes(value: str) -> list[str]:
    """ "62.01z, 7112B" → ["62.01Z", "71.12B"]; raises ValidationError for anything else."""
    codes = []
    for raw in re.split(r"[,;\s]+", (value or "").strip()):
        if not raw:
            continue
        code = raw.upper()
        if re.fullmatch(r"\d{4}[A-Z]", code):
            code = f"{code[:2]}.{code[2:]}"
        if not NAF_PATTERN.match(code):
            raise ValidationError(
                "« %(code)s » n'est pas un code NAF : il s'écrit comme 62.01Z "
                "(deux chiffres, un point, deux chiffres, une lettre).",
                params={"code": raw[:20]},
                code="naf_format",
            )
        if code not in codes:
            codes.append(code)
    if len(codes) > 10:
        raise ValidationError("Indiquez au plus 10 codes NAF.", code="naf_count")
    return codes


def validate_naf_codes(value: str) -> None:
    parse_naf_codes(value)
