"""Indicators inside the progress report: which indicators a report carries, the rules that
refuse impossible values, what a report needs before it is submitted, and the sources of
indicators the portal computes instead of the agency typing them.

The figures built on indicator values (the year's value, achievement, scores) are defined
in evaluations/metrics.py; docs/definitions.md states them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from programs.models import (
    Assignment,
    Evidence,
    Indicator,
    IndicatorLevel,
    IndicatorTarget,
    IndicatorValue,
    ProgressReport,
)

#: Values are kept with four decimals; a ratio's percent is rounded to them (half up).
VALUE_PLACES = Decimal("0.0001")
PARTS = ("value", "numerator", "denominator", "note", "evidence")


def field_name(indicator_id: int, part: str) -> str:
    """The name of an indicator's input in the report form, and the key of its errors."""
    return f"indicator_{indicator_id}_{part}"


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """100 × numerator ÷ denominator, to four decimals (half up)."""
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def indicators_query():
    return Indicator.objects.filter(is_active=True).prefetch_related(
        Prefetch("levels", queryset=IndicatorLevel.objects.order_by("rank"))
    )


def applies_to(agency) -> Q:
    """The indicators that apply to `agency`: general ones, and those specific to it or its group."""
    applies = Q(indicator_set=Indicator.Set.GENERAL) | Q(agency=agency)
    if agency.group:
        applies |= Q(agency__isnull=True, agency_group=agency.group)
    return applies


def indicators_for(assignment: Assignment) -> list[Indicator]:
    """The active indicators of the assignment's program that apply to its agency (general
    ones, and those specific to the agency or its group), typed and computed. Two queries."""
    applies = applies_to(assignment.agency)
    return list(indicators_query().filter(applies, program_id=assignment.program_id).order_by("code"))


# --- targets -------------------------------------------------------------------------------


def resolve_target(targets: dict, *, indicator_id: int, agency_id: int, group: str) -> tuple[Decimal | None, str]:
    """(target, origin) of an indicator for an agency from `targets`, {(indicator id, agency id
    or None, group or ""): value} of one year or quarter: the agency's own target, else its
    group's, else the program's default; (None, "") when there is none."""
    for key, origin in (
        ((indicator_id, agency_id, ""), "agency"),
        ((indicator_id, None, group), "group"),
        ((indicator_id, None, ""), "program"),
    ):
        if key in targets and (origin != "group" or group):
            return targets[key], origin
    return None, ""


def targets_for(assignment: Assignment, period) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """{indicator id: (the year's target, the period's quarter's target)} of the assignment's
    agency, resolved as resolve_target() says. One query."""
    agency = assignment.agency
    rows = IndicatorTarget.objects.filter(
        indicator__program_id=assignment.program_id, fiscal_year=period.fiscal_year
    ).filter(Q(agency__isnull=True) | Q(agency=agency))
    quarter = period.number if period.kind == "quarter" else None
    by_quarter: dict[int, dict] = {}
    for row in rows:
        by_quarter.setdefault(row.quarter, {})[(row.indicator_id, row.agency_id, row.agency_group)] = row.value
    ids = {key[0] for targets in by_quarter.values() for key in targets}
    found = {}
    for indicator_id in ids:
        year, _origin = resolve_target(by_quarter.get(0, {}), indicator_id=indicator_id, agency_id=agency.pk,
                                       group=agency.group)  # fmt: skip
        part = None
        if quarter is not None:
            part, _origin = resolve_target(by_quarter.get(quarter, {}), indicator_id=indicator_id,
                                           agency_id=agency.pk, group=agency.group)  # fmt: skip
        found[indicator_id] = (year, part)
    return found


# --- the rules that refuse impossible values --------------------------------------------


def _level_ranks(indicator: Indicator) -> set[int]:
    return {level.rank for level in indicator.levels.all()}


def check_value(indicator: Indicator, *, value=None, numerator=None, denominator=None) -> dict[str, str]:
    """Why the typed value is impossible, by form field ({} when it is possible):

    - a ratio needs both its numerator and denominator, the denominator above zero and the
      numerator between zero and the denominator;
    - yes/no is 1 (yes) or 0 (no); a qualitative value is one of the indicator's levels;
    - the value (a ratio's percent) lies within the indicator's valid range, when it has one.
    """
    errors: dict[str, str] = {}
    title = indicator.title
    if indicator.is_ratio:
        if (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            message = _("«%(indicator)s»: give both the numerator and the denominator.")
            errors[field_name(indicator.pk, missing)] = message % {"indicator": title}
            return errors
        if numerator is None:
            return errors
        if denominator <= 0:
            errors[field_name(indicator.pk, "denominator")] = _(
                "«%(indicator)s»: the denominator must be above zero."
            ) % {"indicator": title}
            return errors
        if numerator < 0:
            errors[field_name(indicator.pk, "numerator")] = _(
                "«%(indicator)s»: the numerator cannot be below zero."
            ) % {"indicator": title}
            return errors
        if numerator > denominator:
            errors[field_name(indicator.pk, "numerator")] = _(
                "«%(indicator)s»: the numerator (%(numerator)s) cannot exceed the denominator (%(denominator)s)."
            ) % {"indicator": title, "numerator": _plain(numerator), "denominator": _plain(denominator)}
            return errors
        value = ratio_percent(numerator, denominator)
    if value is None:
        return errors
    key = field_name(indicator.pk, "value")
    if indicator.is_yes_no and value not in (0, 1):
        errors[key] = _("«%(indicator)s»: answer yes or no.") % {"indicator": title}
    elif indicator.is_qualitative and value not in _level_ranks(indicator):
        errors[key] = _("«%(indicator)s»: choose one of the levels.") % {"indicator": title}
    elif (
        indicator.min_value is not None
        and value < indicator.min_value
        or (indicator.max_value is not None and value > indicator.max_value)
    ):
        errors[key if not indicator.is_ratio else field_name(indicator.pk, "numerator")] = _(
            "«%(indicator)s»: %(value)s is outside the valid range, %(low)s to %(high)s."
        ) % {
            "indicator": title, "value": _plain(value),
            "low": _plain(indicator.min_value) if indicator.min_value is not None else "—",
            "high": _plain(indicator.max_value) if indicator.max_value is not None else "—",
        }  # fmt: skip
    return errors


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros, in the active language's digits."""
    from reform_portal.persian import localize_digits

    text = format(Decimal(value).normalize(), "f")
    return localize_digits(text)


def stored_values(indicator: Indicator, *, value=None, numerator=None, denominator=None) -> dict:
    """The columns of an IndicatorValue for what was typed (a ratio's value is its percent)."""
    if indicator.is_ratio:
        possible = numerator is not None and denominator is not None and denominator > 0
        value = ratio_percent(numerator, denominator) if possible else None
        return {"value": value, "numerator": numerator, "denominator": denominator}
    return {"value": value, "numerator": None, "denominator": None}


# --- what a report needs before it is submitted --------------------------------------------


def claims_something(indicator: Indicator, value) -> bool:
    """A value that says something was achieved (above zero, «yes», a level): where the
    indicator requires evidence, such a value is submitted only with a file."""
    return value is not None and value > 0


def submission_errors(report: ProgressReport) -> dict[str, str]:
    """Why the report's indicator values cannot be submitted yet, by form field: a typed
    indicator without a value, or a value that claims something without the evidence file
    the indicator requires. Three queries (none when the program has no indicator)."""
    indicators = [indicator for indicator in indicators_for(report.assignment) if indicator.is_typed]
    if not indicators:
        return {}
    values = {row.indicator_id: row for row in IndicatorValue.objects.filter(report=report)}
    with_evidence = set(
        Evidence.objects.filter(report=report, removed_at__isnull=True, indicator__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    errors = {}
    for indicator in indicators:
        row = values.get(indicator.pk)
        if row is None or row.value is None:
            part = "numerator" if indicator.is_ratio else "value"
            errors[field_name(indicator.pk, part)] = _("Report a value for «%(indicator)s» before submitting.") % {
                "indicator": indicator.title
            }
        elif (
            indicator.evidence_required and claims_something(indicator, row.value) and indicator.pk not in with_evidence
        ):
            errors[field_name(indicator.pk, "evidence")] = _(
                "«%(indicator)s» needs an evidence file for the value reported; attach one before submitting."
            ) % {"indicator": indicator.title}
    return errors


# --- computed indicators ---------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedValue:
    """A computed indicator's value for one agency and period: a ratio, and whether the data
    it comes from reached the IT office after the period's due date."""

    numerator: Decimal
    denominator: Decimal
    late: bool = False

    @property
    def value(self) -> Decimal | None:
        return ratio_percent(self.numerator, self.denominator) if self.denominator else None


#: source → function(agency ids, periods) → {(agency id, period id): ComputedValue}, one query.
#: Registered by the app that owns the data (service_channels for the outside share), so that
#: programs never imports an app above it.
_SOURCES: dict[str, Callable[[Iterable[int], list], dict[tuple[int, int], ComputedValue]]] = {}


def register_source(source: str, compute: Callable) -> None:
    _SOURCES[source] = compute


def computed_values(source: str, agency_ids: Iterable[int], periods: list) -> dict[tuple[int, int], ComputedValue]:
    """The values of a computed indicator for those agencies and periods ({} when nothing
    provides the source)."""
    compute = _SOURCES.get(source)
    if compute is None or not periods:
        return {}
    return compute(list(agency_ids), periods)
