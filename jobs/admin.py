from django.contrib import admin

from jobs.models import Job
from reform_portal.admin import PortalModelAdmin


@admin.register(Job)
class JobAdmin(PortalModelAdmin):
    """Read only: to see what was asked for and why a job failed."""

    list_display = ["title", "user", "state", "progress", "attempts", "created_at", "fetched_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
