"""The evaluation in the admin: read-only, except the recorded «reopen» of a final evaluation.
Cycles are opened, run and decided in the portal (evaluations/services.py)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from evaluations.models import CycleEvent, EvaluationCycle, IndicatorScore, Objection, ObjectionEvent
from reform_portal import access
from reform_portal.admin import EventColumns, PortalModelAdmin, ReadOnlyInline, reopen_action


class ReadOnlyAdmin(PortalModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CycleEventInline(EventColumns, ReadOnlyInline):
    model = CycleEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


class ObjectionEventInline(EventColumns, ReadOnlyInline):
    model = ObjectionEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded in the evaluation's history."),
    )


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "province", "state", "objection_opens_on", "objection_closes_on", "finalized_at"]
    list_filter = ["state", "fiscal_year", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province"]
    search_fields = ["province__name_fa", "=fiscal_year"]
    inlines = [CycleEventInline]
    actions = ["reopen"]

    def has_reopen_permission(self, request):
        return access.has(request.user, access.REOPEN_EVALUATIONS)

    @admin.action(description=_("Reopen the selected final evaluations"), permissions=["reopen"])
    def reopen(self, request, queryset):
        from evaluations.services import reopen_cycle

        if not self.has_reopen_permission(request):
            raise PermissionDenied
        return reopen_action(
            self, request, queryset.select_related("province"), form_class=ReopenForm,
            reopen=lambda cycle, reason: reopen_cycle(cycle=cycle, by=request.user, reason=reason),
            refused=lambda cycle, reason: gettext("“%(cycle)s” was not reopened: %(reason)s")
            % {"cycle": cycle, "reason": reason},
            reopened=lambda count, n: ngettext("%(count)s evaluation reopened.", "%(count)s evaluations reopened.", n)
            % {"count": count},
            title=_("Reopen final evaluations"), template="admin/evaluations/evaluationcycle/reopen.html",
        )  # fmt: skip


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ReadOnlyAdmin):
    list_display = ["agency", "indicator", "cycle", "indicator_set", "weight", "target", "actual", "achievement",
                    "late", "score", "preliminary_score"]  # fmt: skip
    list_filter = ["indicator_set", "source", "late", ("cycle", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["agency", "indicator", "cycle__province"]
    search_fields = ["agency__name_fa", "agency__code", "indicator__code"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "filed_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["score__agency", "score__indicator"]
    search_fields = ["score__agency__name_fa", "score__indicator__code", "reason"]
    inlines = [ObjectionEventInline]
