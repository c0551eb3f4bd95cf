from django.contrib import admin

from circulars.models import Circular, CircularAttachment, CircularReminder, CircularTarget
from reform_portal.admin import PortalModelAdmin


class NoDeleteAdmin(PortalModelAdmin):
    """Circulars and their records are never hard-deleted from the portal."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Circular)
class CircularAdmin(NoDeleteAdmin):
    list_display = ["number", "subject", "date", "state", "published_at"]
    list_filter = ["state", "target_mode"]
    search_fields = ["number", "subject"]
    filter_horizontal = ["selected_agencies", "programs"]
    readonly_fields = ["state", "search_text", "created_by", "created_at", "published_by", "published_at"]


@admin.register(CircularAttachment)
class CircularAttachmentAdmin(NoDeleteAdmin):
    list_display = ["original_name", "circular", "size", "uploaded_at"]
    list_select_related = ["circular"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(CircularTarget)
class CircularTargetAdmin(NoDeleteAdmin):
    list_display = ["circular", "agency", "had_confirmed_deputy", "acknowledged_at"]
    list_select_related = ["circular", "agency"]
    list_filter = ["had_confirmed_deputy"]
    readonly_fields = ["acknowledged_by", "acknowledged_at"]


@admin.register(CircularReminder)
class CircularReminderAdmin(NoDeleteAdmin):
    list_display = ["circular", "sent_on", "sent_by", "agency_count", "email_count"]
    list_select_related = ["circular", "sent_by"]
