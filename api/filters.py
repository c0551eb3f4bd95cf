"""Filtering of every list: django-filter FilterSets whose refusals are the API's 400s
(in both languages), and date filters that take Jalali or ISO dates."""

import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from reform_portal import persian

_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_date(value: str) -> datetime.date:
    """«1405/01/15», «۱۴۰۵-۰۱-۱۵» (Jalali: years 1300–1500) or «2026-04-04» (ISO, Gregorian)."""
    text = persian.to_latin_digits(str(value)).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    if persian.JALALI_YEAR_MIN <= year <= persian.JALALI_YEAR_MAX:
        return persian.parse_jalali_date(text)
    return datetime.date(year, month, day)


DATE_HELP = _("A date, Jalali (1405/01/15) or ISO (2026-04-04).")


class AnyDateField(forms.Field):
    default_error_messages = {"invalid": _("Enter a date, Jalali (1405/01/15) or ISO (2026-04-04).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class AnyDateTimeField(forms.Field):
    """An ISO date and time (2026-04-04T10:30:00+03:30), or a day (Jalali or ISO: its start in
    the portal's time zone)."""

    default_error_messages = {
        "invalid": _("Enter an ISO date and time (2026-04-04T10:30:00+03:30) or a date (1405/01/15 or 2026-04-04).")
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = persian.to_latin_digits(str(value)).strip()
        try:
            moment = parse_datetime(text) if "T" in text or " " in text else None
            if moment is None:
                day = parse_date(text)
                moment = datetime.datetime.combine(day, datetime.time())
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


@extend_schema_field(OpenApiTypes.STR)
class DateFilter(django_filters.Filter):
    field_class = AnyDateField


@extend_schema_field(OpenApiTypes.STR)
class DateTimeFilter(django_filters.Filter):
    field_class = AnyDateTimeField


class FilterBackend(DjangoFilterBackend):
    """A filter value that is not valid is a 400 with the field named (never ignored)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        return filterset.qs


#: Largest id accepted in a URL or a filter (bigint); a larger one matches nothing (a 404 in a
#: URL), never a database error.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """An object's id (an unknown one matches nothing)."""

    field_class = IdField


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=persian.JALALI_YEAR_MIN, max_value=persian.JALALI_YEAR_MAX, **kwargs)


@extend_schema_field({"type": "integer", "minimum": persian.JALALI_YEAR_MIN, "maximum": persian.JALALI_YEAR_MAX})
class YearFilter(django_filters.Filter):
    """A Jalali year (1300–1500)."""

    field_class = YearField
