"""Dashboard figures, computed once here and formatted by pages and exports alike.

The definitions (docs/definitions.md) for a chosen reporting period P:

- expected reports = active assignments (of active agencies) in the scope, one per period;
- reporting rate = reports of P that are submitted or approved ÷ expected;
- on-time rate = reports of P first submitted by P's due date (Tehran time) ÷ expected;
- latest approved percent of an assignment = the percent of its approved report of the
  latest period that opened no later than P (None when there is none);
- progress (overall, per program, per agency) = the weight-averaged latest approved
  percent of the assignments, an assignment without one counting as 0.

Every figure comes from database aggregates; each function runs a fixed number of
queries whatever the amount of data.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.models import Agency, County, Province, User
from agencies.selectors import agencies_visible_to
from programs.models import Assignment, Program, ProgressReport, ReportingPeriod
from programs.selectors import current_period

APPROVED = ProgressReport.State.APPROVED
SUBMITTED = ProgressReport.State.SUBMITTED
RETURNED = ProgressReport.State.RETURNED
SCOPE_ALL = "all"
SCOPE_IT_OFFICE = "it_office"
TREND_PERIODS = 8
NARRATIVES = 10
_ONE_DECIMAL = Decimal("0.1")
_WEIGHTED = DecimalField(max_digits=14, decimal_places=2)


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


def is_national_viewer(user: User) -> bool:
    """A reviewer without an agency, or an administrator, sees every province."""
    return user.is_superuser or (user.is_staff and not user.role) or (user.is_reviewer and user.agency_id is None)


def assignments_in_scope(user: User, filters: Filters) -> QuerySet[Assignment]:
    """Active assignments of active agencies that the user may see, within the filters."""
    assignments = Assignment.objects.filter(is_active=True, agency__is_active=True)
    if not is_national_viewer(user):
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


# --- the definitions, as SQL expressions --------------------------------------------


def on_time_cutoff(period: ReportingPeriod) -> datetime.datetime:
    """The first moment after the due date, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(period.due_on + datetime.timedelta(days=1), datetime.time()))


def eligible_periods(period: ReportingPeriod, periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """The periods whose approved report may give the latest approved percent for `period`,
    in the order they are looked at: the period itself, then the others opened no later,
    latest first (by opening date, then due date, then id)."""
    earlier = [p for p in periods if p.pk != period.pk and p.opens_on <= period.opens_on]
    earlier.sort(key=lambda p: (p.opens_on, p.due_on, p.pk), reverse=True)
    return [period, *earlier]


def _probes(periods: list[ReportingPeriod], field_name: str) -> RawSQL:
    """COALESCE over the given periods of the assignment's approved report's field: one
    probe of the (period, assignment) index of approved reports per period, stopping at the first hit.

    Written as SQL text because the ORM takes long to compile dozens of subqueries; it
    refers to the outer assignment table by name, so the query it goes into must select
    from programs_assignment directly (not as a nested subquery).
    """
    quote = connection.ops.quote_name
    report, outer = ProgressReport._meta, Assignment._meta
    column = quote(report.pk.column if field_name == "pk" else report.get_field(field_name).column)
    probe = (
        f"(SELECT lap.{column} FROM {quote(report.db_table)} lap WHERE lap.{quote('assignment_id')} = "
        f"{quote(outer.db_table)}.{quote(outer.pk.column)} AND lap.{quote('period_id')} = %s "
        f"AND lap.{quote('state')} = %s)"
    )
    sql = ", ".join([probe] * len(periods))
    if len(periods) > 1:
        sql = f"COALESCE({sql})"
    params = [value for period in periods for value in (period.pk, APPROVED)]
    output = IntegerField() if field_name == "percent" else BigIntegerField()
    return RawSQL(sql, params, output_field=output)


def latest_approved(period: ReportingPeriod, periods: list[ReportingPeriod], field_name: str = "percent"):
    """The latest approved percent (or another field of that report) as one SQL expression.

    COALESCE over the eligible periods, latest first: the database stops at the first
    period with an approved report, so an assignment costs one or two index probes
    instead of reading its whole history.
    """
    return _probes(eligible_periods(period, periods), field_name)


JOINED_PERIODS = 2  # the chosen period and the one before are joined; older ones probed


def with_latest_approved(
    assignments: QuerySet[Assignment], period: ReportingPeriod, periods: list[ReportingPeriod], *fields: str
) -> QuerySet[Assignment]:
    """Annotates `lap_<field>` for each field: like latest_approved(), but the two latest
    eligible periods come from joins (set-based, cheap for many rows) and only the rest
    from probes. Same result, faster for a whole province or country."""
    chain = eligible_periods(period, periods)
    joined, probed = chain[:JOINED_PERIODS], chain[JOINED_PERIODS:]
    for index, joined_period in enumerate(joined):
        condition = Q(reports__period_id=joined_period.pk, reports__state=APPROVED)
        assignments = assignments.annotate(**{f"approved_{index}": FilteredRelation("reports", condition=condition)})
    for field_name in fields:
        parts = [F(f"approved_{index}__{field_name}") for index in range(len(joined))]
        if probed:
            parts.append(_probes(probed, field_name))
        assignments = assignments.annotate(**{f"lap_{field_name}": parts[0] if len(parts) == 1 else Coalesce(*parts)})
    return assignments


def _weighted(expression):
    return ExpressionWrapper(F("weight") * Coalesce(expression, Value(0)), output_field=_WEIGHTED)


def _figure_aggregates(period: ReportingPeriod) -> dict:
    """Needs the `period_report` join and the `lap_percent` annotation."""
    cutoff = on_time_cutoff(period)
    return {
        "expected": Count("pk"),
        "submitted": Count("pk", filter=Q(period_report__state=SUBMITTED)),
        "approved": Count("pk", filter=Q(period_report__state=APPROVED)),
        "returned": Count("pk", filter=Q(period_report__state=RETURNED)),
        "on_time": Count("pk", filter=Q(period_report__first_submitted_at__lt=cutoff)),
        "weight_sum": Sum("weight"),
        "weighted_sum": Sum(_weighted(F("lap_percent"))),
    }


def _with_period_report(assignments: QuerySet[Assignment], period: ReportingPeriod) -> QuerySet[Assignment]:
    return assignments.annotate(period_report=FilteredRelation("reports", condition=Q(reports__period=period)))


# --- figures ---------------------------------------------------------------------------


def rate(part, whole) -> Decimal | None:
    """part ÷ whole as a percent with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    on_time: int = 0
    weight: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)

    @classmethod
    def from_row(cls, row: dict) -> "Figures":
        return cls(
            expected=row.get("expected") or 0,
            submitted=row.get("submitted") or 0,
            approved=row.get("approved") or 0,
            returned=row.get("returned") or 0,
            on_time=row.get("on_time") or 0,
            weight=Decimal(row.get("weight_sum") or 0),
            weighted=Decimal(row.get("weighted_sum") or 0),
        )

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            expected=self.expected + other.expected,
            submitted=self.submitted + other.submitted,
            approved=self.approved + other.approved,
            returned=self.returned + other.returned,
            on_time=self.on_time + other.on_time,
            weight=self.weight + other.weight,
            weighted=self.weighted + other.weighted,
        )

    @property
    def reported(self) -> int:
        """Submitted or approved."""
        return self.submitted + self.approved

    @property
    def missing(self) -> int:
        """Expected reports not sent yet: no report, or still a draft."""
        return self.expected - self.submitted - self.approved - self.returned

    @property
    def awaiting_review(self) -> int:
        return self.submitted

    @property
    def progress(self) -> Decimal | None:
        if not self.weight:
            return None
        return (self.weighted / self.weight).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.expected)


def figures_by(
    assignments: QuerySet[Assignment], period: ReportingPeriod | None, periods: list[ReportingPeriod], *keys: str
) -> dict[tuple, Figures]:
    """Figures per combination of `keys` (e.g. "agency_id", "program_id"). One query.

    Every figure is a sum, so finer groups add up to coarser ones: see total() and regroup().
    """
    if period is None:
        rows = assignments.values(*keys).annotate(expected=Count("pk")).order_by()
    else:
        rows = (
            with_latest_approved(_with_period_report(assignments, period), period, periods, "percent")
            .values(*keys)
            .annotate(**_figure_aggregates(period))
            .order_by()
        )
    return {tuple(row[key] for key in keys): Figures.from_row(row) for row in rows}


def regroup(groups: dict[tuple, Figures], position: int) -> dict:
    """Adds up the groups by one of their keys."""
    result: dict = {}
    for key, value in groups.items():
        result[key[position]] = result.get(key[position], Figures()) + value
    return result


def total(groups: dict[tuple, Figures]) -> Figures:
    result = Figures()
    for value in groups.values():
        result += value
    return result


# --- periods -----------------------------------------------------------------------


def all_periods() -> list[ReportingPeriod]:
    """Every period, latest first. One query."""
    return list(ReportingPeriod.objects.order_by("-opens_on", "-due_on", "-pk"))


def trend_periods(periods: list[ReportingPeriod], period: ReportingPeriod | None) -> list[ReportingPeriod]:
    """The chosen period and those opened before it of the same kind, oldest first."""
    if period is None:
        return []
    earlier = [p for p in periods if p.kind == period.kind and p.opens_on <= period.opens_on]
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
    """Progress, reporting and on-time rates for each period of `window`. Two queries,
    whatever the number of periods. Expected reports per period = the assignments active now.
    """
    if not window:
        return []
    weighted = {
        f"weighted_{period.pk}": Sum(_weighted(latest_approved(period, periods))) for period in window
    }  # one expression per period, one query in all
    totals = assignments.aggregate(expected=Count("pk"), weight_sum=Sum("weight"), **weighted)
    on_time = Q()
    for period in window:
        on_time |= Q(period_id=period.pk, first_submitted_at__lt=on_time_cutoff(period))
    rows = (
        ProgressReport.objects.filter(period__in=window, assignment__in=assignments.values("pk"))
        .values("period_id")
        .annotate(
            submitted=Count("pk", filter=Q(state=SUBMITTED)),
            approved=Count("pk", filter=Q(state=APPROVED)),
            returned=Count("pk", filter=Q(state=RETURNED)),
            on_time=Count("pk", filter=on_time),
        )
        .order_by()
    )
    by_period = {row["period_id"]: row for row in rows}
    points = []
    for period in window:
        row = {**by_period.get(period.pk, {}), "expected": totals["expected"], "weight_sum": totals["weight_sum"]}
        row["weighted_sum"] = totals[f"weighted_{period.pk}"]
        points.append(TrendPoint(period=period, figures=Figures.from_row(row)))
    return points


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
        with_latest_approved(_with_period_report(assignments, period), period, periods, "percent", "pk")
        .annotate(period_report_id=F("period_report__pk"), period_report_state=F("period_report__state"))
        .values("agency_id", "program_id", "lap_percent", "lap_pk", "period_report_id", "period_report_state")
        .order_by()
    )
    url = report_url_maker()
    cells = {}
    for row in rows:
        report_id = row["period_report_id"] or row["lap_pk"]
        cells[(row["agency_id"], row["program_id"])] = Cell(
            assigned=True,
            percent=row["lap_percent"],
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
    agencies = Agency.objects.filter(pk__in=list(by_agency)).select_related("county")
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
    if not is_national_viewer(user):
        counties = counties.filter(province__agencies__in=agencies_visible_to(user).values("pk")).distinct()
    return {
        "periods": all_periods(),
        "current": current_period(),
        "counties": list(counties),
        "provinces": list(Province.objects.order_by("name_fa")) if is_national_viewer(user) else [],
    }
