"""Every change to a progress report's state happens here.

Each action is one transaction: it locks the report row, checks the current state
and the user's right to act, saves with `update_fields`, records a `ReportEvent`
and queues the notifications. Two people acting on the same report at once, or a
double-clicked button: the second finds the new state and gets a `TransitionError`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from agencies.selectors import recipients_by_agency
from programs import workflow
from programs.models import Assignment, Evidence, ProgressReport, Reminder, ReportEvent, ReportingPeriod
from programs.selectors import last_approved_percent, unreported_assignments_by_agency
from programs.workflow import TransitionError
from reform_portal.notifications import Recipient, absolute_url, queue_email
from reform_portal.persian import jalali_month_bounds
from reform_portal.uploads import clean_original_name, validate_upload

State = ProgressReport.State
Action = ReportEvent.Action

REPORT_FIELDS = ["percent", "status", "work_done", "obstacles", "next_steps", "decrease_reason"]


# --- who may do what -------------------------------------------------------------
# (the checks shared with the channel counts' life cycle live in programs/workflow.py)


def can_edit_report(user: User, *, assignment: Assignment) -> bool:
    return workflow.can_edit(user, agency_id=assignment.agency_id)


def can_review_report(user: User) -> bool:
    return workflow.can_review(user)


def can_reopen_report(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("programs.reopen_progressreport"))


# --- helpers -----------------------------------------------------------------------


def _lock(report: ProgressReport) -> ProgressReport:
    return workflow.lock(
        ProgressReport.objects, report.pk, related=("assignment__agency", "assignment__program", "period")
    )


def _record(report, *, action, from_state, by, comment="", at=None) -> ReportEvent:
    return workflow.record(ReportEvent, obj=report, action=action, from_state=from_state, by=by, comment=comment, at=at)


# --- agency staff ----------------------------------------------------------------


@transaction.atomic
def save_draft(*, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=()) -> ProgressReport:
    """Creates or updates the agency's report for the period, keeping its state
    (a new report is a draft; a returned one stays returned until resubmitted)."""
    workflow.require(can_edit_report(by, assignment=assignment))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_active:
        raise TransitionError(_("This program is no longer assigned to your agency."), code="inactive_assignment")
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is None:
        workflow.check_period_open(period, state=State.DRAFT)
        report = ProgressReport(assignment=assignment, period=period, created_by=by, state=State.DRAFT)
        for name in REPORT_FIELDS:
            if name in data:
                setattr(report, name, data[name])
        report.full_clean()
        report.save()
        _record(report, action=Action.CREATED, from_state="", by=by)
    else:
        report = _lock(report)
        workflow.check_editable(report)
        workflow.check_period_open(period, state=report.state)
        changed = [name for name in REPORT_FIELDS if name in data and getattr(report, name) != data[name]]
        for name in changed:
            setattr(report, name, data[name])
        report.full_clean()
        if changed:
            report.save(update_fields=[*changed, "updated_at"])
            _record(report, action=Action.SAVED, from_state=report.state, by=by)
    if files:
        add_evidence(report=report, by=by, files=files)
    return report


def _check_complete(report: ProgressReport) -> None:
    errors = {}
    if not report.work_done.strip():
        errors["work_done"] = _("Describe what was done before submitting.")
    previous = last_approved_percent(assignment=report.assignment, before=report.period)
    if previous is not None and report.percent < previous and not report.decrease_reason.strip():
        errors["decrease_reason"] = _(
            "The percent is lower than the last approved one (%(previous)s); explain why."
        ) % {"previous": previous}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_report(*, report: ProgressReport, by: User) -> ProgressReport:
    workflow.require(can_edit_report(by, assignment=report.assignment))
    report = _lock(report)
    workflow.check_editable(report)
    workflow.check_period_open(report.period, state=report.state)
    _check_complete(report)
    from_state = report.state
    now = timezone.now()
    report.save(update_fields=workflow.mark_submitted(report, by=by, now=now))
    _record(report, action=Action.SUBMITTED, from_state=from_state, by=by, at=now)
    _notify_reviewers(report)
    return report


@transaction.atomic
def add_evidence(*, report: ProgressReport, by: User, files) -> list[Evidence]:
    """Attaches checked files to a draft or returned report."""
    workflow.require(can_edit_report(by, assignment=report.assignment))
    report = _lock(report)
    workflow.check_editable(report)
    errors, kinds = [], []
    for uploaded in files:
        try:
            kinds.append(validate_upload(uploaded))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"evidence": errors})
    created = []
    for uploaded, kind in zip(files, kinds, strict=True):
        evidence = Evidence(
            report=report, original_name=clean_original_name(uploaded.name), kind=kind, size=uploaded.size,
            uploaded_by=by,
        )  # fmt: skip
        evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()
        created.append(evidence)
        _record(report, action=Action.EVIDENCE_ADDED, from_state=report.state, by=by, comment=evidence.original_name)
    return created


@transaction.atomic
def remove_evidence(*, evidence: Evidence, by: User) -> None:
    """Hides a file from a draft or returned report; the stored file is kept."""
    report = evidence.report
    workflow.require(can_edit_report(by, assignment=report.assignment))
    report = _lock(report)
    workflow.check_editable(report)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])
        _record(report, action=Action.EVIDENCE_REMOVED, from_state=report.state, by=by, comment=evidence.original_name)


# --- IT office reviewers ------------------------------------------------------------


@transaction.atomic
def approve_report(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    workflow.require(can_review_report(by))
    report = _lock(report)
    workflow.check_submitted(report)
    now = timezone.now()
    report.save(
        update_fields=workflow.mark_reviewed(report, state=State.APPROVED, by=by, now=now, comment=comment.strip())
    )
    _record(report, action=Action.APPROVED, from_state=State.SUBMITTED, by=by, comment=report.review_comment, at=now)
    _notify_agency(report, template="emails/report_approved")
    return report


@transaction.atomic
def return_report(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    workflow.require(can_review_report(by))
    reason = workflow.required_reason(reason, message=_("Write the reason for returning the report."))
    report = _lock(report)
    workflow.check_submitted(report)
    now = timezone.now()
    report.save(update_fields=workflow.mark_reviewed(report, state=State.RETURNED, by=by, now=now, comment=reason))
    _record(report, action=Action.RETURNED, from_state=State.SUBMITTED, by=by, comment=reason, at=now)
    _notify_agency(report, template="emails/report_returned")
    return report


@transaction.atomic
def reopen_report(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    """The only way to change an approved report: back to the agency as returned,
    with the reason recorded and sent."""
    workflow.require(can_reopen_report(by))
    reason = workflow.required_reason(reason, message=_("Write the reason for reopening the report."))
    report = _lock(report)
    if report.state != State.APPROVED:
        raise TransitionError(_("Only an approved report can be reopened."), code="not_approved")
    now = timezone.now()
    report.save(update_fields=workflow.mark_reviewed(report, state=State.RETURNED, by=by, now=now, comment=reason))
    _record(report, action=Action.REOPENED, from_state=State.APPROVED, by=by, comment=reason, at=now)
    _notify_agency(report, template="emails/report_returned")
    return report


# --- reporting periods (the admin's actions; demo data) -------------------------------------


def open_period(period: ReportingPeriod, *, today: datetime.date) -> list[str]:
    """Makes today fall within the period's window; the due date never moves.

    The opening moves back to today if it is later, the closing forward to today if it
    is earlier (a due date is never after the closing, so the order holds). Returns the
    fields changed.
    """
    changed = []
    if period.opens_on > today:
        period.opens_on = today
        changed.append("opens_on")
    if period.closes_on < today:
        period.closes_on = today
        changed.append("closes_on")
    if changed:
        period.save(update_fields=changed)
    return changed


def close_period(period: ReportingPeriod, *, today: datetime.date) -> list[str]:
    """Closes the period yesterday if it closes later; a due date (and opening) after
    yesterday moves back to yesterday too, since a period cannot be due after it closes."""
    yesterday = today - datetime.timedelta(days=1)
    changed = []
    for name in ("closes_on", "due_on", "opens_on"):
        if getattr(period, name) > yesterday:
            setattr(period, name, yesterday)
            changed.append(name)
    if changed:
        period.save(update_fields=changed)
    return changed


def period_bounds(year: int, kind: str, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day of a Jalali quarter or month."""
    if kind == ReportingPeriod.Kind.QUARTER:
        first_month = (number - 1) * 3 + 1
        return jalali_month_bounds(year, first_month)[0], jalali_month_bounds(year, first_month + 2)[1]
    return jalali_month_bounds(year, number)


def create_year_periods(
    *, fiscal_year: int, quarters=(), months=(), due_days: int, close_days: int
) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
    """Creates the chosen quarters and months of a Jalali fiscal year; existing ones are left alone.

    Opens on the first day, due ``due_days`` and closes ``close_days`` after the last day.
    Returns (created, existing).
    """
    wanted = [(ReportingPeriod.Kind.QUARTER, n) for n in sorted(quarters)]
    wanted += [(ReportingPeriod.Kind.MONTH, n) for n in sorted(months)]
    created, existing = [], []
    with transaction.atomic():
        have = {
            (period.kind, period.number): period
            for period in ReportingPeriod.objects.select_for_update().filter(fiscal_year=fiscal_year)
        }
        for kind, number in wanted:
            if (kind, number) in have:
                existing.append(have[(kind, number)])
                continue
            start, end = period_bounds(fiscal_year, kind, number)
            period = ReportingPeriod(
                fiscal_year=fiscal_year,
                kind=kind,
                number=number,
                opens_on=start,
                due_on=end + datetime.timedelta(days=due_days),
                closes_on=end + datetime.timedelta(days=close_days),
            )
            period.full_clean()
            period.save()
            created.append(period)
    return created, existing


# --- notifications -------------------------------------------------------------------


def _agency_recipients(agency_id: int, *, with_deputy: bool = True) -> list[Recipient]:
    return recipients_by_agency([agency_id], with_deputy=with_deputy).get(agency_id, [])


def _notify_reviewers(report: ProgressReport) -> None:
    """The IT office reviewers of the report's province (and national ones, without an agency)."""
    province_id = report.assignment.agency.province_id
    reviewers = User.objects.filter(role=User.Role.IT_OFFICE_REVIEWER, is_active=True).filter(
        Q(agency__isnull=True) | Q(agency__province_id=province_id)
    )
    queue_email(
        recipients=[Recipient.for_user(user) for user in reviewers],
        template="emails/report_submitted",
        context={"report": report, "url": absolute_url(report.get_absolute_url())},
    )


def _notify_agency(report: ProgressReport, *, template: str) -> None:
    queue_email(
        recipients=_agency_recipients(report.assignment.agency_id),
        template=template,
        context={"report": report, "url": absolute_url(report.get_absolute_url())},
    )


# --- reminders ---------------------------------------------------------------------


def reminder_kind(period: ReportingPeriod, today: datetime.date, days_before: list[int]) -> str | None:
    """Which reminder, if any, is due today for this period: N days before the due
    date, on it, and weekly once overdue until the period closes."""
    if today < period.opens_on or today > period.closes_on:
        return None
    days_left = (period.due_on - today).days
    if days_left in days_before:
        return Reminder.Kind.BEFORE_DUE
    if days_left == 0:
        return Reminder.Kind.DUE_TODAY
    if days_left < 0 and (-days_left - 1) % 7 == 0:
        return Reminder.Kind.OVERDUE
    return None


def send_reminders(*, today: datetime.date | None = None, days_before: list[int] | None = None) -> int:
    """Writes to every agency with reports still to submit; at most once per agency,
    period and day, so running it twice the same day sends nothing twice. Returns
    the number of reminders recorded."""
    from django.conf import settings

    today = today or timezone.localdate()
    days_before = days_before if days_before is not None else settings.REMINDER_DAYS_BEFORE
    sent = 0
    for period in ReportingPeriod.objects.filter(opens_on__lte=today, closes_on__gte=today):
        kind = reminder_kind(period, today, days_before)
        if kind is None:
            continue
        missing = unreported_assignments_by_agency(period)
        already = set(Reminder.objects.filter(period=period, sent_on=today).values_list("agency_id", flat=True))
        for agency_id, assignments in missing.items():
            if agency_id in already:
                continue
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(
                    agency_id=agency_id, period=period, sent_on=today,
                    defaults={"kind": kind, "programs_missing": len(assignments)},
                )  # fmt: skip
                if not created:
                    continue
                queue_email(
                    recipients=_agency_recipients(agency_id, with_deputy=kind == Reminder.Kind.OVERDUE),
                    template=f"emails/reminder_{kind}",
                    context={
                        "period": period,
                        "programs": [assignment.program for assignment in assignments],
                        "days_left": (period.due_on - today).days,
                        "days_late": (today - period.due_on).days,
                        "url": absolute_url("/"),
                    },
                )
                sent += 1
    return sent
