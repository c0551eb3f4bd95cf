from django.contrib import admin

from circulars.models import Circular, CircularAttachment, CircularEvent, CircularReminder, CircularTarget
from reform_portal.admin import EventColumns, PortalModelAdmin, ReadOnlyInline


class CircularEventInline(EventColumns, ReadOnlyInline):
    model = CircularEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


class NoDeleteAdmin(PortalModelAdmin):
    """Circulars and their records are never hard-deleted from the portal."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Circular)
class CircularAdmin(NoDeleteAdmin):
    """Circulars are written and published by the IT office in the portal, each step an
    action of the review engine; the admin only shows them, with their history."""

    list_display = ["number", "subject", "date", "province", "state", "published_at"]
    list_filter = ["state", "target_mode", "province"]
    list_select_related = ["province"]
    search_fields = ["number", "subject"]
    inlines = [CircularEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
