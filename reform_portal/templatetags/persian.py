"""Template filters for Persian display; each is one line calling reform_portal.persian."""

from decimal import Decimal

from django import template

from reform_portal import persian

register = template.Library()


@register.filter
def jdate(value):
    return persian.format_jalali_date(value)


@register.filter
def jdate_long(value):
    return persian.format_jalali_date(value, long=True)


@register.filter
def jdatetime(value):
    return persian.format_jalali_datetime(value)


@register.filter
def digits(value):
    """Digits in the active language's script; a number's decimal point becomes «٫» in fa."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return persian.localize_number(value)
    return persian.localize_digits(value)


@register.filter
def file_size(value):
    return persian.format_file_size(value)


@register.filter
def percent(value, decimals=0):
    return persian.format_percent(value, decimals=int(decimals))


@register.filter
def pct_class(value):
    """CSS class sizing a bar to a percent (.pct-0 … .pct-100 in portal.css); no inline style needed."""
    return f"pct-{max(0, min(100, round(float(value or 0))))}"


@register.filter
def days_left(value):
    return "" if value is None else persian.format_days_left(value)


@register.filter
def signed_digits(value):
    return persian.format_signed(value)


@register.filter
def number(value, places=None):
    return persian.format_number(value, places=None if places is None else int(places))
