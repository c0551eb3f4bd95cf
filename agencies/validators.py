"""Validators and canonical forms for Iranian identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reform_portal.persian import to_latin_digits


def normalize_national_code(value: str) -> str:
    """Latin digits, separators removed, 8 or 9 digits left-padded to 10."""
    digits = re.sub(r"[\s\-]", "", to_latin_digits(value or ""))
    if digits.isdigit() and 8 <= len(digits) < 10:
        digits = digits.zfill(10)
    return digits


def is_valid_national_code(value: str) -> bool:
    code = normalize_national_code(value)
    if len(code) != 10 or not code.isascii() or not code.isdigit() or len(set(code)) == 1:
        return False
    checksum = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check_digit = int(code[9])
    return check_digit == checksum if checksum < 2 else check_digit == 11 - checksum


def validate_national_code(value: str) -> None:
    if not is_valid_national_code(value):
        raise ValidationError(_("Enter a valid 10-digit national code."), code="invalid_national_code")


def normalize_mobile(value: str) -> str:
    """+98 912…, 0098912…, 98912…, 0912… and 912… all become 09121234567."""
    digits = re.sub(r"[\s\-()]", "", to_latin_digits(value or ""))
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    return digits


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"09\d{9}", normalize_mobile(value)):
        raise ValidationError(
            _("Enter a mobile number such as 09121234567 (+98 and 0098 are accepted)."),
            code="invalid_mobile",
        )
