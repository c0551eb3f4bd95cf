from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from agencies.admin import AgencyAdmin
from agencies.models import Agency
from programs.models import (
    Assignment,
    Evidence,
    Indicator,
    IndicatorLevel,
    IndicatorTarget,
    IndicatorValue,
    Program,
    ProgressReport,
    Reminder,
    ReportEvent,
    ReportingPeriod,
    RoadmapEdition,
)
from programs.resources import AssignmentResource, IndicatorResource, IndicatorTargetResource, ProgramResource
from programs.services import close_period, create_year_periods, open_period
from reform_portal import access, persian
from reform_portal.admin import (
    EventActionFilter,
    EventColumns,
    PortalImportExportMixin,
    PortalModelAdmin,
    ReadOnlyInline,
    jalali_date_filter,
    reopen_action,
)
from reform_portal.forms import DigitsIntegerField
from reform_portal.validators import validate_jalali_year

# ---------------------------------------------------------------------------
# Editions, programs, assignments
# ---------------------------------------------------------------------------


class AgencyAssignmentInline(admin.TabularInline):
    """The programs the agency carries out, editable on the agency's page."""

    model = Assignment
    fk_name = "agency"
    extra = 0
    autocomplete_fields = ["program"]
    fields = ["program", "target", "weight", "is_active"]
    verbose_name = _("assigned program")
    verbose_name_plural = _("assigned programs")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("program")


AgencyAdmin.inlines = [*AgencyAdmin.inlines, AgencyAssignmentInline]


@admin.register(RoadmapEdition)
class RoadmapEditionAdmin(PortalModelAdmin):
    list_display = ["title_fa", "code", "start_year", "end_year", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title_fa", "title_en", "code"]


class ProgramAssignmentInline(admin.TabularInline):
    """The agencies that carry out the program, editable on the program's page."""

    model = Assignment
    fk_name = "program"
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "target", "weight", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


class AssignToGroupForm(forms.Form):
    group = forms.ChoiceField(label=_("agency group"), choices=Agency.Group.choices)
    target = forms.CharField(label=_("target"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    weight = forms.DecimalField(label=_("weight"), min_value=0, max_digits=6, decimal_places=2, initial=1)


def assign_programs_to_group(*, programs, group: str, target: str = "", weight=1) -> tuple[int, int]:
    """Assigns each program to every active executive agency of the group.

    Existing assignments (active or not) are left untouched. Returns (created, existing).
    """
    agencies = list(Agency.objects.filter(group=group, kind=Agency.Kind.EXECUTIVE, is_active=True))
    created = existing = 0
    with transaction.atomic():
        for program in programs:
            assigned = set(
                Assignment.objects.filter(program=program, agency__in=agencies).values_list("agency_id", flat=True)
            )
            for agency in agencies:
                if agency.pk in assigned:
                    existing += 1
                    continue
                # One by one (not bulk_create) so each new assignment is in the history.
                Assignment.objects.create(program=program, agency=agency, target=target, weight=weight)
                created += 1
    return created, existing


@admin.register(Program)
class ProgramAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [ProgramResource]
    list_display = ["number", "title_fa", "axis", "owner", "weight", "edition", "start_date", "end_date"]
    list_display_links = ["number", "title_fa"]
    list_filter = [
        "edition",
        "axis",
        ("owner", admin.RelatedOnlyFieldListFilter),
        jalali_date_filter("start_date"),
        jalali_date_filter("end_date"),
    ]
    list_select_related = ["owner", "edition"]
    search_fields = ["title_fa", "title_en", "description", "=number"]
    autocomplete_fields = ["owner", "edition"]
    inlines = [ProgramAssignmentInline]
    actions = ["assign_to_group"]

    @admin.action(description=_("Assign to every active agency of a group"), permissions=["add_assignment"])
    def assign_to_group(self, request, queryset):
        form = AssignToGroupForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            created, existing = assign_programs_to_group(
                programs=queryset,
                group=form.cleaned_data["group"],
                target=form.cleaned_data["target"],
                weight=form.cleaned_data["weight"],
            )
            self.message_user(
                request,
                gettext(
                    "%(created)s assignments created for the group “%(group)s”; "
                    "%(existing)s already existed and were left unchanged."
                )
                % {
                    "created": persian.localize_digits(created),
                    "existing": persian.localize_digits(existing),
                    "group": Agency.Group(form.cleaned_data["group"]).label,
                },
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign programs to an agency group"),
            "opts": self.opts,
            "form": form,
            "queryset": queryset.select_related("edition"),
            "action": "assign_to_group",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/programs/program/assign_to_group.html", context)

    def has_add_assignment_permission(self, request):
        opts = Assignment._meta
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


@admin.register(Assignment)
class AssignmentAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [AssignmentResource]
    list_display = ["program", "agency", "weight", "is_active", "created_at"]
    list_filter = [
        "is_active",
        "program__edition",
        ("program__owner", admin.RelatedOnlyFieldListFilter),
        "agency__group",
        "agency__kind",
        ("agency__province", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["program", "agency"]
    search_fields = ["program__title_fa", "=program__number", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["program", "agency"]
    readonly_fields = ["created_at"]


# ---------------------------------------------------------------------------
# Reporting periods
# ---------------------------------------------------------------------------


class PeriodWindowFilter(admin.SimpleListFilter):
    title = _("window")
    parameter_name = "window"

    def lookups(self, request, model_admin):
        return [("open", _("Open now")), ("upcoming", _("Not yet open")), ("closed", _("Closed"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.filter(opens_on__lte=today, closes_on__gte=today)
        if self.value() == "upcoming":
            return queryset.filter(opens_on__gt=today)
        if self.value() == "closed":
            return queryset.filter(closes_on__lt=today)
        return queryset


QUARTER_CHOICES = [(number, name) for number, name in ReportingPeriod.QUARTER_NAMES.items()]


class PeriodYearForm(forms.Form):
    fiscal_year = DigitsIntegerField(label=_("Jalali fiscal year"), validators=[validate_jalali_year])
    quarters = forms.TypedMultipleChoiceField(
        label=_("quarters"),
        choices=QUARTER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    months = forms.TypedMultipleChoiceField(
        label=_("months"), choices=[], coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    due_days = DigitsIntegerField(
        label=_("due, days after the end"),
        min_value=0,
        max_value=365,
        initial=10,
        help_text=_("A period is due this many days after its last day."),
    )
    close_days = DigitsIntegerField(
        label=_("closes, days after the end"),
        min_value=0,
        max_value=365,
        initial=30,
        help_text=_("Reports can be written until this many days after the period's last day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [(month, persian.jalali_month_name(month)) for month in range(1, 13)]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("quarters") and not cleaned.get("months"):
            raise ValidationError(_("Choose at least one quarter or month."), code="nothing_chosen")
        due_days, close_days = cleaned.get("due_days"), cleaned.get("close_days")
        if due_days is not None and close_days is not None and close_days < due_days:
            self.add_error("close_days", _("A period cannot close before it is due."))
        return cleaned


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PortalModelAdmin):
    list_display = ["__str__", "fiscal_year", "kind", "number", "opens_on", "due_on", "closes_on", "is_open_now"]
    list_filter = [
        PeriodWindowFilter,
        "fiscal_year",
        "kind",
        jalali_date_filter("opens_on"),
        jalali_date_filter("due_on"),
        jalali_date_filter("closes_on"),
    ]
    search_fields = ["=fiscal_year"]
    actions = ["open_now", "close_now"]

    @admin.display(description=_("open now"), boolean=True)
    def is_open_now(self, obj):
        return obj.is_open()

    def _dates(self, period):
        return {
            "period": str(period),
            "opens": persian.format_jalali_date(period.opens_on),
            "due": persian.format_jalali_date(period.due_on),
            "closes": persian.format_jalali_date(period.closes_on),
        }

    @admin.action(description=_("Open the selected periods today"), permissions=["change"])
    def open_now(self, request, queryset):
        today = timezone.localdate()
        for period in queryset:
            changed = open_period(period, today=today)
            values = self._dates(period)
            if not changed:
                text = gettext("“%(period)s” was already open (%(opens)s to %(closes)s); nothing changed.")
            else:
                text = gettext(
                    "“%(period)s” is now open from %(opens)s to %(closes)s. The due date stays %(due)s: "
                    "reports submitted after it count as late."
                )
            self.message_user(request, text % values, messages.SUCCESS)

    @admin.action(description=_("Close the selected periods (closed since yesterday)"), permissions=["change"])
    def close_now(self, request, queryset):
        today = timezone.localdate()
        for period in queryset:
            changed = close_period(period, today=today)
            values = self._dates(period)
            if not changed:
                text = gettext("“%(period)s” had already closed on %(closes)s; nothing changed.")
            elif "due_on" in changed:
                text = gettext(
                    "“%(period)s” is now closed (last day %(closes)s). Its due date moved to %(due)s too, "
                    "since a period cannot be due after it closes."
                )
            else:
                text = gettext("“%(period)s” is now closed (last day %(closes)s); the due date stays %(due)s.")
            self.message_user(request, text % values, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "create-year/",
                self.admin_site.admin_view(self.create_year_view),
                name="programs_reportingperiod_create_year",
            ),
            *super().get_urls(),
        ]

    def create_year_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = PeriodYearForm(request.POST)
            if form.is_valid():
                created, existing = create_year_periods(**form.cleaned_data)
                self.message_user(
                    request,
                    ngettext(
                        "%(created)s period created for %(year)s; %(existing)s already existed and were left "
                        "unchanged.",
                        "%(created)s periods created for %(year)s; %(existing)s already existed and were left "
                        "unchanged.",
                        len(created),
                    )
                    % {
                        "created": persian.localize_digits(len(created)),
                        "existing": persian.localize_digits(len(existing)),
                        "year": persian.localize_digits(form.cleaned_data["fiscal_year"]),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:programs_reportingperiod_changelist"))
        else:
            form = PeriodYearForm(initial={"fiscal_year": persian.jalali_today().year, "quarters": [1, 2, 3, 4]})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create the periods of a fiscal year"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/programs/reportingperiod/create_year.html", context)


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


class ReportEventInline(EventColumns, ReadOnlyInline):
    model = ReportEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at", "removed_at"]
    select_related = ("uploaded_by",)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the report's history and sent to the agency."),
    )


@admin.register(ProgressReport)
class ProgressReportAdmin(PortalModelAdmin):
    """Reports are written and reviewed in the portal; approved ones are read-only here and
    change only through the recorded "reopen" action."""

    list_display = ["assignment", "period", "percent", "status", "state", "first_submitted_at", "reviewed_at"]
    list_filter = [
        "state",
        "status",
        "period",
        "assignment__program__edition",
        ("assignment__program__owner", admin.RelatedOnlyFieldListFilter),
        "assignment__agency__group",
        ("assignment__agency__province", admin.RelatedOnlyFieldListFilter),
        jalali_date_filter("submitted_at"),
        jalali_date_filter("reviewed_at"),
    ]
    list_select_related = ["assignment__program", "assignment__agency", "period"]
    search_fields = ["assignment__program__title_fa", "assignment__agency__name_fa", "assignment__agency__code"]
    autocomplete_fields = ["assignment", "period"]
    readonly_fields = [
        "state", "created_by", "created_at", "updated_at", "submitted_by", "submitted_at",
        "first_submitted_at", "reviewed_by", "reviewed_at", "review_comment",
    ]  # fmt: skip
    inlines = [EvidenceInline, ReportEventInline]
    actions = ["reopen"]

    def has_add_permission(self, request):
        return False  # reports are written in the portal, by the agency

    def has_change_permission(self, request, obj=None):
        """Read-only here, whatever the state: a report changes only through the review
        engine's actions, each recorded (the "reopen" action below is one)."""
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reopen_permission(self, request):
        return access.has(request.user, access.REOPEN_REPORTS)

    @admin.action(description=_("Reopen the selected approved reports"), permissions=["reopen"])
    def reopen(self, request, queryset):
        from programs.services import reopen_report

        if not self.has_reopen_permission(request):
            raise PermissionDenied
        return reopen_action(
            self, request, queryset.select_related("assignment__program", "assignment__agency", "period"),
            form_class=ReopenForm,
            reopen=lambda report, reason: reopen_report(report=report, by=request.user, reason=reason),
            refused=lambda report, reason: gettext("“%(report)s” was not reopened: %(reason)s")
            % {"report": report, "reason": reason},
            reopened=lambda count, n: ngettext(
                "%(count)s report reopened and returned to its agency.",
                "%(count)s reports reopened and returned to their agencies.",
                n,
            ) % {"count": count},
            title=_("Reopen approved reports"), template="admin/programs/progressreport/reopen.html",
        )  # fmt: skip


class ReadOnlyAdmin(PortalModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(EventColumns, ReadOnlyAdmin):
    list_display = ["report", "action_label", "from_state_label", "to_state_label", "actor", "at"]
    list_filter = [EventActionFilter, jalali_date_filter("at")]
    list_select_related = ["report__assignment__program", "report__assignment__agency", "report__period", "actor"]
    search_fields = ["comment", "report__assignment__agency__name_fa"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "report", "kind", "size", "uploaded_by", "uploaded_at", "removed_at"]
    list_filter = ["kind", jalali_date_filter("uploaded_at")]
    list_select_related = [
        "report__assignment__program", "report__assignment__agency", "report__period", "uploaded_by",
    ]  # fmt: skip
    search_fields = ["original_name", "report__assignment__agency__name_fa"]
    # The file itself is only served through the portal's permission-checked download view.
    fields = ["report", "original_name", "kind", "size", "uploaded_by", "uploaded_at", "removed_at", "download"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["agency", "period", "kind", "sent_on", "programs_missing"]
    list_filter = ["kind", "period", jalali_date_filter("sent_on")]
    list_select_related = ["agency", "period"]
    search_fields = ["agency__name_fa", "agency__code"]


# ---------------------------------------------------------------------------
# Indicators, their levels and targets; the values are reported in the portal
# ---------------------------------------------------------------------------


class IndicatorLevelInline(admin.TabularInline):
    model = IndicatorLevel
    extra = 0
    fields = ["rank", "label_fa", "label_en", "fraction"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["fiscal_year", "quarter", "agency", "agency_group", "value"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")


@admin.register(Indicator)
class IndicatorAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["code", "title_fa", "program", "kind", "direction", "indicator_set", "weight", "source",
                    "is_active"]  # fmt: skip
    list_display_links = ["code", "title_fa"]
    list_filter = ["indicator_set", "kind", "direction", "source", "evidence_required", "is_active",
                   "program__edition", "agency_group"]  # fmt: skip
    list_select_related = ["program"]
    search_fields = ["code", "title_fa", "title_en"]
    autocomplete_fields = ["program", "agency"]
    inlines = [IndicatorLevelInline, IndicatorTargetInline]
    fieldsets = [
        (None, {"fields": ["program", "code", "title_fa", "title_en", "description", "unit", "is_active"]}),
        (_("How it is measured"), {"fields": ["kind", "numerator_label", "denominator_label", "direction",
                                              "aggregation", "baseline", "min_value", "max_value", "source",
                                              "evidence_required"]}),
        (_("Scoring"), {"fields": ["weight", "indicator_set", "agency", "agency_group"]}),
    ]  # fmt: skip


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    """Targets per year (quarter 0) or quarter: the program's default, an agency group's, or
    one agency's, which overrides the others; imported from XLSX/CSV with a preview."""

    resource_classes = [IndicatorTargetResource]
    list_display = ["indicator", "fiscal_year", "quarter", "agency", "agency_group", "value"]
    list_filter = ["fiscal_year", "quarter", "agency_group", "indicator__program__edition"]
    list_select_related = ["indicator", "agency"]
    search_fields = ["indicator__code", "indicator__title_fa", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["indicator", "agency"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    """Reported in the progress report and verified by the reviewer in the portal; shown here only."""

    list_display = ["indicator", "report", "value", "numerator", "denominator", "verified_value", "verified_at"]
    list_filter = ["indicator__program__edition", "report__period", jalali_date_filter("verified_at")]
    list_select_related = ["indicator", "report__assignment__program", "report__assignment__agency", "report__period"]
    search_fields = ["indicator__code", "report__assignment__agency__name_fa"]
