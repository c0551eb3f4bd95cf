"""Admin building blocks shared by the apps: Jalali dates in forms and lists."""

import datetime

from django.contrib import admin
from django.db import models

from reform_portal import persian
from reform_portal.forms import JalaliDateField, JalaliDateInput


class PortalModelAdmin(admin.ModelAdmin):
    """Date fields are typed and shown in Jalali; lists are paginated modestly."""

    list_per_page = 50
    formfield_overrides = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
    }


def jalali_display_for_value(display):
    """Wraps the admin's display_for_field/value so dates and datetimes show in Jalali."""

    def wrapper(value, *args, **kwargs):
        if isinstance(value, datetime.datetime):
            return persian.format_jalali_datetime(value)
        if isinstance(value, datetime.date):
            return persian.format_jalali_date(value)
        return display(value, *args, **kwargs)

    return wrapper
