"""The life cycle of a progress report, as the review engine's table (reform_portal/review).

draft → submitted → approved, or submitted → returned (with the reviewer's reason) →
corrected → submitted again. Where the agency's province requires it, «submit» sends the
report to the agency's confirmed liaison deputy first, who signs it off (it then reaches
the IT office) or sends it back with a reason. An approved report is frozen; only the
recorded «reopen» sends it back to the agency.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.selectors import has_signing_deputy
from programs import notifications
from programs.indicators import submission_errors
from programs.metrics import approved_percent_before_for
from programs.models import ProgressReport, ReportEvent
from reform_portal import access
from reform_portal.persian import format_percent
from reform_portal.review import NEW, REASON_OPTIONAL, REASON_REQUIRED, Action, Condition, Workflow, register

S = ProgressReport.State
EDITABLE = frozenset({S.DRAFT, S.RETURNED})

REQUIRES_SIGN_OFF = Condition(
    "the agency's province requires the liaison deputy's sign-off",
    lambda report: report.assignment.agency.province.requires_sign_off,
)

ACTIONS = [
    Action("create", frozenset({NEW}), S.DRAFT, access.WRITE_REPORTS, "report.created", _("Created"),
           period_open=True, edits=True),
    Action("save", EDITABLE, None, access.WRITE_REPORTS, "report.saved", _("Draft saved"),
           period_open=True, edits=True),
    Action("add_evidence", EDITABLE, None, access.WRITE_REPORTS, "report.evidence_added", _("Evidence added")),
    Action("remove_evidence", EDITABLE, None, access.WRITE_REPORTS, "report.evidence_removed",
           _("Evidence removed")),
    Action("submit", EDITABLE, S.SUBMITTED, access.WRITE_REPORTS, "report.submitted", _("Submitted"),
           period_open=True, condition=~REQUIRES_SIGN_OFF, stamp=("submitted",)),
    Action("submit", EDITABLE, S.AWAITING_SIGN_OFF, access.WRITE_REPORTS, "report.sent_for_sign_off",
           _("Sent to the liaison deputy for sign-off"), period_open=True, condition=REQUIRES_SIGN_OFF),
    Action("sign_off", frozenset({S.AWAITING_SIGN_OFF}), S.SUBMITTED, access.SIGN_OFF_REPORTS, "report.signed_off",
           _("Signed off by the liaison deputy"), stamp=("signed_off", "submitted")),
    Action("send_back", frozenset({S.AWAITING_SIGN_OFF}), S.RETURNED, access.SIGN_OFF_REPORTS, "report.sent_back",
           _("Sent back by the liaison deputy"), reason=REASON_REQUIRED, stamp=("reviewed",)),
    Action("approve", frozenset({S.SUBMITTED}), S.APPROVED, access.REVIEW_REPORTS, "report.approved", _("Approved"),
           reason=REASON_OPTIONAL, stamp=("reviewed",)),
    Action("return", frozenset({S.SUBMITTED}), S.RETURNED, access.REVIEW_REPORTS, "report.returned", _("Returned"),
           reason=REASON_REQUIRED, stamp=("reviewed",)),
    Action("reopen", frozenset({S.APPROVED}), S.RETURNED, access.REOPEN_REPORTS, "report.reopened", _("Reopened"),
           reason=REASON_REQUIRED, stamp=("reviewed",)),
    Action("verify_indicator", frozenset({S.SUBMITTED}), None, access.REVIEW_REPORTS, "report.indicator_verified",
           _("Indicator value verified"), reason=REASON_REQUIRED),
]  # fmt: skip


def _check(action: Action, report: ProgressReport) -> None:
    """What a report needs before it leaves the agency."""
    if action.name != "submit":
        return
    if action.event == "report.sent_for_sign_off" and not has_signing_deputy(report.assignment.agency_id):
        raise ValidationError(
            _(
                "Your province requires the liaison deputy's sign-off, and your agency has no confirmed liaison "
                "deputy with a portal account yet. Register the deputy on the «Liaison deputy» page; the report "
                "is kept as it is."
            ),
            code="no_deputy",
        )
    errors = {}
    if not report.work_done.strip():
        errors["work_done"] = _("Describe what was done before submitting.")
    previous = approved_percent_before_for(assignment=report.assignment, period=report.period)
    if previous is not None and report.percent < previous and not report.decrease_reason.strip():
        errors["decrease_reason"] = _(
            "The percent is lower than the last approved one (%(previous)s); explain why."
        ) % {"previous": format_percent(previous)}
    errors.update(submission_errors(report))  # every indicator's value, and its evidence where required
    if errors:
        raise ValidationError(errors)


def _refusal(report: ProgressReport, action: str) -> tuple[str, str]:
    if action in ("create", "save", "add_evidence", "remove_evidence", "submit"):
        if report.state == S.SUBMITTED:
            return _(
                "This report has already been submitted and is waiting for review; it can no longer be changed."
            ), "already_submitted"
        if report.state == S.AWAITING_SIGN_OFF:
            return _(
                "This report is waiting for the liaison deputy's sign-off; it can no longer be changed."
            ), "awaiting_sign_off"
        if report.state == S.APPROVED:
            return _("This report has been approved and is frozen."), "already_approved"
    state = {"state": report.get_state_display()}
    if action in ("sign_off", "send_back"):
        return _(
            "This report is no longer waiting for sign-off (it is now “%(state)s”); nothing was changed."
        ) % state, "not_awaiting_sign_off"
    if action == "reopen":
        return _("Only an approved report can be reopened."), "not_approved"
    if action == "verify_indicator":
        return _(
            "Indicator values are verified while the report waits for review (it is now “%(state)s”)."
        ) % state, "not_submitted"
    return _(
        "This report is no longer waiting for review (it is now “%(state)s”); nothing was changed."
    ) % state, "not_submitted"


def _after(action: Action, report: ProgressReport, by, reason: str) -> None:
    if action.event in ("report.submitted", "report.signed_off"):
        notifications.to_reviewers(report)
    elif action.event == "report.sent_for_sign_off":
        notifications.to_deputy(report, template="emails/report_sign_off_requested")
    elif action.event == "report.sent_back":
        notifications.to_agency(report, template="emails/report_sent_back", with_deputy=False)
    elif action.event == "report.approved":
        notifications.to_agency(report, template="emails/report_approved")
    elif action.event in ("report.returned", "report.reopened"):
        notifications.to_agency(report, template="emails/report_returned")


REPORT_WORKFLOW = register(
    Workflow(
        kind="report",
        model=ProgressReport,
        event_model=ReportEvent,
        event_field="report",
        actions=ACTIONS,
        states=S,
        scope_of=lambda report: (report.assignment.agency_id, report.assignment.agency.province_id),
        related=("assignment__agency__province", "assignment__program", "period"),
        period_of=lambda report: report.period,
        check=_check,
        after=_after,
        refusal=_refusal,
    )
)
