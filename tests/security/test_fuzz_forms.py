"""Bad input: random text, huge strings, every digit set, control characters and malformed
dates typed into the forms. Never a server error, always a clear message, nothing half-saved.

The harness (`nasty_text`, `assert_form_survives`, `assert_post_survives`) is meant to be
applied to every form: add the form (or page) to the lists below. Examples are bounded
(max_examples ~50, no deadline) so the suite stays fast.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import LiaisonDeputy
from agencies.validators import (
    LANDLINE_RE,
    normalize_code,
    normalize_landline,
    normalize_mobile,
    normalize_national_code,
    validate_code,
    validate_landline,
    validate_mobile,
    validate_national_code,
)
from reform_portal import persian
from reform_portal.forms import DigitsIntegerField, JalaliDateField
from tests import factories

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.large_base_example],
)

DIGIT_SETS = (
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９"  # Latin, Persian, Arabic, Devanagari, fullwidth
)
SEPARATORS = "/-.٫٬,+ \u200c\u200f\u202e"
EDGE_CASES = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\u200c\u200c",
    "\u202e1405/01/15",  # right-to-left override
    "1405/13/01",
    "1404/12/30",  # not a leap year
    "1403/12/30",
    "0000/00/00",
    "-1/-1/-1",
    "99999999/1/1",
    "2026-03-21",  # Gregorian
    "2026/03/21",
    "1299/12/29",
    "1501/01/01",
    "0000000000",
    "044-33445566",
    "+98 44 33445566",
    "09141234567",
    "../",
    "\u200b",
    "😀",
    "1/1/99999999999999999999",
    "۱۴۰۵/۰۱/۱۵",
    "١٤٠٥/٠١/١٥",
    "1405-1-1",
    "1e309",
    "NaN",
    "-0",
    "∞",
    "٫٫٫",
    "'; DROP TABLE agencies_agency; --",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "%s%s%s%n",
    "9" * 5000,
    "۹" * 5000,
]


def nasty_text(max_size=200):
    """Anything a browser (or an attacker) can send in a form field."""
    return st.one_of(
        st.sampled_from(EDGE_CASES),
        st.text(max_size=max_size),
        st.text(alphabet=DIGIT_SETS + SEPARATORS, max_size=40),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn"]), max_size=40),
        st.builds(
            lambda year, month, day, sep: f"{year}{sep}{month}{sep}{day}",
            st.integers(-(10**12), 10**12),
            st.integers(-100, 100),
            st.integers(-100, 100),
            st.sampled_from(["/", "-", ".", "／", "", " ", "//"]),
        ),
        st.integers(min_value=1, max_value=200_000).map(lambda n: "ب" * n),
    )


def assert_form_survives(form_class, data, **form_kwargs):
    """The form validates without crashing; when invalid every error is a readable message."""
    form = form_class(data=data, **form_kwargs)
    valid = form.is_valid()  # must not raise
    if not valid:
        assert form.errors
        for messages in form.errors.values():
            assert messages and all(isinstance(message, str) and message.strip() for message in messages)
            assert not any("Traceback" in message or "Exception" in message for message in messages)
    return form


def assert_post_survives(client, url, data):
    """A POST of the data answers without a server error and with a readable page."""
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    return response


# --- the Persian form fields -------------------------------------------------------------


class DatesAndNumbers(forms.Form):
    day = JalaliDateField()
    optional_day = JalaliDateField(required=False)
    count = DigitsIntegerField(min_value=0, max_value=100)
    big = DigitsIntegerField(required=False)


@FUZZ
@given(day=nasty_text(), optional_day=nasty_text(), count=nasty_text(), big=nasty_text())
def test_jalali_date_and_digit_fields_never_crash(day, optional_day, count, big):
    form = assert_form_survives(DatesAndNumbers, {"day": day, "optional_day": optional_day, "count": count, "big": big})
    if form.is_valid():
        assert isinstance(form.cleaned_data["day"], datetime.date)
        assert 0 <= form.cleaned_data["count"] <= 100
        for name in ("day", "optional_day"):  # whatever is accepted lies in the accepted Jalali years
            if form.cleaned_data[name] is not None:
                year = persian.to_jalali(form.cleaned_data[name]).year
                assert persian.JALALI_YEAR_MIN <= year <= persian.JALALI_YEAR_MAX


@FUZZ
@given(
    year=st.integers(1000, 9999),
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    digits=st.sampled_from(["latin", "persian", "arabic"]),
    sep=st.sampled_from(["/", "-"]),
)
def test_every_real_jalali_day_is_read_in_every_digit_set(year, month, day, digits, sep):
    import jdatetime

    try:
        expected = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError):
        expected = None
    if not persian.JALALI_YEAR_MIN <= year <= persian.JALALI_YEAR_MAX:
        expected = None  # a Gregorian-looking or absurd year is refused, never stored (2026 → 2647)
    text = f"{year}{sep}{month:02d}{sep}{day:02d}"
    table = {"latin": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}[digits]
    text = text.translate(str.maketrans("0123456789", table))
    form = assert_form_survives(DatesAndNumbers, {"day": text, "count": "1"})
    if expected is None:
        assert "day" in form.errors
    else:
        assert form.cleaned_data["day"] == expected


@FUZZ
@given(number=st.integers(-(10**6), 10**6), digits=st.sampled_from(["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"]))
def test_digits_integer_field_reads_every_digit_set(number, digits):
    text = str(number).translate(str.maketrans("0123456789", digits))
    form = assert_form_survives(DatesAndNumbers, {"day": "1405/01/01", "count": "5", "big": text})
    assert form.cleaned_data["big"] == number


# --- the liaison deputy's identifiers ----------------------------------------------------


@FUZZ
@given(value=nasty_text())
def test_identifier_validators_refuse_with_a_message_and_never_crash(value):
    pairs = (
        (normalize_national_code, validate_national_code),
        (normalize_mobile, validate_mobile),
        (normalize_landline, validate_landline),
    )
    for normalize, validate in pairs:
        normalized = normalize(value)
        assert isinstance(normalized, str)
        try:
            validate(value)
        except ValidationError as error:
            assert error.messages and all(message.strip() for message in error.messages)
        else:
            assert normalized.isascii() and normalized.isdigit()


@FUZZ
@given(value=nasty_text())
def test_code_validator_refuses_with_a_message_or_gives_one_canonical_code(value):
    code = normalize_code(value)
    assert normalize_code(code) == code  # canonical: normalising again changes nothing
    try:
        validate_code(value)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert code and code == code.strip() and ".." not in code and "<" not in code
        assert all(char.isalnum() or char in "-_./" for char in code)


@FUZZ
@given(
    full_name=nasty_text(),
    position=nasty_text(),
    national_code=nasty_text(),
    mobile=nasty_text(),
    email=nasty_text(),
    office_phone=nasty_text(),
)
@pytest.mark.django_db
def test_liaison_deputy_model_validation_refuses_cleanly_and_saves_nothing_half(
    full_name, position, national_code, mobile, email, office_phone
):
    agency = factories.AgencyFactory()
    before = LiaisonDeputy.objects.count()
    deputy = LiaisonDeputy(
        agency=agency,
        full_name=full_name,
        position=position,
        national_code=national_code,
        mobile=mobile,
        email=email,
        office_phone=office_phone,
    )
    try:
        deputy.full_clean()
    except ValidationError as error:
        assert error.message_dict and all(all(m.strip() for m in ms) for ms in error.message_dict.values())
        assert LiaisonDeputy.objects.count() == before
    else:
        deputy.save()  # what passed validation must be storable (no NUL, no overlong text)
        deputy.refresh_from_db()
        assert len(deputy.national_code) == 10 and deputy.mobile.startswith("09")
        assert deputy.office_phone == "" or re.fullmatch(LANDLINE_RE, deputy.office_phone)


@FUZZ
@given(
    full_name=nasty_text(),
    position=nasty_text(),
    national_code=nasty_text(),
    mobile=nasty_text(),
    email=nasty_text(),
    office_phone=nasty_text(),
)
def test_deputy_form_never_crashes(full_name, position, national_code, mobile, email, office_phone):
    deputy_form = pytest.importorskip("agencies.forms").DeputyForm
    data = {
        "full_name": full_name,
        "position": position,
        "national_code": national_code,
        "mobile": mobile,
        "email": email,
        "office_phone": office_phone,
    }
    form = assert_form_survives(deputy_form, data)
    if form.is_valid():
        assert "\x00" not in "".join(str(value) for value in form.cleaned_data.values())


# --- the service catalogue form --------------------------------------------------------------


@FUZZ
@given(code=nasty_text(), name_fa=nasty_text(), opened=nasty_text())
@pytest.mark.django_db
def test_service_form_never_crashes_and_accepts_only_canonical_codes(code, name_fa, opened):
    from service_channels.forms import ServiceForm

    agency = factories.AgencyFactory()
    data = {"code": code, "name_fa": name_fa, "offered_online": "on", "opened_online": opened}
    form = assert_form_survives(ServiceForm, data, agency=agency)
    if form.is_valid():
        assert form.cleaned_data["code"] == normalize_code(code)
        validate_code(form.cleaned_data["code"])
        day = form.cleaned_data["opened_online"]
        assert day is None or persian.JALALI_YEAR_MIN <= persian.to_jalali(day).year <= persian.JALALI_YEAR_MAX


# --- pages: the login form ---------------------------------------------------------------


@FUZZ
@given(username=nasty_text(), password=nasty_text(), next_url=nasty_text(max_size=50))
@pytest.mark.django_db
def test_login_form_answers_every_input_without_an_error_or_a_session(client, username, password, next_url):
    response = assert_post_survives(
        client, reverse("login"), {"username": username, "password": password, "next": next_url}
    )
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()  # a message the user can see
    assert "_auth_user_id" not in client.session


@FUZZ
@given(next_url=nasty_text(max_size=80))
@pytest.mark.django_db
def test_login_never_redirects_to_another_site(client, next_url):
    if not factories.User.objects.filter(username="fuzz_user").exists():  # examples share the test's database
        factories.UserFactory(username="fuzz_user")
    response = client.post(
        reverse("login"), {"username": "fuzz_user", "password": factories.TEST_PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    # What a browser would do with it: leading spaces and controls dropped, backslashes read as slashes.
    location = response["Location"].lstrip("".join(map(chr, range(33)))).replace("\\", "/")
    parts = urlsplit(location)
    assert parts.scheme == "" and parts.netloc == "" and not location.startswith("//"), response["Location"]
    client.logout()
