"""Queries that pages share; each runs a fixed number of SQL queries."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agencies.models import Agency, User
from programs.metrics import all_periods, approved_percent_as_of
from programs.models import Assignment, Indicator, Program, ProgressReport, ReportingPeriod
from reform_portal import access
from reform_portal.access import agencies_visible_to
from reform_portal.search import search


def open_periods(today=None) -> list[ReportingPeriod]:
    today = today or timezone.localdate()
    return list(ReportingPeriod.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("due_on"))


def current_period(today=None) -> ReportingPeriod | None:
    """The open period due first, else the latest one that has opened (period_order).
    Figures «as of today» are figures as of this period."""
    today = today or timezone.localdate()
    periods = open_periods(today)
    if periods:
        return periods[0]
    return ReportingPeriod.objects.filter(opens_on__lte=today).order_by("-opens_on", "-due_on", "-pk").first()


def agency_assignments_with_progress(agency: Agency, periods: list[ReportingPeriod]) -> list[Assignment]:
    """The agency's active assignments, each with, for each of the given periods, its report
    (`period_reports`, or None) and its latest approved percent as of that period
    (`approved_percents_as_of`, programs/metrics.py). Three queries."""
    every_period = all_periods()
    assignments = list(
        Assignment.objects.filter(agency=agency, is_active=True)
        .select_related("program", "program__owner")
        .annotate(
            **{
                f"approved_as_of_{index}": approved_percent_as_of(period, every_period)
                for index, period in enumerate(periods)
            }
        )
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
        assignment.approved_percents_as_of = [getattr(assignment, f"approved_as_of_{i}") for i in range(len(periods))]
    return assignments


def agency_report_sections(agency: Agency, periods: list[ReportingPeriod]) -> list[dict]:
    """For each period, the agency's assignments paired with their report (or None) and
    their latest approved percent as of that period."""
    assignments = agency_assignments_with_progress(agency, periods)
    return [
        {
            "period": period,
            "rows": [
                {
                    "assignment": a,
                    "report": a.period_reports[index],
                    "approved_percent_as_of": a.approved_percents_as_of[index],
                }
                for a in assignments
            ],
        }
        for index, period in enumerate(periods)
    ]


def previous_report(report: ProgressReport) -> ProgressReport | None:
    """The same assignment's report of the latest earlier period, for comparison."""
    return (
        ProgressReport.objects.filter(assignment_id=report.assignment_id, period__opens_on__lt=report.period.opens_on)
        .select_related("period")
        .order_by("-period__opens_on")
        .first()
    )


#: The states a reviewer's queue can show (its tabs), the first by default.
QUEUE_STATES = (
    ProgressReport.State.SUBMITTED,
    ProgressReport.State.AWAITING_SIGN_OFF,
    ProgressReport.State.RETURNED,
    ProgressReport.State.APPROVED,
)
#: Sortable columns of the queue: name → the ordering (ascending); "-name" sorts descending.
QUEUE_SORTS = {
    "submitted": ("submitted_at",),
    "agency": ("assignment__agency__name_fa",),
    "program": ("assignment__program__number",),
    "period": ("period__opens_on", "period__due_on"),
    "percent": ("percent",),
}
QUEUE_SEARCH_FIELDS = [
    "assignment__agency__name_fa",
    "assignment__agency__name_en",
    "assignment__agency__code",
    "assignment__program__title_fa",
    "assignment__program__title_en",
    "assignment__program__number",
]


def _queue_scope(user: User, *, period=None, program=None, agency=None, it_office_only=False, query=""):
    reports = reports_visible_to(user)
    if period is not None:
        reports = reports.filter(period=period)
    if program is not None:
        reports = reports.filter(assignment__program=program)
    if agency is not None:
        reports = reports.filter(assignment__agency=agency)
    if it_office_only:
        reports = reports.filter(assignment__program__owner__kind=Agency.Kind.IT_OFFICE)
    return search(reports, QUEUE_SEARCH_FIELDS, query)


def _queue_ordering(sort: str) -> list:
    """`sort` ("column" or "-column", QUEUE_SORTS) as an ordering; empty values last, then by id."""
    return queue_ordering(QUEUE_SORTS, sort, default="submitted")


def queue_ordering(sorts: dict, sort: str, *, default: str) -> list:
    columns = sorts.get(sort.removeprefix("-"), sorts[default])
    if sort.startswith("-"):
        return [*(F(column).desc(nulls_last=True) for column in columns), "-pk"]
    return [*(F(column).asc(nulls_last=True) for column in columns), "pk"]


def review_queue(
    user: User, *, period=None, program=None, agency=None, it_office_only=False,
    state=ProgressReport.State.SUBMITTED, query="", sort="submitted",
):  # fmt: skip
    """Reports the user may see in one state (by default submitted, i.e. waiting for review),
    within the filters and matching the text search, in the chosen order (by default the
    oldest submission first; "-submitted" is the newest first)."""
    reports = _queue_scope(
        user, period=period, program=program, agency=agency, it_office_only=it_office_only, query=query
    )
    return (
        reports.filter(state=state)
        .select_related("assignment__program", "assignment__agency", "period", "submitted_by")
        .order_by(*_queue_ordering(sort))
    )


def review_queue_counts(
    user: User, *, period=None, program=None, agency=None, it_office_only=False, query=""
) -> dict[str, int]:
    """How many reports of each queue state the same filters and search find. One query."""
    reports = _queue_scope(
        user, period=period, program=program, agency=agency, it_office_only=it_office_only, query=query
    )
    counts = dict.fromkeys(QUEUE_STATES, 0)
    for row in reports.filter(state__in=QUEUE_STATES).values("state").annotate(n=Count("pk")).order_by():
        counts[row["state"]] = row["n"]
    return counts


def sign_off_queue(user: User) -> list[ProgressReport]:
    """The liaison deputy's agency's reports waiting for sign-off, oldest first."""
    if not access.has(user, access.SIGN_OFF_REPORTS):
        return []
    return list(
        ProgressReport.objects.filter(
            assignment__agency_id=user.agency_id, state=ProgressReport.State.AWAITING_SIGN_OFF
        )
        .select_related("assignment__program", "assignment__agency", "period")
        .order_by("updated_at", "pk")
    )


def get_assignment_for_user(user: User, pk: int) -> Assignment:
    """An assignment the user writes reports for (their own agency's); otherwise a 404."""
    try:
        return Assignment.objects.select_related("program__owner", "agency__province").get(
            pk=pk, agency_id=user.agency_id, agency__in=agencies_visible_to(user)
        )
    except Assignment.DoesNotExist:
        raise Http404 from None


def programs_visible_to(user: User) -> QuerySet[Program]:
    """The program catalogue is the same for everyone with a portal role."""
    return Program.objects.select_related("edition", "owner")


def assignments_visible_to(user: User) -> QuerySet[Assignment]:
    """The assignments of the agencies the user sees."""
    return Assignment.objects.filter(agency__in=agencies_visible_to(user))


def indicators_visible_to(user: User):
    """General indicators and those specific to a group, for everyone with a portal role; an
    indicator specific to one agency only where that agency is visible (another agency's is a 404)."""
    indicators = Indicator.objects.select_related("program").prefetch_related("levels")
    if access.sees_nation(user):
        return indicators
    return indicators.filter(Q(agency__isnull=True) | Q(agency__in=agencies_visible_to(user).values("pk")))


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment__agency__in=agencies_visible_to(user))


def get_report_for_user(user: User, pk: int) -> ProgressReport:
    """Another agency's report is a 404, exactly like a missing one."""
    try:
        return (
            reports_visible_to(user)
            .select_related(
                "assignment__program__owner",
                "assignment__agency__province",
                "period",
                "submitted_by",
                "reviewed_by",
                "created_by",
                "signed_off_by",
            )
            .get(pk=pk)
        )
    except ProgressReport.DoesNotExist:
        raise Http404 from None


def indicator_value_rows(report: ProgressReport) -> list:
    """The report's indicator values (declared and verified) with their indicator, its
    levels and the evidence files of each indicator (`files`). Four queries."""
    from programs.models import Evidence, IndicatorLevel, IndicatorValue

    rows = list(
        IndicatorValue.objects.filter(report=report)
        .select_related("indicator", "verified_by")
        .prefetch_related(Prefetch("indicator__levels", queryset=IndicatorLevel.objects.order_by("rank")))
        .order_by("indicator__code")
    )
    if not rows:
        return rows
    files: dict[int, list] = {}
    for file in Evidence.objects.filter(report=report, removed_at__isnull=True, indicator__isnull=False):
        files.setdefault(file.indicator_id, []).append(file)
    for row in rows:
        row.files = files.get(row.indicator_id, [])
        levels = {level.rank: level.label for level in row.indicator.levels.all()}
        row.level_label = levels.get(int(row.value)) if row.value is not None and levels else None
        row.verified_level_label = (
            levels.get(int(row.verified_value)) if row.verified_value is not None and levels else None
        )
    return rows
