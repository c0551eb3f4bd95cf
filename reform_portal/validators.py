"""Validators shared by models and forms of several apps."""

from django.core.exceptions import ValidationError

from reform_portal import persian


def validate_jalali_year(value) -> None:
    """A Jalali year (a fiscal year, an edition's first year) within persian.JALALI_YEAR_MIN…MAX;
    a Gregorian year typed by mistake (2026) is refused with the Jalali year it starts."""
    if value is None:
        return
    try:
        persian.check_jalali_year(int(value))
    except persian.JalaliYearError as error:
        raise ValidationError(str(error), code="jalali_year") from None
