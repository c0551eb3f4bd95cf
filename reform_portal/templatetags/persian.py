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
