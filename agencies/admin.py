from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, County, LiaisonDeputy, Province, User
from reform_portal.admin import PortalModelAdmin


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
class AgencyAdmin(PortalModelAdmin):
    list_display = ["name_fa", "code", "kind", "group", "county", "province", "is_active"]
    list_filter = ["province", "kind", "group", "is_active"]
    list_select_related = ["province", "county"]
    search_fields = ["name_fa", "name_en", "code"]
    autocomplete_fields = ["province", "county"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "agency", "role", "is_staff", "is_active"]
    list_filter = ["role", "agency__group", "is_staff", "is_superuser", "is_active", "groups"]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name_fa"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Portal"), {"fields": ("agency", "role", "language")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Portal"), {"fields": ("agency", "role", "language")}),)


@admin.register(LiaisonDeputy)
class LiaisonDeputyAdmin(PortalModelAdmin):
    list_display = ["full_name", "agency", "position", "national_code", "mobile", "state", "updated_at"]
    list_filter = ["state", "agency__group", "agency__province"]
    list_select_related = ["agency"]
    search_fields = ["full_name", "national_code", "mobile", "email", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency", "submitted_by", "governorate_reviewed_by", "it_office_reviewed_by"]
    readonly_fields = ["created_at", "updated_at", "governorate_reviewed_at", "it_office_reviewed_at"]
