"""Every figure of the annual evaluation, defined once (docs/definitions.md, "The annual
evaluation", states them with worked examples that tests/evaluations/test_definitions.py
recomputes).

All arithmetic is exact (Decimal). Rounding, always half up:

- an indicator's year value: four decimals (a ratio's percent, an average);
- achievement: four decimals, after the cap;
- an indicator's score: two decimals;
- a set score and the overall score (out of 1000), points at stake: one decimal.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from programs.indicators import resolve_target
from programs.models import Indicator

VALUE_PLACES = Decimal("0.0001")
ACHIEVEMENT_PLACES = Decimal("0.0001")
SCORE_PLACES = Decimal("0.01")
SET_PLACES = Decimal("0.1")
SCALE = Decimal(1000)
ONE, ZERO = Decimal(1), Decimal(0)

K, D, A = Indicator.Kind, Indicator.Direction, Indicator.Aggregation


def _round(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


# --- a cycle's rules -------------------------------------------------------------------------

#: The grades, best first, and their default lower bounds out of 1000 (a cycle sets its own).
GRADES = {
    "excellent": _("Excellent"),
    "very_good": _("Very good"),
    "good": _("Good"),
    "fair": _("Fair"),
    "weak": _("Needs improvement"),
}
DEFAULT_BANDS = (
    ("excellent", Decimal(900)),
    ("very_good", Decimal(800)),
    ("good", Decimal(700)),
    ("fair", Decimal(600)),
)


@dataclass(frozen=True)
class Rules:
    """What a cycle decides about scoring (EvaluationCycle's fields; the defaults are the
    portal's)."""

    over_achievement_allowed: bool = False
    over_achievement_cap: Decimal = Decimal("1.20")
    late_penalty: Decimal = Decimal("0.10")
    bands: tuple = DEFAULT_BANDS

    @classmethod
    def of(cls, cycle) -> "Rules":
        return cls(
            over_achievement_allowed=cycle.over_achievement_allowed,
            over_achievement_cap=Decimal(cycle.over_achievement_cap),
            late_penalty=Decimal(cycle.late_penalty),
            bands=(
                ("excellent", Decimal(cycle.band_excellent)),
                ("very_good", Decimal(cycle.band_very_good)),
                ("good", Decimal(cycle.band_good)),
                ("fair", Decimal(cycle.band_fair)),
            ),
        )

    @property
    def cap(self) -> Decimal:
        """The highest achievement counted: 1, or the cycle's cap when over-achievement counts."""
        return self.over_achievement_cap if self.over_achievement_allowed else ONE


# --- an indicator's value for the year -----------------------------------------------------


@dataclass(frozen=True)
class PeriodValue:
    """An indicator's value in one period of the year (periods in order, earliest first)."""

    period_id: int
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    late: bool = False
    label: str = ""
    source: str = "declared"  # declared, verified or computed


@dataclass(frozen=True)
class YearValue:
    value: Decimal | None
    late: bool
    used: tuple  # the PeriodValues the value comes from


def year_value(kind: str, aggregation: str, periods: list[PeriodValue]) -> YearValue:
    """The year's value of an indicator from its approved period values (earliest first):

    - sum: Σ values; for a ratio, Σ numerators ÷ Σ denominators (the pooled ratio);
    - average: the mean of the periods' values (a ratio's percents);
    - latest: the last period's value; maximum: the highest value.

    Yes/no and qualitative indicators take the latest value under «sum» and «average» (a
    level is not added up). None when no period has a value. Late when a period it uses was
    late (for «latest» and «maximum», the period chosen).
    """
    periods = [period for period in periods if period.value is not None]
    if not periods:
        return YearValue(None, False, ())
    if kind in (K.YES_NO, K.QUALITATIVE) and aggregation in (A.SUM, A.AVERAGE):
        aggregation = A.LATEST
    if aggregation == A.LATEST:
        chosen = periods[-1]
        return YearValue(chosen.value, chosen.late, (chosen,))
    if aggregation == A.MAXIMUM:
        chosen = max(periods, key=lambda period: period.value)  # the first of equal ones
        return YearValue(chosen.value, chosen.late, (chosen,))
    late = any(period.late for period in periods)
    if aggregation == A.SUM:
        if kind == K.RATIO:
            numerator = sum((period.numerator for period in periods), ZERO)
            denominator = sum((period.denominator for period in periods), ZERO)
            value = _round(Decimal(100) * numerator / denominator, VALUE_PLACES) if denominator else None
            return YearValue(value, late, tuple(periods))
        return YearValue(sum((period.value for period in periods), ZERO), late, tuple(periods))
    mean = sum((period.value for period in periods), ZERO) / len(periods)
    return YearValue(_round(mean, VALUE_PLACES), late, tuple(periods))


# --- targets ---------------------------------------------------------------------------------

TARGET_ORIGINS = {"agency": _("the agency's own target"), "group": _("the agency group's target"),
                  "program": _("the program's target")}  # fmt: skip
__all__ = ["resolve_target"]  # defined with the indicators (programs/indicators.py), used here


def needs_target(kind: str) -> bool:
    """Yes/no indicators are achieved by «yes» and qualitative ones by their level's share;
    the others need a target."""
    return kind in (K.VALUE, K.RATIO)


# --- achievement and scores ------------------------------------------------------------------


def achievement(
    *, kind: str, direction: str, actual: Decimal | None, target: Decimal | None, rules: Rules,
    level_fraction: Decimal | None = None,
) -> Decimal:  # fmt: skip
    """How much of the target was achieved, from 0 to 1 (to the cap when over-achievement counts):

    - a missing value: 0;
    - yes/no: 1 for yes, 0 for no; qualitative: the share of the level reached;
    - higher is better: actual ÷ target (a target of 0 is met by any value);
    - lower is better: target ÷ actual (an actual of 0 meets any target; a target of 0 is met
      only by 0);
    - never below 0; capped at 1, or at the cycle's cap when over-achievement counts (a
      qualitative level and «yes» are never above 1). Four decimals, half up.
    """
    if actual is None:
        return _round(ZERO, ACHIEVEMENT_PLACES)
    if kind == K.YES_NO:
        return _round(ONE if actual >= 1 else ZERO, ACHIEVEMENT_PLACES)
    if kind == K.QUALITATIVE:
        return _round(min(max(level_fraction or ZERO, ZERO), ONE), ACHIEVEMENT_PLACES)
    if target is None:
        raise ValueError("a quantitative indicator needs a target")
    if direction == D.LOWER:
        if actual <= 0:
            raw = rules.cap
        elif target <= 0:
            raw = ZERO
        else:
            raw = target / actual
    elif target <= 0:
        raw = ONE
    else:
        raw = actual / target
    return _round(min(max(raw, ZERO), rules.cap), ACHIEVEMENT_PLACES)


def indicator_score(*, weight: Decimal, achievement: Decimal, late: bool, rules: Rules) -> Decimal:
    """weight × achievement, less the cycle's share for late data: weight × achievement ×
    (1 − late penalty) when late. Two decimals, half up."""
    factor = ONE - rules.late_penalty if late else ONE
    return _round(Decimal(weight) * achievement * factor, SCORE_PLACES)


def set_score(total_score: Decimal | None, total_weight: Decimal | None) -> Decimal | None:
    """An agency's score on a set of indicators, out of 1000: Σ scores ÷ Σ weights × 1000
    over its scored indicators of the set (a missing value is a score of 0 and counts). One
    decimal, half up; None when the weights add up to 0 (no scored indicator)."""
    if not total_weight:
        return None
    return _round(Decimal(total_score or 0) / Decimal(total_weight) * SCALE, SET_PLACES)


def set_score_of(rows: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """set_score() of (weight, score) pairs."""
    rows = list(rows)
    return set_score(sum((score for _weight, score in rows), ZERO), sum((weight for weight, _score in rows), ZERO))


def overall_score(general: Decimal | None, specific: Decimal | None) -> Decimal | None:
    """The agency's overall score out of 1000, which ranks it: the mean of its general and
    specific set scores; the one it has when it has only one; None with neither. One decimal."""
    present = [score for score in (general, specific) if score is not None]
    if not present:
        return None
    return _round(sum(present, ZERO) / len(present), SET_PLACES)


def grade(score: Decimal | None, rules: Rules) -> str:
    """The grade of a score out of 1000: the first band whose lower bound it reaches (the
    cycle's bands; by default excellent ≥ 900, very good ≥ 800, good ≥ 700, fair ≥ 600),
    else «needs improvement»; "" without a score."""
    if score is None:
        return ""
    for name, lower in rules.bands:
        if score >= lower:
            return name
    return "weak"


def grade_label(code: str) -> str:
    return str(GRADES.get(code, "")) if code else ""


def points(amount: Decimal, set_weight: Decimal) -> Decimal:
    """A score (or a weight) as points of its set out of 1000: amount ÷ Σ weights of the set
    × 1000. One decimal, half up; 0 when the set has no weight."""
    if not set_weight:
        return ZERO
    return _round(Decimal(amount) / Decimal(set_weight) * SCALE, SET_PLACES)


def at_stake(*, weight: Decimal, score: Decimal, set_weight: Decimal) -> Decimal:
    """The points of the set an indicator does not earn yet: points(weight − score)."""
    return points(Decimal(weight) - Decimal(score), set_weight)


def rescored(*, kind: str, direction: str, weight: Decimal, target: Decimal | None, actual: Decimal | None,
             late: bool, rules: Rules, level_fraction: Decimal | None = None) -> tuple[Decimal, Decimal]:  # fmt: skip
    """(achievement, score) of one indicator: what publication computes and what an accepted
    objection recomputes with the accepted value."""
    value = achievement(kind=kind, direction=direction, actual=actual, target=target, rules=rules,
                        level_fraction=level_fraction)  # fmt: skip
    return value, indicator_score(weight=weight, achievement=value, late=late and actual is not None, rules=rules)


def ranked(rows: list, *, key, attribute: str = "rank") -> list:
    """Rows ranked by `key(row)` (a score; None last, unranked), highest first; equal scores
    share a rank (1, 2, 2, 4). Sets the rank as `attribute` of each row and returns the rows
    in order; ties keep the given order (the agencies' names)."""
    ordered = sorted(rows, key=lambda row: (key(row) is None, -(key(row) or 0)))
    previous, rank = object(), 0
    for position, row in enumerate(ordered, start=1):
        value = key(row)
        if value != previous:
            rank, previous = position, value
        setattr(row, attribute, rank if value is not None else None)
    return ordered
