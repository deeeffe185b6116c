import pytest
from django.core.exceptions import ValidationError

from members.validators import luhn_valid, parse_naf_codes, validate_siren


@pytest.mark.parametrize("siren", ["552100554", "552 100 554", "732829320", "356000000"])
def test_valid_sirens_pass(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("552100555", "clé de contrôle"),
        ("12345", "9 chiffres"),
        ("55210055A", "9 chiffres"),
        ("", "9 chiffres"),
    ],
)
def test_invalid_sirens_are_refused_in_french(siren, message):
    with pytest.raises(ValidationError, match=message):
        validate_siren(siren)


def test_luhn_matches_the_insee_examples():
    assert luhn_valid("443061841")
    assert not luhn_valid("443061842")


def test_naf_codes_are_normalised():
    assert parse_naf_codes("62.01z, 7112B;62.01Z") == ["62.01Z", "71.12B"]


def test_a_bad_naf_code_is_named():
    with pytest.raises(ValidationError, match="« 6201 »"):
        parse_naf_codes("62.01Z 6201")
