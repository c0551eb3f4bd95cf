"""The life cycle of an agency's transaction counts, as the review engine's table: the
progress reports' draft → submitted → approved / returned, without the deputy's sign-off."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.selectors import recipients_by_agency, review_recipients
from reform_portal import access
from reform_portal.notifications import absolute_url, queue_email
from reform_portal.review import NEW, REASON_OPTIONAL, REASON_REQUIRED, Action, Workflow, register
from service_channels.models import ChannelReport, ChannelReportEvent

S = ChannelReport.State
EDITABLE = frozenset({S.DRAFT, S.RETURNED})

ACTIONS = [
    Action("create", frozenset({NEW}), S.DRAFT, access.WRITE_REPORTS, "counts.created", _("Created"),
           period_open=True, edits=True),
    Action("save", EDITABLE, None, access.WRITE_REPORTS, "counts.saved", _("Draft saved"),
           period_open=True, edits=True),
    Action("submit", EDITABLE, S.SUBMITTED, access.WRITE_REPORTS, "counts.submitted", _("Submitted"),
           period_open=True, stamp=("submitted",)),
    Action("approve", frozenset({S.SUBMITTED}), S.APPROVED, access.REVIEW_REPORTS, "counts.approved", _("Approved"),
           reason=REASON_OPTIONAL, stamp=("reviewed",)),
    Action("return", frozenset({S.SUBMITTED}), S.RETURNED, access.REVIEW_REPORTS, "counts.returned", _("Returned"),
           reason=REASON_REQUIRED, stamp=("reviewed",)),
]  # fmt: skip


def _check(action: Action, report: ChannelReport) -> None:
    if action.name == "submit" and not report.counts.filter(count__isnull=False).exists():
        raise ValidationError(
            _("Enter the number of transactions of at least one service before submitting."), code="no_counts"
        )


def _refusal(report: ChannelReport, action: str) -> tuple[str, str]:
    if action in ("save", "submit"):
        if report.state == S.SUBMITTED:
            return _("These counts have already been submitted and are waiting for review; they can no longer be "
                     "changed."), "already_submitted"  # fmt: skip
        if report.state == S.APPROVED:
            return _("These counts have been approved and are frozen."), "already_approved"
    return _("These counts are no longer waiting for review (they are now “%(state)s”); nothing was changed.") % {
        "state": report.get_state_display()
    }, "not_submitted"


def _notify(report: ChannelReport, *, recipients, template: str) -> None:
    queue_email(
        recipients=recipients, template=template,
        context={"report": report, "url": absolute_url(report.get_absolute_url())},
    )  # fmt: skip


def _after(action: Action, report: ChannelReport, by, reason: str) -> None:
    if action.event == "counts.submitted":
        _notify(report, recipients=review_recipients(report.agency.province_id), template="emails/counts_submitted")
    elif action.event in ("counts.approved", "counts.returned"):
        recipients = recipients_by_agency([report.agency_id]).get(report.agency_id, [])
        _notify(report, recipients=recipients, template=f"emails/{action.event.replace('.', '_')}")


COUNTS_WORKFLOW = register(
    Workflow(
        kind="counts",
        model=ChannelReport,
        event_model=ChannelReportEvent,
        event_field="report",
        actions=ACTIONS,
        states=S,
        scope_of=lambda report: (report.agency_id, report.agency.province_id),
        related=("agency__province", "period"),
        period_of=lambda report: report.period,
        check=_check,
        after=_after,
        refusal=_refusal,
    )
)
