"""Template filters for Persian display; each is one line calling reform_portal.persian."""

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
    return "" if value is None else persian.localize_digits(value)


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
