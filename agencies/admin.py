from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from agencies.models import Agency, County, DeputyEvent, LiaisonDeputy, Province, User
from agencies.resources import AgencyResource, LiaisonDeputyResource, UserResource
from reform_portal.admin import (
    EventColumns,
    PortalAdminMixin,
    PortalImportExportMixin,
    PortalModelAdmin,
    ReadOnlyInline,
    jalali_date_filter,
)


@admin.register(Province)
class ProvinceAdmin(PortalModelAdmin):
    list_display = ["name_fa", "name_en", "code"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(County)
class CountyAdmin(PortalModelAdmin):
    list_display = ["name_fa", "name_en", "code", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name_fa", "name_en", "code"]
    autocomplete_fields = ["province"]


@admin.register(Agency)
class AgencyAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [AgencyResource]
    list_display = ["name_fa", "code", "kind", "group", "county", "province", "is_active", "updated_at"]
    list_display_links = ["name_fa", "code"]
    list_filter = ["province", "kind", "group", "is_active", ("county", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province", "county"]
    search_fields = ["name_fa", "name_en", "code"]
    autocomplete_fields = ["province", "county"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = []  # programs/admin.py adds the agency's assigned programs


@admin.register(User)
class UserAdmin(PortalImportExportMixin, ImportExportMixin, PortalAdminMixin, DjangoUserAdmin):
    resource_classes = [UserResource]
    list_display = ["username", "first_name", "last_name", "email", "agency", "role", "is_staff", "is_active"]
    list_filter = [
        "role",
        "agency__group",
        ("agency__province", admin.RelatedOnlyFieldListFilter),
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        jalali_date_filter("date_joined"),
    ]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Portal"), {"fields": ("agency", "role", "language")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Portal"), {"fields": ("agency", "role", "language")}),)


class DeputyEventInline(EventColumns, ReadOnlyInline):
    model = DeputyEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


@admin.register(LiaisonDeputy)
class LiaisonDeputyAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [LiaisonDeputyResource]
    list_display = ["full_name", "agency", "position", "national_code", "mobile", "state", "updated_at"]
    list_filter = [
        "state",
        "agency__group",
        ("agency__province", admin.RelatedOnlyFieldListFilter),
        jalali_date_filter("updated_at"),
    ]
    list_select_related = ["agency"]
    search_fields = ["full_name", "=national_code", "mobile", "email", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency"]
    readonly_fields = [
        "state", "submitted_by", "governorate_reviewed_by", "governorate_reviewed_at", "it_office_reviewed_by",
        "it_office_reviewed_at", "rejection_reason", "superseded_at", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [DeputyEventInline]

    def has_delete_permission(self, request, obj=None):
        """Deputies are history: superseded or rejected, never deleted."""
        return False


@admin.register(DeputyEvent)
class DeputyEventAdmin(EventColumns, PortalModelAdmin):
    list_display = ["deputy", "action_label", "from_state_label", "to_state_label", "actor", "at"]
    list_filter = ["action", jalali_date_filter("at")]
    list_select_related = ["deputy", "actor"]
    search_fields = ["deputy__full_name", "=deputy__national_code", "deputy__agency__name_fa", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
