import datetime

import pytest
from django.utils import translation

from reform_portal import persian


def test_digits_round_trip():
    assert persian.to_latin_digits("۱۴۰۵/۰۱/۱۵ و ٦٥") == "1405/01/15 و 65"
    assert persian.to_persian_digits("65% of 1405") == "۶۵% of ۱۴۰۵"


def test_localize_digits_follows_language():
    with translation.override("fa"):
        assert persian.localize_digits(1405) == "۱۴۰۵"
    with translation.override("en"):
        assert persian.localize_digits("۱۴۰۵") == "1405"


def test_percent_sign():
    with translation.override("fa"):
        assert persian.format_percent(65) == "۶۵٪"
        assert persian.format_percent(12.5, decimals=1) == "۱۲٫۵٪"
    with translation.override("en"):
        assert persian.format_percent(65) == "65%"
    assert persian.format_percent(None) == ""


def test_arabic_letters_become_persian():
    assert persian.normalize_persian_text("  كرمان  علي ") == "کرمان علی"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("۱۴۰۵/۰۱/۱۵", datetime.date(2026, 4, 4)),
        ("1405/1/15", datetime.date(2026, 4, 4)),
        ("١٤٠٥-٠١-١٥", datetime.date(2026, 4, 4)),
        ("1403/12/30", datetime.date(2025, 3, 20)),  # 1403 is a leap year
        ("1408/12/30", datetime.date(2030, 3, 20)),  # and so is 1408
        ("1405/01/01", datetime.date(2026, 3, 21)),
    ],
)
def test_parse_jalali_date(typed, expected):
    assert persian.parse_jalali_date(typed) == expected


@pytest.mark.parametrize("typed", ["1404/12/30", "1405/13/01", "1405/07/31", "14050115", "", "fifteen"])
def test_parse_jalali_date_refuses_days_that_do_not_exist(typed):
    with pytest.raises(ValueError):
        persian.parse_jalali_date(typed)


def test_format_jalali_date():
    with translation.override("fa"):
        assert persian.format_jalali_date(datetime.date(2026, 4, 4)) == "۱۴۰۵/۰۱/۱۵"
        assert persian.format_jalali_date(datetime.date(2026, 4, 4), long=True) == "۱۵ فروردین ۱۴۰۵"
    with translation.override("en"):
        assert persian.format_jalali_date(datetime.date(2026, 4, 4)) == "1405/01/15"
        assert persian.format_jalali_date(datetime.date(2026, 4, 4), long=True) == "15 Farvardin 1405"
    assert persian.format_jalali_date(None) == ""


def test_format_jalali_datetime_uses_tehran_time():
    moment = datetime.datetime(2026, 4, 4, 20, 45, tzinfo=datetime.UTC)  # 00:15 the next day in Tehran
    with translation.override("en"):
        assert persian.format_jalali_datetime(moment) == "1405/01/16 00:15"


def test_month_bounds_esfand_of_a_leap_year():
    assert persian.jalali_month_bounds(1403, 12) == (datetime.date(2025, 2, 19), datetime.date(2025, 3, 20))
    assert persian.jalali_month_bounds(1404, 12)[1] == datetime.date(2026, 3, 20)


# --- the accepted Jalali years ---------------------------------------------------------------


def test_gregorian_date_is_refused_with_its_jalali_day_named():
    """2026-03-21 used to be read as the Jalali year 2026 and stored as Gregorian 2647."""
    with translation.override("en"), pytest.raises(persian.JalaliYearError) as refused:
        persian.parse_jalali_date("2026-03-21")
    assert str(refused.value) == (
        "“2026-03-21” looks like a Gregorian date: enter it in the Jalali calendar, here 1405/01/01."
    )
    with translation.override("fa"), pytest.raises(persian.JalaliYearError) as refused:
        persian.parse_jalali_date("۲۰۲۶/۰۳/۲۱")
    assert "۱۴۰۵/۰۱/۰۱" in str(refused.value) and "میلادی" in str(refused.value)


@pytest.mark.parametrize("typed", ["1299/12/29", "1501/01/01", "0405/01/15", "9999/01/01", "2026/02/30", "0000/00/00"])
def test_years_outside_the_range_are_refused_with_the_range(typed):
    with translation.override("en"), pytest.raises(persian.JalaliYearError) as refused:
        persian.parse_jalali_date(typed)
    assert "1300–1500" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1300/01/01", datetime.date(1921, 3, 21)), ("1500/12/29", datetime.date(2122, 3, 20))],
)
def test_the_range_bounds_are_accepted(typed, expected):
    assert (persian.JALALI_YEAR_MIN, persian.JALALI_YEAR_MAX) == (1300, 1500)
    assert persian.parse_jalali_date(typed) == expected


def test_a_gregorian_year_names_the_jalali_year_it_starts():
    persian.check_jalali_year(1405)
    with (
        translation.override("en"),
        pytest.raises(persian.JalaliYearError, match="Jalali year that starts in it is 1405"),
    ):
        persian.check_jalali_year(2026)
    with translation.override("en"), pytest.raises(persian.JalaliYearError, match="1300–1500"):
        persian.check_jalali_year(1600)


def test_a_spreadsheet_date_cell_must_fall_in_the_jalali_range():
    persian.check_date_in_jalali_range(datetime.date(2026, 3, 21))  # a real Gregorian day: fine
    with translation.override("en"), pytest.raises(persian.JalaliYearError, match="format the cell as text"):
        persian.check_date_in_jalali_range(datetime.date(1405, 1, 15))  # a Jalali date taken for Gregorian
    with translation.override("en"), pytest.raises(persian.JalaliYearError, match="1300–1500"):
        persian.check_date_in_jalali_range(datetime.date(2647, 6, 11))
