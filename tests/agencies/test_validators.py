import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agencies.validators import (
    format_landline,
    is_valid_national_code,
    normalize_code,
    normalize_landline,
    normalize_mobile,
    normalize_national_code,
    validate_code,
    validate_landline,
    validate_mobile,
    validate_national_code,
)

VALID_CODES = ["0499370899", "0790419904", "0013542419", "4608968882", "۰۴۹۹۳۷۰۸۹۹", "499370899"]
INVALID_CODES = ["0499370898", "1111111111", "0000000000", "12345", "abcdefghij", "04993708991", "", "۰۴۹۹۳۷۰۸۹۸"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_national_codes(code):
    assert is_valid_national_code(code)
    validate_national_code(code)


@pytest.mark.parametrize("code", INVALID_CODES)
def test_invalid_national_codes(code):
    assert not is_valid_national_code(code)
    with pytest.raises(ValidationError):
        validate_national_code(code)


def test_national_code_keeps_leading_zeros_and_latin_digits():
    assert normalize_national_code("۰۴۹۹۳۷۰۸۹۹") == "0499370899"
    assert normalize_national_code("499370899") == "0499370899"
    assert normalize_national_code("049-937-0899") == "0499370899"


@pytest.mark.parametrize(
    "typed",
    ["09141234567", "+989141234567", "00989141234567", "989141234567", "9141234567", "۰۹۱۴۱۲۳۴۵۶۷", "٠٩١٤١٢٣٤٥٦٧",
     "+98 914 123 4567", "0914-123-4567"],
)  # fmt: skip
def test_mobile_forms_share_one_canonical_form(typed):
    assert normalize_mobile(typed) == "09141234567"
    validate_mobile(typed)


@pytest.mark.parametrize("typed", ["0914123456", "08141234567", "+4915112345678", "091412345678", "abc", ""])
def test_invalid_mobiles(typed):
    with pytest.raises(ValidationError):
        validate_mobile(typed)


def test_a_mobile_in_other_digits_than_persian_arabic_or_latin_is_refused():
    """\\d matched Devanagari digits: the validator passed what the database's check refuses."""
    with pytest.raises(ValidationError):
        validate_mobile("09१२३४५६७८९")


# --- landlines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["04433445566", "044-33445566", "(044) 3344 5566", "+98 44 33445566", "+98 (0)44 3344 5566", "0098 44 33445566",
     "98 44 33445566", "004433445566", "4433445566", "۰۴۴۳۳۴۴۵۵۶۶", "۰۴۴-۳۳۴۴-۵۵۶۶", "٠٤٤٣٣٤٤٥٥٦٦",
     "\u200e044-33445566\u200e", " 044.3344.5566 "],
)  # fmt: skip
def test_landline_spellings_share_one_canonical_form(typed):
    assert normalize_landline(typed) == "04433445566"
    validate_landline(typed)
    assert format_landline(normalize_landline(typed)) == "044-33445566"


@pytest.mark.parametrize("typed", ["021-88776655", "011-32223344", "087-33112233", "+98 21 9100 0000"])
def test_landlines_of_other_provinces(typed):
    validate_landline(typed)
    assert normalize_landline(typed)[:3] in {"021", "011", "087"}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("2026-03-21", "invalid_landline"),  # a date
        ("1405/01/15", "invalid_landline"),
        ("0000000000", "invalid_landline"),  # all zeros
        ("00000000000", "invalid_landline"),
        ("044-00000000", "invalid_landline"),  # a subscriber number never starts with 0…
        ("044-13445566", "invalid_landline"),  # …or 1 (short codes)
        ("33445566", "invalid_landline"),  # no area code
        ("019-33445566", "invalid_landline"),  # not an area code
        ("044-3344556", "invalid_landline"),  # a digit short
        ("044-334455667", "invalid_landline"),
        ("+44 20 7946 0958", "invalid_landline"),  # not Iranian
        ("abc", "invalid_landline"),
        ("---", "invalid_landline"),  # nothing but separators is not an empty value
        ("\u200c", "invalid_landline"),
        ("09141234567", "mobile_in_landline"),
        ("+98 914 123 4567", "mobile_in_landline"),
        ("۰۹۱۴۱۲۳۴۵۶۷", "mobile_in_landline"),
        ("044-33445566 داخلی 12", "landline_extension"),
        ("044-33445566 ext. 12", "landline_extension"),
        ("044-33445566 x12", "landline_extension"),
    ],
)
def test_bad_landlines_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as refused:
        validate_landline(typed)
    assert refused.value.code == code


def test_a_mobile_in_the_landline_field_is_told_where_it_belongs():
    with translation.override("en"), pytest.raises(ValidationError, match="put it in the mobile field"):
        validate_landline("09141234567")


# --- codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("كرمان", "کرمان"),  # Arabic kaf and yeh
        ("کرمان", "کرمان"),
        ("كرمان\u200c", "کرمان"),  # a trailing ZWNJ
        ("agr-101", "AGR-101"),
        (" AGR-۱۰۱ ", "AGR-101"),
        ("AGR-١٠١", "AGR-101"),
        ("ＡＧＲ－１０１", "AGR-101"),  # fullwidth
        ("AGR\u200b-101", "AGR-101"),  # zero-width space
        ("\u200fAGR-101", "AGR-101"),  # RLM
        ("خدمت_الف", "خدمت_الف"),
        ("۱۲/۳۴", "12/34"),
        ("WEL.12", "WEL.12"),
        ("ﻙﺮﻣﺎﻥ", "کرمان"),  # Arabic presentation forms
    ],
)
def test_codes_have_one_canonical_form(typed, canonical):
    assert normalize_code(typed) == canonical
    validate_code(typed)


@pytest.mark.parametrize(
    "typed",
    ["\u200b", "\u200c", "\u200d", "\ufeff", "", "😀", "AGR😀", "<script>", "<script>alert(1)</script>", "../", "..",
     "a/../b", "/etc", "AGR-", "-AGR", "AGR--101", "AGR 101", "\u202eAGR-101", "AGR\x00", "AGR\n101", "C:\\x",
     "'; DROP TABLE x; --", "ß", "ǅ", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣Ω"],
)  # fmt: skip
def test_bad_codes_are_refused(typed):
    with pytest.raises(ValidationError) as refused:
        validate_code(typed)
    assert refused.value.code == "invalid_code"
