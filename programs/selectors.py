"""Queries that pages share; each runs a fixed number of SQL queries."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from agencies.models import Agency, User
from agencies.selectors import agencies_visible_to
from programs.models import Assignment, ProgressReport, ReportingPeriod


def open_periods(today=None) -> list[ReportingPeriod]:
    today = today or timezone.localdate()
    return list(ReportingPeriod.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("due_on"))


def current_period(today=None) -> ReportingPeriod | None:
    """The open period due first, else the latest one that has opened."""
    today = today or timezone.localdate()
    periods = open_periods(today)
    if periods:
        return periods[0]
    return ReportingPeriod.objects.filter(opens_on__lte=today).order_by("-opens_on").first()


def _latest_approved(field: str):
    return Subquery(
        ProgressReport.objects.filter(assignment=OuterRef("pk"), state=ProgressReport.State.APPROVED)
        .order_by("-period__opens_on")
        .values(field)[:1]
    )


def agency_assignments_with_progress(agency: Agency, periods: list[ReportingPeriod]) -> list[Assignment]:
    """The agency's active assignments, each with its last approved percent and, in
    `period_reports`, its report for each of the given periods (or None). Two queries."""
    assignments = list(
        Assignment.objects.filter(agency=agency, is_active=True)
        .select_related("program", "program__owner")
        .annotate(last_approved_percent=_latest_approved("percent"))
        .order_by("program__number")
    )
    reports = {}
    if periods and assignments:
        reports = {
            (report.assignment_id, report.period_id): report
            for report in ProgressReport.objects.filter(assignment__agency=agency, period__in=periods)
        }
    for assignment in assignments:
        assignment.period_reports = [reports.get((assignment.pk, period.pk)) for period in periods]
    return assignments


def agency_report_sections(agency: Agency, periods: list[ReportingPeriod]) -> list[dict]:
    """For each period, the agency's assignments paired with their report (or None)."""
    assignments = agency_assignments_with_progress(agency, periods)
    return [
        {
            "period": period,
            "rows": [{"assignment": a, "report": a.period_reports[index]} for a in assignments],
        }
        for index, period in enumerate(periods)
    ]


def last_approved_percent(*, assignment: Assignment, before: ReportingPeriod) -> int | None:
    """The percent of the assignment's latest approved report of an earlier period."""
    return (
        ProgressReport.objects.filter(
            assignment=assignment, state=ProgressReport.State.APPROVED, period__opens_on__lt=before.opens_on
        )
        .order_by("-period__opens_on")
        .values_list("percent", flat=True)
        .first()
    )


def previous_report(report: ProgressReport) -> ProgressReport | None:
    """The same assignment's report of the latest earlier period, for comparison."""
    return (
        ProgressReport.objects.filter(assignment_id=report.assignment_id, period__opens_on__lt=report.period.opens_on)
        .select_related("period")
        .order_by("-period__opens_on")
        .first()
    )


def unreported_assignments_by_agency(period: ReportingPeriod) -> dict[int, list[Assignment]]:
    """Active assignments of active agencies without a submitted or approved report
    for the period, grouped by agency. One query."""
    done = ProgressReport.objects.filter(
        period=period, state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED]
    ).values("assignment_id")
    grouped: dict[int, list[Assignment]] = {}
    for assignment in (
        Assignment.objects.filter(is_active=True, agency__is_active=True)
        .exclude(pk__in=done)
        .select_related("program")
        .order_by("agency_id", "program__number")
    ):
        grouped.setdefault(assignment.agency_id, []).append(assignment)
    return grouped


def review_queue(user: User, *, period=None, program=None, agency=None, it_office_only=False):
    """Submitted reports the user may see, oldest submission first."""
    reports = (
        reports_visible_to(user)
        .filter(state=ProgressReport.State.SUBMITTED)
        .select_related("assignment__program", "assignment__agency", "period", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    if period is not None:
        reports = reports.filter(period=period)
    if program is not None:
        reports = reports.filter(assignment__program=program)
    if agency is not None:
        reports = reports.filter(assignment__agency=agency)
    if it_office_only:
        reports = reports.filter(assignment__program__owner__kind=Agency.Kind.IT_OFFICE)
    return reports


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment__agency__in=agencies_visible_to(user))


def get_report_for_user(user: User, pk: int) -> ProgressReport:
    """Another agency's report is a 404, exactly like a missing one."""
    try:
        return (
            reports_visible_to(user)
            .select_related(
                "assignment__program__owner",
                "assignment__agency",
                "period",
                "submitted_by",
                "reviewed_by",
                "created_by",
            )
            .get(pk=pk)
        )
    except ProgressReport.DoesNotExist:
        raise Http404 from None
