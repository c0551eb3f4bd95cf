"""Dashboard pages, composed of the figures of programs/metrics.py (defined there once,
stated in docs/definitions.md) and formatted alike by pages and exports.

A page shows its figures as of the chosen period P; by default P is the current period, so
the page is «as of today». Every figure comes from database aggregates; each function runs
a fixed number of queries whatever the amount of data.
"""

from dataclasses import dataclass, field, replace

from django.db.models import F, QuerySet
from django.utils import timezone

from agencies.models import Agency, County, Province, User
from programs.metrics import (
    Figures,
    ReviewTimes,
    all_periods,
    expected_assignments,
    figures_by,
    figures_per_period,
    period_order,
    regroup,
    total,
    unnamed_review_times,
    with_approved_percent_as_of,
    with_period_report,
)
from programs.models import Assignment, Program, ProgressReport, ReportingPeriod
from programs.selectors import current_period
from reform_portal import access
from reform_portal.access import agencies_visible_to

APPROVED = ProgressReport.State.APPROVED
SUBMITTED = ProgressReport.State.SUBMITTED
RETURNED = ProgressReport.State.RETURNED
SCOPE_ALL = "all"
SCOPE_IT_OFFICE = "it_office"
TREND_PERIODS = 8
NARRATIVES = 10


# --- filters -----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: one period and the assignments in scope."""

    period: ReportingPeriod | None
    scope: str = SCOPE_ALL
    group: str = ""
    county_id: int | None = None
    province_id: int | None = None
    agency_id: int | None = None
    program_id: int | None = None

    @property
    def it_office_only(self) -> bool:
        return self.scope == SCOPE_IT_OFFICE

    def query_params(self) -> dict[str, str]:
        """The filters as GET parameters (for links to exports and drill-downs)."""
        params = {}
        if self.period is not None:
            params["period"] = str(self.period.pk)
        if self.scope != SCOPE_ALL:
            params["scope"] = self.scope
        if self.group:
            params["group"] = self.group
        if self.county_id:
            params["county"] = str(self.county_id)
        if self.province_id:
            params["province"] = str(self.province_id)
        return params


def assignments_in_scope(user: User, filters: Filters) -> QuerySet[Assignment]:
    """The expected assignments (active, of active agencies) that the user may see, within the filters."""
    assignments = expected_assignments()
    if not access.sees_nation(user):
        assignments = assignments.filter(agency__in=agencies_visible_to(user).values("pk"))
    if filters.it_office_only:
        assignments = assignments.filter(program__owner__kind=Agency.Kind.IT_OFFICE)
    if filters.group:
        assignments = assignments.filter(agency__group=filters.group)
    if filters.county_id:
        assignments = assignments.filter(agency__county_id=filters.county_id)
    if filters.province_id:
        assignments = assignments.filter(agency__province_id=filters.province_id)
    if filters.agency_id:
        assignments = assignments.filter(agency_id=filters.agency_id)
    if filters.program_id:
        assignments = assignments.filter(program_id=filters.program_id)
    return assignments


# --- periods -----------------------------------------------------------------------


def trend_periods(periods: list[ReportingPeriod], period: ReportingPeriod | None) -> list[ReportingPeriod]:
    """The chosen period and the periods of its kind before it (period_order), oldest first."""
    if period is None:
        return []
    earlier = [p for p in periods if p.kind == period.kind and period_order(p) <= period_order(period)]
    return list(reversed(earlier[:TREND_PERIODS]))


def chart_data(points: list["TrendPoint"]) -> dict:
    """The trend for Chart.js (passed with json_script): labels and three series of numbers."""

    def numbers(values):
        return [None if value is None else float(value) for value in values]

    return {
        "labels": [str(point.period.label) for point in points],
        "progress": numbers(point.figures.progress for point in points),
        "reporting": numbers(point.figures.reporting_rate for point in points),
        "on_time": numbers(point.figures.on_time_rate for point in points),
    }


@dataclass
class TrendPoint:
    period: ReportingPeriod
    figures: Figures

    @property
    def label(self) -> str:
        return self.period.label


def trend(
    assignments: QuerySet[Assignment], window: list[ReportingPeriod], periods: list[ReportingPeriod]
) -> list[TrendPoint]:
    """The figures of each period of `window`, oldest first. Two queries."""
    figures = figures_per_period(assignments, window, periods)
    return [TrendPoint(period=period, figures=figures[period.pk]) for period in window]


# --- the province dashboard ----------------------------------------------------------


@dataclass(frozen=True)
class _ReportRef:
    """Enough of a report for ProgressReport.get_absolute_url(), without building a model."""

    pk: int


_SENTINEL_PK = 918273645


def report_url_maker():
    """pk → ProgressReport.get_absolute_url(), resolving the URL once for a whole heatmap."""
    pattern = ProgressReport.get_absolute_url(_ReportRef(_SENTINEL_PK))
    return lambda pk: pattern.replace(str(_SENTINEL_PK), str(pk))


@dataclass
class Cell:
    """One agency × program square of the heatmap."""

    assigned: bool = False
    percent: int | None = None
    program: Program | None = None
    report_id: int | None = None
    report_state: str = ""
    url: str = ""

    @property
    def kind(self) -> str:
        if not self.assigned:
            return "unassigned"
        if self.percent is None:
            return "no_report"
        return "percent"

    @property
    def band(self) -> str:
        """Colour band of the heatmap: none, zero, low (<25), mid (<50), high (<75), top (<100), done."""
        if self.percent is None:
            return "none"
        if self.percent == 0:
            return "zero"
        if self.percent >= 100:
            return "done"
        return ("low", "mid", "high", "top")[self.percent // 25]


@dataclass
class AgencyRow:
    agency: Agency
    figures: Figures
    cells: list[Cell] = field(default_factory=list)

    @property
    def score(self):
        return self.figures.progress


@dataclass
class ProgramRow:
    program: Program
    figures: Figures

    @property
    def is_it_office(self) -> bool:
        return self.program.owner.kind == Agency.Kind.IT_OFFICE


SORT_KEYS = {
    "score": lambda row: row.figures.progress,
    "reporting": lambda row: row.figures.reporting_rate,
    "on_time": lambda row: row.figures.on_time_rate,
}


def rank_agencies(rows: list[AgencyRow], sort: str) -> list[AgencyRow]:
    """Highest first by the chosen figure; agencies without one last; ties by name."""
    key = SORT_KEYS.get(sort, SORT_KEYS["score"])
    rows = sorted(rows, key=lambda row: row.agency.name_fa)
    return sorted(rows, key=lambda row: (key(row) is None, -(key(row) or 0)))


def heatmap_cells(
    assignments: QuerySet[Assignment], period: ReportingPeriod | None, periods: list[ReportingPeriod]
) -> dict[tuple[int, int], Cell]:
    """(agency id, program id) → cell, for every assignment in scope. One query.

    A cell links to the assignment's report of the period, else to the approved report
    whose percent it shows.
    """
    if period is None:
        rows = assignments.values("agency_id", "program_id")
        return {(row["agency_id"], row["program_id"]): Cell(assigned=True) for row in rows}
    rows = (
        with_approved_percent_as_of(with_period_report(assignments, period), period, periods, "percent", "pk")
        .annotate(period_report_id=F("period_report__pk"), period_report_state=F("period_report__state"))
        .values(
            "agency_id",
            "program_id",
            "approved_as_of_percent",
            "approved_as_of_pk",
            "period_report_id",
            "period_report_state",
        )
        .order_by()
    )
    url = report_url_maker()
    cells = {}
    for row in rows:
        report_id = row["period_report_id"] or row["approved_as_of_pk"]
        cells[(row["agency_id"], row["program_id"])] = Cell(
            assigned=True,
            percent=row["approved_as_of_percent"],
            report_id=report_id,
            report_state=row["period_report_state"] or "",
            url=url(report_id) if report_id else "",
        )
    return cells


@dataclass
class Dashboard:
    filters: Filters
    headline: Figures
    programs: list[ProgramRow]
    agencies: list[AgencyRow]
    trend: list[TrendPoint]

    @property
    def it_office_programs(self) -> list[ProgramRow]:
        return [row for row in self.programs if row.is_it_office]


def province_dashboard(
    user: User, filters: Filters, *, periods: list[ReportingPeriod], sort: str = "score"
) -> Dashboard:
    """Everything the dashboard page and its exports show (`periods`: all_periods()). Six queries."""
    assignments = assignments_in_scope(user, filters)
    period = filters.period
    groups = figures_by(assignments, period, periods, "agency_id", "program_id")
    by_agency, by_program = regroup(groups, 0), regroup(groups, 1)
    programs = Program.objects.filter(pk__in=list(by_program)).select_related("owner").order_by("number")
    agencies = Agency.objects.filter(pk__in=list(by_agency)).select_related("county", "province")
    program_rows = [ProgramRow(program, by_program[program.pk]) for program in programs]
    cells = heatmap_cells(assignments, period, periods)
    agency_rows = []
    for agency in agencies:
        row = AgencyRow(agency, by_agency[agency.pk])
        row.cells = [
            replace(cells.get((agency.pk, program_row.program.pk), Cell()), program=program_row.program)
            for program_row in program_rows
        ]
        agency_rows.append(row)
    return Dashboard(
        filters=filters,
        headline=total(groups),
        programs=program_rows,
        agencies=rank_agencies(agency_rows, sort),
        trend=trend(assignments, trend_periods(periods, period), periods),
    )


def dashboard_review_times(user: User, filters: Filters) -> ReviewTimes:
    """The review times (programs/metrics.py) of the reports the dashboard shows: the chosen
    period's reports of the assignments in scope (every period's without one), with the
    reviewers not yet named (name_reviewers(), for each request: names are not under the data
    versions). One query (two the first time the user's agency is read)."""
    reports = ProgressReport.objects.filter(assignment__in=assignments_in_scope(user, filters))
    if filters.period is not None:
        reports = reports.filter(period=filters.period)
    return unnamed_review_times(reports)


# --- the national overview -----------------------------------------------------------


@dataclass
class ProvinceRow:
    province: Province
    figures: Figures


@dataclass
class NationalOverview:
    filters: Filters
    headline: Figures
    programs: list[ProgramRow]
    provinces: list[ProvinceRow]

    @property
    def it_office_programs(self) -> list[ProgramRow]:
        return [row for row in self.programs if row.is_it_office]


def national_overview(
    user: User, filters: Filters, *, periods: list[ReportingPeriod], sort: str = "score"
) -> NationalOverview:
    """Headline figures, programs and provinces ranked, across every province. Three queries."""
    filters = replace(filters, province_id=None, county_id=None)
    assignments = assignments_in_scope(user, filters)
    period = filters.period
    groups = figures_by(assignments, period, periods, "agency__province_id", "program_id")
    by_province, by_program = regroup(groups, 0), regroup(groups, 1)
    programs = Program.objects.filter(pk__in=list(by_program)).select_related("owner").order_by("number")
    provinces = Province.objects.filter(pk__in=list(by_province))
    key = SORT_KEYS.get(sort, SORT_KEYS["score"])
    province_rows = sorted(
        (ProvinceRow(province, by_province[province.pk]) for province in provinces),
        key=lambda row: (key(row) is None, -(key(row) or 0), row.province.name_fa),
    )
    return NationalOverview(
        filters=filters,
        headline=total(groups),
        programs=[ProgramRow(program, by_program[program.pk]) for program in programs],
        provinces=province_rows,
    )


# --- drill-downs ---------------------------------------------------------------------


@dataclass
class AssignmentRow:
    assignment: Assignment
    cell: Cell


@dataclass
class ProgramDrilldown:
    program: Program
    filters: Filters
    figures: Figures
    agencies: list[AgencyRow]
    trend: list[TrendPoint]
    narratives: list[ProgressReport]


def program_drilldown(
    user: User, program: Program, filters: Filters, *, periods: list[ReportingPeriod]
) -> ProgramDrilldown:
    """Per-agency progress, trend and latest narratives of one program. Six queries."""
    filters = replace(filters, program_id=program.pk, agency_id=None, scope=SCOPE_ALL)
    assignments = assignments_in_scope(user, filters)
    period = filters.period
    groups = figures_by(assignments, period, periods, "agency_id")
    by_agency = regroup(groups, 0)
    cells = heatmap_cells(assignments, period, periods)
    agencies = Agency.objects.filter(pk__in=list(by_agency)).select_related("county")
    rows = [
        AgencyRow(
            agency,
            by_agency[agency.pk],
            [replace(cells.get((agency.pk, program.pk), Cell()), program=program)],
        )
        for agency in agencies
    ]
    narratives = ProgressReport.objects.filter(
        assignment__in=assignments.values("pk"), state__in=[SUBMITTED, APPROVED, RETURNED]
    ).exclude(work_done="", obstacles="")
    if period is not None:
        narratives = narratives.filter(period__opens_on__lte=period.opens_on)
    narratives = narratives.select_related("assignment__agency", "period").order_by(
        "-period__opens_on", "-first_submitted_at", "-pk"
    )[:NARRATIVES]
    return ProgramDrilldown(
        program=program,
        filters=filters,
        figures=total(groups),
        agencies=rank_agencies(rows, "score"),
        trend=trend(assignments, trend_periods(periods, period), periods),
        narratives=list(narratives),
    )


@dataclass
class AgencyDrilldown:
    agency: Agency
    filters: Filters
    figures: Figures
    assignments: list[AssignmentRow]
    trend: list[TrendPoint]


def agency_drilldown(
    user: User, agency: Agency, filters: Filters, *, periods: list[ReportingPeriod]
) -> AgencyDrilldown:
    """The agency's assignments with their latest approved percent, trend and
    reporting history (the trend's counts). Five queries."""
    filters = replace(filters, agency_id=agency.pk, program_id=None, group="", county_id=None, province_id=None)
    assignments = assignments_in_scope(user, filters)
    period = filters.period
    cells = heatmap_cells(assignments, period, periods)
    rows = [
        AssignmentRow(assignment, cells.get((agency.pk, assignment.program_id), Cell()))
        for assignment in assignments.select_related("program__owner").order_by("program__number")
    ]
    return AgencyDrilldown(
        agency=agency,
        filters=filters,
        figures=total(figures_by(assignments, period, periods, "agency_id")),
        assignments=rows,
        trend=trend(assignments, trend_periods(periods, period), periods),
    )


def filter_choices(user: User) -> dict:
    """Periods (and the current one), counties and (for national viewers) provinces to
    filter by. Four or five queries."""
    counties = County.objects.select_related("province").order_by("province__name_fa", "name_fa")
    if not access.sees_nation(user):
        counties = counties.filter(province__agencies__in=agencies_visible_to(user).values("pk")).distinct()
    periods = all_periods()
    today = timezone.localdate()
    return {
        "periods": periods,
        # A period that has not opened has nothing to show: it is not offered (nor read from the URL).
        "selectable": [period for period in periods if period.opens_on <= today],
        "current": current_period(today),
        "counties": list(counties),
        "provinces": list(Province.objects.order_by("name_fa")) if access.sees_nation(user) else [],
    }
