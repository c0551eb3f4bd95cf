"""Queries that pages share; each runs a fixed number of SQL queries."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
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


def agency_assignments_with_progress(agency: Agency, period: ReportingPeriod | None) -> list[Assignment]:
    """The agency's active assignments, each with its last approved percent and,
    as `period_report`, its report for the period (or None). Two queries."""
    assignments = list(
        Assignment.objects.filter(agency=agency, is_active=True)
        .select_related("program", "program__owner")
        .annotate(last_approved_percent=_latest_approved("percent"))
        .order_by("program__number")
    )
    reports = {}
    if period is not None and assignments:
        reports = {
            report.assignment_id: report
            for report in ProgressReport.objects.filter(assignment__agency=agency, period=period)
        }
    for assignment in assignments:
        assignment.period_report = reports.get(assignment.pk)
    return assignments


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment__agency__in=agencies_visible_to(user))


def get_report_for_user(user: User, pk: int) -> ProgressReport:
    """Another agency's report is a 404, exactly like a missing one."""
    try:
        return (
            reports_visible_to(user)
            .select_related("assignment__program__owner", "assignment__agency", "period", "submitted_by", "reviewed_by")
            .get(pk=pk)
        )
    except ProgressReport.DoesNotExist:
        raise Http404 from None


def province_overview(user: User, period: ReportingPeriod | None) -> dict:
    """Headline counts for reviewers until the dashboard lands."""
    agencies = agencies_visible_to(user).filter(kind=Agency.Kind.EXECUTIVE, is_active=True)
    expected = Assignment.objects.filter(agency__in=agencies, is_active=True).count()
    counts = dict.fromkeys(ProgressReport.State.values, 0)
    if period is not None:
        rows = (
            ProgressReport.objects.filter(period=period, assignment__agency__in=agencies, assignment__is_active=True)
            .values("state")
            .annotate(n=Count("pk"))
        )
        counts.update({row["state"]: row["n"] for row in rows})
    reported = counts["submitted"] + counts["approved"]
    return {
        "agency_count": agencies.count(),
        "expected": expected,
        "counts": counts,
        "missing": max(expected - sum(counts.values()), 0),
        "reporting_rate": (100 * reported / expected) if expected else None,
    }
