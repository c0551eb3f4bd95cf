from django.contrib import admin

from notices.models import Notification, SmsMessage
from reform_portal.admin import PortalModelAdmin, jalali_date_filter


@admin.register(SmsMessage)
class SmsMessageAdmin(PortalModelAdmin):
    """The SMS outbox: what was sent, what waits, what failed and why (read only)."""

    list_display = ["to", "kind", "status", "attempts", "gateway_status", "created_at", "sent_at"]
    list_filter = ["status", "kind", jalali_date_filter("created_at")]
    search_fields = ["=to", "gateway_id"]
    readonly_fields = [field.name for field in SmsMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(PortalModelAdmin):
    list_display = ["user", "title_fa", "kind", "created_at", "read_at"]
    list_filter = ["kind", jalali_date_filter("created_at")]
    list_select_related = ["user"]
    search_fields = ["user__username", "title_fa", "title_en"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
