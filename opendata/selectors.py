"""The open data: figures of what an administrator published (opendata/models.py), from
the same definitions as the dashboards (programs/metrics.py, docs/definitions.md), for
anyone, without a login. Each function runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from agencies.models import Agency, Province
from opendata.extensions import agency_columns
from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince
from programs.metrics import (
    Figures,
    all_periods,
    expected_assignments,
    figures_by,
    figures_per_period,
    period_order,
    regroup,
    total,
)
from programs.models import Program, ReportingPeriod

TREND_PERIODS = 8


@dataclass(frozen=True)
class Publication:
    """What is published: provinces (with whether their agencies are shown), programs, periods."""

    provinces: dict[int, bool]
    program_ids: frozenset[int]
    period_ids: frozenset[int]
    province_ids_by_code: dict[str, int] = field(default_factory=dict)

    def key(self) -> tuple:
        """For the cache: a change of what is published changes every page's key."""
        return (tuple(sorted(self.provinces.items())), tuple(sorted(self.program_ids)), tuple(sorted(self.period_ids)))


def publication() -> Publication:
    """Three queries."""
    provinces = PublishedProvince.objects.values_list("province_id", "show_agencies", "province__code")
    return Publication(
        provinces={province_id: show for province_id, show, _code in provinces},
        province_ids_by_code={code: province_id for province_id, _show, code in provinces},
        program_ids=frozenset(PublishedProgram.objects.values_list("program_id", flat=True)),
        period_ids=frozenset(PublishedPeriod.objects.values_list("period_id", flat=True)),
    )


def published_periods(published: Publication, periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """Published periods that have opened, latest first (period_order)."""
    today = timezone.localdate()
    return [period for period in periods if period.pk in published.period_ids and period.opens_on <= today]


def choose_period(published_list: list[ReportingPeriod], period_id) -> ReportingPeriod | None:
    """The period asked for (a 404 unless published), else the latest published one."""
    if period_id in (None, ""):
        return published_list[0] if published_list else None
    try:
        wanted = int(period_id)
    except (TypeError, ValueError):
        raise Http404 from None
    for period in published_list:
        if period.pk == wanted:
            return period
    raise Http404


def _assignments(published: Publication, province_ids):
    return expected_assignments().filter(
        agency__province_id__in=list(province_ids), program_id__in=list(published.program_ids)
    )


@dataclass
class ProvinceSummary:
    province: Province
    figures: Figures


@dataclass
class Index:
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    provinces: list[ProvinceSummary]
    as_of: object = field(default_factory=timezone.now)


def index(published: Publication, *, period_id=None) -> Index:
    """Published provinces with their headline figures for a published period. Three queries."""
    periods = all_periods()
    listed = published_periods(published, periods)
    period = choose_period(listed, period_id)
    provinces = list(Province.objects.filter(pk__in=list(published.provinces)).order_by("name_fa"))
    groups = {}
    if period is not None and published.program_ids:
        groups = regroup(
            figures_by(_assignments(published, published.provinces), period, periods, "agency__province_id"), 0
        )
    return Index(
        period=period,
        periods=listed,
        provinces=[ProvinceSummary(province, groups.get(province.pk, Figures())) for province in provinces],
    )


@dataclass
class ProgramFigures:
    program: Program
    figures: Figures


@dataclass
class AgencyFigures:
    agency: Agency
    figures: Figures
    extra: list = field(default_factory=list)  # one value per extensions.agency_columns()


@dataclass
class TrendPoint:
    period: ReportingPeriod
    figures: Figures


@dataclass
class ProvincePage:
    province: Province
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    headline: Figures
    programs: list[ProgramFigures]
    agencies: list[AgencyFigures] | None  # None: the administrator did not publish them
    columns: list[tuple[str, object]]  # (key, label) of the columns other apps add (opendata/extensions.py)
    trend: list[TrendPoint]
    as_of: object = field(default_factory=timezone.now)


def published_province(code: str, published: Publication) -> Province:
    province = Province.objects.filter(code=code, pk__in=list(published.provinces)).first()
    if province is None:
        raise Http404
    return province


def province_page(published: Publication, code: str, *, period_id=None) -> ProvincePage:
    """A published province: its programs' approved progress and reporting rates for a
    published period, its agencies' reporting and on-time rates (if published), and the
    province's figures over the published periods. Eight queries (and those of the columns
    other apps add), whatever the amount of data."""
    province = published_province(code, published)
    periods = all_periods()
    listed = published_periods(published, periods)
    period = choose_period(listed, period_id)
    assignments = _assignments(published, [province.pk])
    groups = figures_by(assignments, period, periods, "agency_id", "program_id") if period else {}
    by_program, by_agency = regroup(groups, 1), regroup(groups, 0)
    programs = Program.objects.filter(pk__in=list(by_program)).order_by("number")
    agencies = None
    columns = []
    if published.provinces[province.pk]:
        rows = list(Agency.objects.filter(pk__in=list(by_agency)).order_by("name_fa"))
        extra = [column.values(province, period, [agency.pk for agency in rows]) for column in agency_columns()]
        columns = [(column.key, column.label) for column in agency_columns()]
        agencies = [
            AgencyFigures(agency, by_agency[agency.pk], [values.get(agency.pk) for values in extra]) for agency in rows
        ]
        agencies.sort(key=lambda row: (row.figures.reporting_rate is None, -(row.figures.reporting_rate or 0)))
    window = []
    if period is not None:
        window = [p for p in listed if p.kind == period.kind and period_order(p) <= period_order(period)]
        window = list(reversed(window[:TREND_PERIODS]))
    per_period = figures_per_period(assignments, window, periods) if window else {}
    return ProvincePage(
        province=province,
        period=period,
        periods=listed,
        headline=total(groups),
        programs=[ProgramFigures(program, by_program[program.pk]) for program in programs],
        agencies=agencies,
        columns=columns,
        trend=[TrendPoint(p, per_period[p.pk]) for p in window],
    )
