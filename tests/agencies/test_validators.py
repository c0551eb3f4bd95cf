import pytest
from django.core.exceptions import ValidationError

from agencies.validators import (
    is_valid_national_code,
    normalize_mobile,
    normalize_national_code,
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
