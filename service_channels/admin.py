from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from reform_portal.admin import (
    EventColumns,
    PortalImportExportMixin,
    PortalModelAdmin,
    ReadOnlyInline,
    jalali_date_filter,
)
from service_channels.models import ChannelReport, ChannelReportEvent, Service, ServiceChannel, TransactionCount
from service_channels.resources import ServiceResource


class ServiceChannelInline(admin.TabularInline):
    model = ServiceChannel
    extra = 0
    fields = ["channel", "opened_on"]
    formfield_overrides = PortalModelAdmin.formfield_overrides


@admin.register(Service)
class ServiceAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    """The catalogue: agencies keep it in the portal; administrators may import it from XLSX or CSV
    (one row per service, found by agency code + service code)."""

    resource_classes = [ServiceResource]
    list_display = ["code", "name_fa", "agency", "offered_through", "is_active", "updated_at"]
    list_display_links = ["code", "name_fa"]
    list_filter = [
        "is_active",
        "channels__channel",
        "agency__group",
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("programs", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["agency"]
    search_fields = ["code", "name_fa", "name_en", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["programs"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ServiceChannelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("channels")

    @admin.display(description=_("channels"))
    def offered_through(self, obj):
        return "، ".join(str(row.get_channel_display()) for row in obj.channels.all())


class TransactionCountInline(ReadOnlyInline):
    model = TransactionCount
    fields = ["service_channel", "count"]
    select_related = ("service_channel__service",)


class ChannelReportEventInline(EventColumns, ReadOnlyInline):
    model = ChannelReportEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


@admin.register(ChannelReport)
class ChannelReportAdmin(PortalModelAdmin):
    """Counts are written and reviewed in the portal; the admin only shows them."""

    list_display = ["agency", "period", "state", "first_submitted_at", "reviewed_at"]
    list_filter = [
        "state",
        "period",
        "agency__group",
        jalali_date_filter("submitted_at"),
        jalali_date_filter("reviewed_at"),
    ]
    list_select_related = ["agency", "period"]
    search_fields = ["agency__name_fa", "agency__code"]
    readonly_fields = [
        "agency", "period", "state", "created_by", "created_at", "updated_at", "submitted_by", "submitted_at",
        "first_submitted_at", "reviewed_by", "reviewed_at", "review_comment",
    ]  # fmt: skip
    inlines = [TransactionCountInline, ChannelReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
