from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiCall, ApiToken
from reform_portal.admin import PortalModelAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(PortalModelAdmin):
    """Tokens are made by their owners on the «API tokens» page; the admin sees them (never
    their keys, which are not stored) and may revoke them, e.g. one that leaked."""

    list_display = ["name", "prefix", "user", "scope", "created_at", "expires_at", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "scope", "created_at", "expires_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiCall)
class ApiCallAdmin(PortalModelAdmin):
    """Every call made with a token: who, when, what, the answer. Never edited."""

    list_display = ["at", "user", "token", "method", "path", "status", "client_ip"]
    list_filter = ["method", "status"]
    list_select_related = ["user", "token"]
    search_fields = ["path", "user__username", "token__prefix"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
