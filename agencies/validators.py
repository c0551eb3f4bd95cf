"""Validators and canonical forms for Iranian identifiers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reform_portal.persian import normalize_persian_text, to_latin_digits


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
    # [0-9], not \d: \d also matches Devanagari and other digits the database's check refuses.
    if not re.fullmatch(r"09[0-9]{9}", normalize_mobile(value)):
        raise ValidationError(
            _("Enter a mobile number such as 09121234567 (+98 and 0098 are accepted)."),
            code="invalid_mobile",
        )


# --- landlines ---------------------------------------------------------------------------

#: The 31 provinces' area codes, without the leading 0 (e.g. 44 West Azarbaijan, 21 Tehran).
IRAN_AREA_CODES = frozenset({
    "11", "13", "17", "21", "23", "24", "25", "26", "28", "31", "34", "35", "38", "41", "44", "45",
    "51", "54", "56", "58", "61", "66", "71", "74", "76", "77", "81", "83", "84", "86", "87",
})  # fmt: skip
#: The stored form: 0, a two-digit area code, an eight-digit subscriber number. Subscriber
#: numbers never start with 0 (the trunk prefix) or 1 (short codes such as 110, 118).
LANDLINE_RE = r"^0[1-8][0-9][2-9][0-9]{7}$"
_PHONE_SEPARATORS = re.compile(r"[\s\-()./\u200c-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
# «044-33445566 داخلی 12», «… ext. 12», «… x12», «… #12»: a number followed by an extension.
_EXTENSION = re.compile(r"(.*?[0-9].*?)\s*(?:داخلی|ext\.?|x|#)\s*[:.]?\s*[0-9]{1,6}\s*", re.IGNORECASE)


def normalize_landline(value: str) -> str:
    """044-33445566, (044) 3344 5566, +98 44 33445566, 0098 44…, 98 44…, 0044 33445566 (a
    doubled trunk 0) and Persian or Arabic-Indic digits all become 04433445566.

    Whatever cannot be read is returned trimmed but otherwise as typed, so that
    validate_landline refuses it instead of an empty value being stored in its place.
    """
    text = str(value or "").strip()
    digits = _PHONE_SEPARATORS.sub("", to_latin_digits(text))
    if digits.startswith("+98"):
        digits = digits[3:]
    elif digits.startswith("0098"):
        digits = digits[4:]
    elif len(digits) == 12 and digits.startswith(("98", "00")):  # 98 44…, or 0044… (a doubled trunk 0)
        digits = digits[2:]
    if len(digits) == 10 and digits.isascii() and digits.isdigit() and digits[0] in "12345678":
        digits = "0" + digits
    return digits or text


def validate_landline(value: str) -> None:
    """An Iranian landline: a province's area code and an eight-digit number. A mobile
    number, a date, an extension or a number without its area code is refused."""
    number = normalize_landline(value)
    if re.fullmatch(r"09[0-9]{9}", normalize_mobile(value)):
        raise ValidationError(
            _("This is a mobile number; put it in the mobile field and give the office's landline here."),
            code="mobile_in_landline",
        )
    extension = _EXTENSION.fullmatch(to_latin_digits(str(value or "")))
    if extension and re.fullmatch(LANDLINE_RE, normalize_landline(extension.group(1))):
        raise ValidationError(
            _("Give the office's direct number without an extension (داخلی), such as 044-33445566."),
            code="landline_extension",
        )
    if not re.fullmatch(LANDLINE_RE, number) or number[1:3] not in IRAN_AREA_CODES:
        raise ValidationError(
            _("Enter an Iranian landline with its area code, such as 044-33445566 (+98 is accepted)."),
            code="invalid_landline",
        )


def format_landline(value: str) -> str:
    """04433445566 is shown as 044-33445566; anything else as stored."""
    if value and re.fullmatch(LANDLINE_RE, value):
        return f"{value[:3]}-{value[3:]}"
    return value or ""


# --- codes ---------------------------------------------------------------------------------

#: Letters a code may use besides Latin A–Z: the Persian alphabet, آ and the hamza forms.
PERSIAN_LETTERS = "ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_CODE_PART = f"[0-9A-Z{PERSIAN_LETTERS}]+"
_CODE_RE = re.compile(rf"{_CODE_PART}(?:[-_./]{_CODE_PART})*")
# Characters that change nothing a reader sees: zero-width space, ZWNJ, ZWJ, the LRM/RLM/ALM
# marks, word joiner, BOM, soft hyphen, tatweel and Arabic diacritics. Bidi embeddings,
# overrides and isolates do reorder what is seen and are refused, not dropped.
_CODE_INVISIBLE = re.compile(r"[\u200b-\u200f\u061c\u2060\ufeff\u00ad\u0640\u064b-\u065f\u0670]")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def normalize_code(value: str) -> str:
    """The one stored form of a code: NFKC (fullwidth and presentation forms folded), Latin
    digits, Persian letters (Arabic ي ك become ی ک), invisible characters dropped, trimmed,
    Latin letters upper-case. «كرمان-۱», «کرمان‌-1» and «کرمان-١» are all «کرمان-1»; «agr-101» is «AGR-101».
    """
    text = str(value or "")
    for _round in range(5):  # dropping a character can bring marks together that NFKC then reorders
        folded = unicodedata.normalize("NFKC", text)
        folded = _CODE_INVISIBLE.sub("", normalize_persian_text(to_latin_digits(folded)))
        folded = folded.strip().translate(_ASCII_UPPER)
        if folded == text:
            break
        text = folded
    return text


def validate_code(value: str) -> None:
    """Letters (Persian or Latin) and digits, in runs joined by single - _ . or /: AGR-101,
    ۱۲/۳۴ or خدمت_الف. Spaces, «../», markup, emoji and control characters are refused."""
    if not _CODE_RE.fullmatch(normalize_code(value)):
        raise ValidationError(
            _("Use only Persian or Latin letters and digits, joined by single - _ . or /, such as AGR-101."),
            code="invalid_code",
        )
