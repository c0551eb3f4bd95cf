"""Computing the evaluation's scores from the year's data, with the figures of
evaluations/metrics.py: for the whole province when the preliminary results are published
(evaluations/services.py keeps them), for one agency in its score simulator, and for the IT
office's preview while the cycle is open. A fixed number of queries whatever the number of
agencies, indicators, periods or values.

Which indicators an agency is scored on: the active indicators of the programs assigned to it
(active assignments) that apply to it (general ones, and those specific to it or its group).
The values used are those of its approved reports of the year's periods (the reviewer's
verified value where there is one), and the computed indicators' values.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from agencies.models import Agency
from evaluations import metrics
from evaluations.metrics import PeriodValue, Rules
from programs.indicators import computed_values, indicators_query
from programs.metrics import is_late
from programs.models import (
    Assignment,
    Evidence,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
)


@dataclass
class ScoreRow:
    """One indicator of one agency: its target, the year's value, achievement and score."""

    agency: Agency
    indicator: Indicator
    weight: Decimal
    target: Decimal | None
    target_origin: str
    actual: Decimal | None
    source: str  # declared, verified, computed or missing (IndicatorScore.Source)
    achievement: Decimal | None
    late: bool
    score: Decimal | None
    periods: list[PeriodValue] = field(default_factory=list)
    level_label: str = ""

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def indicator_set(self) -> str:
        return self.indicator.indicator_set

    def detail(self) -> dict:
        """What IndicatorScore.detail keeps: how the actual was found."""
        return {
            "aggregation": self.indicator.aggregation,
            "target_origin": self.target_origin,
            "level": self.level_label,
            "periods": [
                {
                    "label": period.label,
                    "value": _text(period.value),
                    "numerator": _text(period.numerator),
                    "denominator": _text(period.denominator),
                    "late": period.late,
                    "source": period.source,
                }
                for period in self.periods
            ],
        }


def _text(value) -> str | None:
    return None if value is None else format(value, "f")


def year_periods(year: int) -> list[ReportingPeriod]:
    """The reporting periods of a Jalali fiscal year, in order (programs.metrics.period_order)."""
    return list(ReportingPeriod.objects.filter(fiscal_year=year).order_by("opens_on", "due_on", "pk"))


@dataclass
class Inputs:
    """What the scores of some agencies are computed from (loaded by `load`)."""

    agencies: list[Agency]
    periods: list[ReportingPeriod]
    programs_of: dict[int, set[int]]  # agency id → programs assigned (active)
    indicators: list[Indicator]
    targets: dict
    values: dict  # (agency id, indicator id) → [PeriodValue]


def load(*, agencies: list[Agency], year: int) -> Inputs:
    """Six queries (one more for each kind of computed indicator in use)."""
    agency_ids = [agency.pk for agency in agencies]
    periods = year_periods(year)
    programs_of: dict[int, set[int]] = defaultdict(set)
    for agency_id, program_id in Assignment.objects.filter(agency_id__in=agency_ids, is_active=True).values_list(
        "agency_id", "program_id"
    ):
        programs_of[agency_id].add(program_id)
    program_ids = set().union(*programs_of.values()) if programs_of else set()
    indicators = list(indicators_query().filter(program_id__in=program_ids).order_by("code")) if program_ids else []
    targets = {
        (target.indicator_id, target.agency_id, target.agency_group): target.value
        for target in IndicatorTarget.objects.filter(
            indicator__in=[indicator.pk for indicator in indicators], fiscal_year=year, quarter=0
        ).filter(Q(agency__isnull=True) | Q(agency_id__in=agency_ids))
    }
    values: dict[tuple[int, int], list[PeriodValue]] = defaultdict(list)
    by_period = {period.pk: period for period in periods}
    order = {period.pk: index for index, period in enumerate(periods)}
    typed = [indicator.pk for indicator in indicators if indicator.is_typed]
    if typed and periods:
        rows = IndicatorValue.objects.filter(
            report__state=ProgressReport.State.APPROVED, report__period_id__in=list(by_period),
            report__assignment__agency_id__in=agency_ids, indicator_id__in=typed,
        ).values(
            "indicator_id", "report__assignment__agency_id", "report__period_id", "report__first_submitted_at",
            "value", "numerator", "denominator", "verified_value", "verified_numerator", "verified_denominator",
            "verified_at",
        )  # fmt: skip
        for row in rows:
            period = by_period[row["report__period_id"]]
            verified = row["verified_at"] is not None
            prefix = "verified_" if verified else ""
            values[(row["report__assignment__agency_id"], row["indicator_id"])].append(
                PeriodValue(
                    period_id=period.pk,
                    value=row[f"{prefix}value"],
                    numerator=row[f"{prefix}numerator"],
                    denominator=row[f"{prefix}denominator"],
                    late=is_late(row["report__first_submitted_at"], period),
                    label=period.label,
                    source="verified" if verified else "declared",
                )  # fmt: skip
            )
    for source in {indicator.source for indicator in indicators if not indicator.is_typed}:
        computed = computed_values(source, agency_ids, periods)
        for indicator in indicators:
            if indicator.source != source:
                continue
            for (agency_id, period_id), value in computed.items():
                period = by_period[period_id]
                values[(agency_id, indicator.pk)].append(
                    PeriodValue(
                        period_id=period_id,
                        value=value.value,
                        numerator=value.numerator,
                        denominator=value.denominator,
                        late=value.late,
                        label=period.label,
                        source="computed",
                    )  # fmt: skip
                )
    for key in values:
        values[key].sort(key=lambda value: order[value.period_id])
    return Inputs(agencies, periods, programs_of, indicators, targets, values)


def applicable(inputs: Inputs, agency: Agency) -> list[Indicator]:
    programs = inputs.programs_of.get(agency.pk, set())
    return [
        indicator
        for indicator in inputs.indicators
        if indicator.program_id in programs and indicator.applies_to(agency)
    ]


def score_row(inputs: Inputs, agency: Agency, indicator: Indicator, rules: Rules) -> ScoreRow:
    """One indicator of one agency, by the definitions of evaluations/metrics.py."""
    periods = inputs.values.get((agency.pk, indicator.pk), [])
    year = metrics.year_value(indicator.kind, indicator.aggregation, periods)
    target, origin = metrics.resolve_target(
        inputs.targets, indicator_id=indicator.pk, agency_id=agency.pk, group=agency.group
    )
    levels = {level.rank: level for level in indicator.levels.all()}
    level = levels.get(int(year.value)) if indicator.is_qualitative and year.value is not None else None
    if year.value is None:
        source = "missing"
    elif not indicator.is_typed:
        source = "computed"
    else:
        source = "verified" if any(period.source == "verified" for period in year.used) else "declared"
    if metrics.needs_target(indicator.kind) and target is None:
        achievement = score = None
    else:
        achievement, score = metrics.rescored(
            kind=indicator.kind, direction=indicator.direction, weight=indicator.weight, target=target,
            actual=year.value, late=year.late, rules=rules, level_fraction=level.fraction if level else None,
        )  # fmt: skip
    return ScoreRow(
        agency=agency, indicator=indicator, weight=indicator.weight, target=target, target_origin=origin,
        actual=year.value, source=source, achievement=achievement, late=year.late and year.value is not None,
        score=score, periods=list(periods), level_label=level.label_fa if level else "",
    )  # fmt: skip


def compute(*, agencies: list[Agency], year: int, rules: Rules) -> list[ScoreRow]:
    """The score of every applicable indicator of each agency (in the agencies' order, then
    by indicator code)."""
    inputs = load(agencies=agencies, year=year)
    return [
        score_row(inputs, agency, indicator, rules) for agency in agencies for indicator in applicable(inputs, agency)
    ]


def province_agencies(province_id: int) -> list[Agency]:
    """The agencies a province's evaluation scores: its active executive agencies."""
    return list(
        Agency.objects.filter(province_id=province_id, kind=Agency.Kind.EXECUTIVE, is_active=True)
        .select_related("county")
        .order_by("name_fa", "pk")
    )


# --- the score simulator -----------------------------------------------------------------------

CAUSES = ("missing_evidence", "missing_report", "under_target", "late")


@dataclass
class StakeRow:
    """An indicator that does not earn its full weight yet, the main reason why, and the
    points of its set (out of 1000) that are at stake."""

    row: ScoreRow
    cause: str
    points: Decimal
    periods: list = field(default_factory=list)  # the periods whose report is missing


@dataclass
class Simulation:
    rows: list[ScoreRow]
    general: Decimal | None
    specific: Decimal | None
    overall: Decimal | None
    grade: str
    stakes: list[StakeRow]
    totals: dict  # cause → points at stake
    not_scored: list[ScoreRow]


def simulate(*, agency: Agency, year: int, rules: Rules, today=None) -> Simulation:
    """The agency's scores as its approved data stand today, and what is at stake: for each
    indicator short of its weight, the points it would add if it earned its weight, under its
    main reason (docs/definitions.md, "Score simulator"):

    1. a missing evidence file: the indicator requires evidence and one of the year's reports
       (whatever its state) has a value above zero without a file for it;
    2. a missing report: a period of the year that has opened has no approved report of the
       program with a value for the indicator (computed indicators: no approved counts);
    3. under target: the achievement is below 1;
    4. late data: only the lateness penalty is lost.

    Nine queries or so, whatever the data (load(), plus the year's reports and their files).
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    inputs = load(agencies=[agency], year=year)
    rows = [score_row(inputs, agency, indicator, rules) for indicator in applicable(inputs, agency)]
    opened = [period for period in inputs.periods if period.opens_on <= today]
    reports = list(
        ProgressReport.objects.filter(assignment__agency=agency, period__in=opened).values(
            "pk", "assignment__program_id", "period_id", "state"
        )
    )
    report_ids = [report["pk"] for report in reports]
    claimed = set()
    for report_id, indicator_id, value in IndicatorValue.objects.filter(report_id__in=report_ids).values_list(
        "report_id", "indicator_id", "value"
    ):
        if value is not None and value > 0:
            claimed.add((report_id, indicator_id))
    with_files = set(
        Evidence.objects.filter(report_id__in=report_ids, removed_at__isnull=True, indicator__isnull=False).values_list(
            "report_id", "indicator_id"
        )
    )
    set_weights = _set_weights(rows)
    stakes, not_scored = [], []
    for row in rows:
        if not row.scored:
            not_scored.append(row)
            continue
        if row.score >= row.weight:
            continue
        points = metrics.at_stake(weight=row.weight, score=row.score, set_weight=set_weights[row.indicator_set])
        with_value = {period.period_id for period in row.periods}
        missing = [period for period in opened if period.pk not in with_value]
        program_reports = [report for report in reports if report["assignment__program_id"] == row.indicator.program_id]
        evidence_gap = row.indicator.evidence_required and any(
            (report["pk"], row.indicator.pk) in claimed and (report["pk"], row.indicator.pk) not in with_files
            for report in program_reports
        )
        if evidence_gap:
            cause = "missing_evidence"
        elif missing:
            cause = "missing_report"
        elif row.achievement is not None and row.achievement < 1:
            cause = "under_target"
        else:
            cause = "late"
        stakes.append(
            StakeRow(row=row, cause=cause, points=points, periods=missing if cause == "missing_report" else [])
        )
    totals = {cause: sum((stake.points for stake in stakes if stake.cause == cause), Decimal(0)) for cause in CAUSES}
    general = metrics.set_score_of((r.weight, r.score) for r in rows if r.scored and r.indicator_set == "general")
    specific = metrics.set_score_of((r.weight, r.score) for r in rows if r.scored and r.indicator_set == "specific")
    overall = metrics.overall_score(general, specific)
    return Simulation(rows, general, specific, overall, metrics.grade(overall, rules), stakes, totals, not_scored)


def _set_weights(rows: list[ScoreRow]) -> dict[str, Decimal]:
    weights = {"general": Decimal(0), "specific": Decimal(0)}
    for row in rows:
        if row.scored:
            weights[row.indicator_set] += row.weight
    return weights
