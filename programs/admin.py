from django.contrib import admin

from programs.models import Assignment, Program, ProgressReport, ReportEvent, ReportingPeriod, RoadmapEdition
from reform_portal.admin import PortalModelAdmin


@admin.register(RoadmapEdition)
class RoadmapEditionAdmin(PortalModelAdmin):
    list_display = ["title_fa", "code", "start_year", "end_year", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title_fa", "title_en", "code"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["agency", "program"]
    fields = ["program", "agency", "target", "weight", "is_active"]


@admin.register(Program)
class ProgramAdmin(PortalModelAdmin):
    list_display = ["number", "title_fa", "axis", "owner", "weight", "edition"]
    list_display_links = ["number", "title_fa"]
    list_filter = ["edition", "axis", "owner"]
    list_select_related = ["owner", "edition"]
    search_fields = ["title_fa", "title_en", "description"]
    autocomplete_fields = ["owner", "edition"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(PortalModelAdmin):
    list_display = ["program", "agency", "weight", "is_active"]
    list_filter = ["is_active", "program__owner", "program__edition", "agency__group", "agency__province"]
    list_select_related = ["program", "agency"]
    search_fields = ["program__title_fa", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["program", "agency"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PortalModelAdmin):
    list_display = ["__str__", "fiscal_year", "kind", "number", "opens_on", "due_on", "closes_on"]
    list_filter = ["fiscal_year", "kind"]
    search_fields = ["fiscal_year"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(PortalModelAdmin):
    list_display = ["assignment", "period", "percent", "status", "state", "first_submitted_at", "reviewed_at"]
    list_filter = ["state", "status", "period", "assignment__program__owner", "assignment__agency__group"]
    list_select_related = ["assignment__program", "assignment__agency", "period"]
    search_fields = ["assignment__program__title_fa", "assignment__agency__name_fa", "work_done"]
    autocomplete_fields = ["assignment"]
    readonly_fields = [
        "state", "created_by", "created_at", "updated_at", "submitted_by", "submitted_at",
        "first_submitted_at", "reviewed_by", "reviewed_at", "review_comment",
    ]  # fmt: skip
    inlines = [ReportEventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(PortalModelAdmin):
    list_display = ["report", "action", "from_state", "to_state", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["report__assignment__program", "report__assignment__agency", "report__period", "actor"]
    search_fields = ["comment", "report__assignment__agency__name_fa"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
