from django.contrib import admin

from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince
from reform_portal.admin import PortalModelAdmin


class PublishedAdmin(PortalModelAdmin):
    """Adding a row publishes it on /open/, deleting it withdraws it (at once: the pages'
    cache key holds what is published)."""

    readonly_fields = ["published_at", "published_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PublishedProvince)
class PublishedProvinceAdmin(PublishedAdmin):
    list_display = ["province", "show_agencies", "published_at", "published_by"]
    list_select_related = ["province", "published_by"]
    fields = ["province", "show_agencies", "published_at", "published_by"]


@admin.register(PublishedProgram)
class PublishedProgramAdmin(PublishedAdmin):
    list_display = ["program", "published_at", "published_by"]
    list_select_related = ["program", "published_by"]
    fields = ["program", "published_at", "published_by"]


@admin.register(PublishedPeriod)
class PublishedPeriodAdmin(PublishedAdmin):
    list_display = ["period", "published_at", "published_by"]
    list_select_related = ["period", "published_by"]
    fields = ["period", "published_at", "published_by"]
