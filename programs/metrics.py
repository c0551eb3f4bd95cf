"""The figures about progress reports, each defined once here (docs/definitions.md states them).

The dashboards and their exports (dashboards/selectors.py composes these into pages), the
agency page and the report form (programs/views.py), the report workflow's decrease check
(programs/workflows.py) and the reminders (programs/services/reminders.py) all use them.

Names say what a figure looks at: «as of P» means period P and the periods before it, never
a later one; «before P» only the periods before P; «as of today» is as of the current period
(programs.selectors.current_period). Periods are ordered by opening date, then due date,
then id (`period_order`), so that two periods opening the same day still have an order.
"""

import datetime
from dataclasses import dataclass, field, fields, replace
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
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.models import User
from programs.models import Assignment, ProgressReport, ReportEvent, ReportingPeriod
from reform_portal.persian import is_persian_active, localize_digits

S = ProgressReport.State
_COALESCE_ARGUMENTS = 50  # SQLite allows 100 arguments to a function; longer chains are nested
_ONE_DECIMAL = Decimal("0.1")
_WEIGHTED = DecimalField(max_digits=14, decimal_places=2)


# --- expected reports --------------------------------------------------------------------


def expected_assignments() -> QuerySet[Assignment]:
    """The assignments that owe one report for every period: active assignments of active agencies."""
    return Assignment.objects.filter(is_active=True, agency__is_active=True)


# --- the order of periods ------------------------------------------------------------------


def period_order(period: ReportingPeriod) -> tuple:
    """The key periods are ordered by: opening date, then due date, then id."""
    return (period.opens_on, period.due_on, period.pk)


def all_periods() -> list[ReportingPeriod]:
    """Every period, latest first (period_order). One query."""
    return list(ReportingPeriod.objects.order_by("-opens_on", "-due_on", "-pk"))


def periods_before(period: ReportingPeriod, periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """The periods of `periods` that come strictly before `period`, latest first."""
    key = period_order(period)
    return sorted((p for p in periods if period_order(p) < key), key=period_order, reverse=True)


def periods_as_of(period: ReportingPeriod, periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """Where «as of P» looks, in order: P itself, then the periods before it, latest first."""
    return [period, *periods_before(period, periods)]


# --- latest approved percent -----------------------------------------------------------


def _first_approved(chain: list[ReportingPeriod], field_name: str):
    """The field of the assignment's approved report of the first period of `chain` that has one.

    COALESCE of one probe per period of the (period, assignment) index of approved reports:
    the database stops at the first hit, so an assignment costs one or two probes instead of
    reading its whole history. Written as SQL text because the ORM takes long to compile
    dozens of subqueries; it refers to the outer assignment table by name, so the query it
    goes into must select from programs_assignment directly (not as a nested subquery).
    """
    output = IntegerField() if field_name == "percent" else BigIntegerField()
    if not chain:
        return Value(None, output_field=output)
    quote = connection.ops.quote_name
    report, outer = ProgressReport._meta, Assignment._meta
    column = quote(report.pk.column if field_name == "pk" else report.get_field(field_name).column)
    probe = (
        f"(SELECT lap.{column} FROM {quote(report.db_table)} lap WHERE lap.{quote('assignment_id')} = "
        f"{quote(outer.db_table)}.{quote(outer.pk.column)} AND lap.{quote('period_id')} = %s "
        f"AND lap.{quote('state')} = %s)"
    )
    sql, before = probe, len(chain) - 1  # the last probe, then the others in nested COALESCEs
    while before:
        chunk = min(before, _COALESCE_ARGUMENTS - 1)
        sql, before = f"COALESCE({', '.join([probe] * chunk)}, {sql})", before - chunk
    params = [value for period in chain for value in (period.pk, S.APPROVED)]
    return RawSQL(sql, params, output_field=output)


def approved_percent_as_of(period: ReportingPeriod, periods: list[ReportingPeriod], field_name: str = "percent"):
    """The latest approved percent as of P, as an expression on assignments: the percent of
    the assignment's approved report of P, else approved_percent_before(P); None when neither.
    (`field_name` takes another field of that same report, e.g. "pk".)"""
    return _first_approved(periods_as_of(period, periods), field_name)


def approved_percent_before(period: ReportingPeriod, periods: list[ReportingPeriod], field_name: str = "percent"):
    """The latest approved percent before P, as an expression on assignments: the percent of
    the approved report of the latest period before P that has one; None when there is none."""
    return _first_approved(periods_before(period, periods), field_name)


def approved_percent_before_for(
    *, assignment: Assignment, period: ReportingPeriod, periods: list[ReportingPeriod] | None = None
) -> int | None:
    """approved_percent_before() of one assignment (the report form, the decrease check).
    Two queries (one when `periods`, all_periods(), is given)."""
    periods = all_periods() if periods is None else periods
    return (
        Assignment.objects.filter(pk=assignment.pk)
        .annotate(value=approved_percent_before(period, periods))
        .values_list("value", flat=True)
        .first()
    )


JOINED_PERIODS = 2  # P and the period before it are joined; older ones probed


def with_approved_percent_as_of(
    assignments: QuerySet[Assignment], period: ReportingPeriod, periods: list[ReportingPeriod], *field_names: str
) -> QuerySet[Assignment]:
    """Annotates `approved_as_of_<field>` for each field: approved_percent_as_of(), but the
    two first periods looked at come from joins (set-based, cheap for many rows) and only the
    others from probes. Same result, faster for a whole province or country."""
    chain = periods_as_of(period, periods)
    joined, probed = chain[:JOINED_PERIODS], chain[JOINED_PERIODS:]
    for index, joined_period in enumerate(joined):
        condition = Q(reports__period_id=joined_period.pk, reports__state=S.APPROVED)
        assignments = assignments.annotate(**{f"approved_{index}": FilteredRelation("reports", condition=condition)})
    for field_name in field_names:
        parts = [F(f"approved_{index}__{field_name}") for index in range(len(joined))]
        if probed:
            parts.append(_first_approved(probed, field_name))
        value = parts[0] if len(parts) == 1 else Coalesce(*parts)
        assignments = assignments.annotate(**{f"approved_as_of_{field_name}": value})
    return assignments


def weighted_percent(percent):
    """weight × percent, a missing percent counting as 0: the terms of every progress average."""
    return ExpressionWrapper(F("weight") * Coalesce(percent, Value(0)), output_field=_WEIGHTED)


# --- on time -------------------------------------------------------------------------------


def on_time_cutoff(period: ReportingPeriod) -> datetime.datetime:
    """The first moment after P's due date, in the portal's time zone (Asia/Tehran)."""
    return timezone.make_aware(datetime.datetime.combine(period.due_on + datetime.timedelta(days=1), datetime.time()))


def is_on_time(first_submitted_at: datetime.datetime | None, period: ReportingPeriod) -> bool:
    """First submitted (reached the IT office) on or before P's due date."""
    return first_submitted_at is not None and first_submitted_at < on_time_cutoff(period)


def is_late(
    first_submitted_at: datetime.datetime | None, period: ReportingPeriod, *, now: datetime.datetime | None = None
) -> bool:
    """Not on time: first submitted after the due date, or not submitted and the due date has passed."""
    if first_submitted_at is None:
        return (now or timezone.now()) >= on_time_cutoff(period)
    return not is_on_time(first_submitted_at, period)


def on_time_condition(period: ReportingPeriod, prefix: str = "") -> Q:
    """is_on_time() as a filter on reports; `prefix` is the path to the report ("period_report__")."""
    return Q(**{f"{prefix}first_submitted_at__lt": on_time_cutoff(period)})


# --- P's reports by state ------------------------------------------------------------------

#: The figures that count P's reports in one state each. An expected report in none of
#: these states (no report, or a draft) is missing.
STATE_FIGURES = {
    "submitted": S.SUBMITTED,
    "approved": S.APPROVED,
    "returned": S.RETURNED,
    "awaiting_sign_off": S.AWAITING_SIGN_OFF,
}
REPORTED = frozenset({S.SUBMITTED, S.APPROVED})


def report_counts(on_time: Q, prefix: str = "") -> dict:
    """Aggregates counting the reports behind each STATE_FIGURES figure, and those on time."""
    counts = {name: Count("pk", filter=Q(**{f"{prefix}state": state})) for name, state in STATE_FIGURES.items()}
    return {**counts, "on_time": Count("pk", filter=on_time)}


def with_period_report(assignments: QuerySet[Assignment], period: ReportingPeriod) -> QuerySet[Assignment]:
    """Joins each assignment's report of P as `period_report` (none when there is no report)."""
    return assignments.annotate(period_report=FilteredRelation("reports", condition=Q(reports__period=period)))


# --- figures ---------------------------------------------------------------------------------


def rate(part, whole) -> Decimal | None:
    """part ÷ whole as a percent with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The figures of some assignments for one period P. Every field is a sum, so the
    figures of groups add up to those of the whole (see regroup() and total())."""

    expected: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    awaiting_sign_off: int = 0
    on_time: int = 0
    weight: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)

    @classmethod
    def from_row(cls, row: dict) -> "Figures":
        return cls(
            expected=row.get("expected") or 0,
            **{name: row.get(name) or 0 for name in STATE_FIGURES},
            on_time=row.get("on_time") or 0,
            weight=Decimal(row.get("weight_sum") or 0),
            weighted=Decimal(row.get("weighted_sum") or 0),
        )

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def reported(self) -> int:
        """Submitted or approved: the reports that reached the IT office."""
        return self.submitted + self.approved

    @property
    def awaiting_review(self) -> int:
        """Submitted, waiting for the IT office."""
        return self.submitted

    @property
    def missing(self) -> int:
        """No report yet, or only a draft."""
        return self.expected - self.reported - self.returned - self.awaiting_sign_off

    @property
    def unsent(self) -> int:
        """Not reported yet: missing, returned or awaiting the deputy's sign-off (what reminders chase)."""
        return self.expected - self.reported

    @property
    def progress(self) -> Decimal | None:
        """Σ weight × latest approved percent as of P ÷ Σ weight (no approved report counts as 0)."""
        if not self.weight:
            return None
        return (self.weighted / self.weight).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.expected)


def _figure_aggregates(period: ReportingPeriod) -> dict:
    """Over assignments with the `period_report` join and the `approved_as_of_percent` annotation."""
    return {
        "expected": Count("pk"),
        **report_counts(on_time_condition(period, "period_report__"), "period_report__"),
        "weight_sum": Sum("weight"),
        "weighted_sum": Sum(weighted_percent(F("approved_as_of_percent"))),
    }


def figures_by(
    assignments: QuerySet[Assignment], period: ReportingPeriod | None, periods: list[ReportingPeriod], *keys: str
) -> dict[tuple, Figures]:
    """Figures of P per combination of `keys` (e.g. "agency_id", "program_id"). One query.

    `assignments` are the expected ones in scope; `periods` is all_periods().
    """
    if period is None:
        rows = assignments.values(*keys).annotate(expected=Count("pk")).order_by()
    else:
        rows = (
            with_approved_percent_as_of(with_period_report(assignments, period), period, periods, "percent")
            .values(*keys)
            .annotate(**_figure_aggregates(period))
            .order_by()
        )
    return {tuple(row[key] for key in keys): Figures.from_row(row) for row in rows}


def figures_per_period(
    assignments: QuerySet[Assignment], window: list[ReportingPeriod], periods: list[ReportingPeriod]
) -> dict[int, Figures]:
    """Period id → the figures of each period of `window` (the trend). Two queries, whatever
    the number of periods. Expected reports of every period = the assignments active now."""
    if not window:
        return {}
    weighted_sums = {
        f"weighted_{period.pk}": Sum(weighted_percent(approved_percent_as_of(period, periods))) for period in window
    }  # one expression per period, one query in all
    totals = assignments.aggregate(expected=Count("pk"), weight_sum=Sum("weight"), **weighted_sums)
    on_time = Q()
    for period in window:
        on_time |= Q(period_id=period.pk) & on_time_condition(period)
    rows = (
        ProgressReport.objects.filter(period__in=window, assignment__in=assignments.values("pk"))
        .values("period_id")
        .annotate(**report_counts(on_time))
        .order_by()
    )
    by_period = {row["period_id"]: row for row in rows}
    return {
        period.pk: Figures.from_row(
            {
                **by_period.get(period.pk, {}),
                "expected": totals["expected"],
                "weight_sum": totals["weight_sum"],
                "weighted_sum": totals[f"weighted_{period.pk}"],
            }
        )
        for period in window
    }


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


# --- unsent reports (the reminders) ------------------------------------------------------

TO_WRITE, TO_CORRECT, TO_SIGN_OFF = "to_write", "to_correct", "awaiting_sign_off"


def unsent_kind(state: str | None) -> str | None:
    """What an expected report of P still needs, from its state (None: there is no report):
    to be written (missing), corrected (returned) or signed off; None once reported."""
    if state in REPORTED:
        return None
    if state == S.RETURNED:
        return TO_CORRECT
    if state == S.AWAITING_SIGN_OFF:
        return TO_SIGN_OFF
    return TO_WRITE


@dataclass
class UnsentReports:
    """One agency's unsent reports of a period, by what each still needs."""

    to_write: list[Assignment] = field(default_factory=list)
    to_correct: list[Assignment] = field(default_factory=list)
    awaiting_sign_off: list[Assignment] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.to_write) + len(self.to_correct) + len(self.awaiting_sign_off)


def unsent_by_agency(period: ReportingPeriod) -> dict[int, UnsentReports]:
    """Agency id → its expected reports of P not reported yet (Figures.unsent), with their
    programs. Agencies with none are left out. One query."""
    assignments = (
        with_period_report(expected_assignments(), period)
        .annotate(report_state=F("period_report__state"))
        .filter(Q(report_state__isnull=True) | ~Q(report_state__in=REPORTED))
        .select_related("program")
        .order_by("agency_id", "program__number", "pk")
    )
    grouped: dict[int, UnsentReports] = {}
    for assignment in assignments:
        unsent = grouped.setdefault(assignment.agency_id, UnsentReports())
        getattr(unsent, unsent_kind(assignment.report_state)).append(assignment)
    return grouped


# --- waiting in review, and review times ------------------------------------------------

#: The events at which a report reaches the IT office (submitted, or signed off by the deputy
#: where the province requires it), and those at which the IT office decides on it.
REACHED_REVIEW_EVENTS = ("report.submitted", "report.signed_off")
DECISION_EVENTS = ("report.approved", "report.returned")


def waiting_in_review_by_province(*, submitted_before: datetime.datetime) -> dict[int, tuple[int, datetime.datetime]]:
    """{province id: (reports awaiting review that reached the IT office before
    `submitted_before`, the oldest such moment)}; provinces with none are left out. One query.
    A report awaits review from its latest submission (`submitted_at`, the deputy's sign-off
    where there is one) until the IT office decides."""
    rows = (
        ProgressReport.objects.filter(state=S.SUBMITTED, submitted_at__lt=submitted_before)
        .values("assignment__agency__province_id")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
        .order_by()
    )
    return {row["assignment__agency__province_id"]: (row["n"], row["oldest"]) for row in rows}


def median_days(durations: list[datetime.timedelta]) -> Decimal | None:
    """The median of durations in days, to one decimal (None without any)."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return (Decimal(median.total_seconds()) / Decimal(86400)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class ReviewTime:
    """How long one reviewer (or the reviewers of one program) took to decide."""

    key: int | None
    label: str
    decisions: int
    median_days: Decimal | None


@dataclass
class ReviewTimes:
    overall: ReviewTime
    by_reviewer: list[ReviewTime]
    by_program: list[ReviewTime]


def review_times(reports: QuerySet[ProgressReport]) -> ReviewTimes:
    """Review time of `reports`: for every decision of the IT office on them (approved or
    returned), the days from the moment the report last reached the IT office before that
    decision (submitted or signed off) to the decision; the median per reviewer, per program
    and overall. A report returned and resubmitted counts once per decision. Two queries
    (the decisions, then the reviewers' names: name_reviewers())."""
    return name_reviewers(unnamed_review_times(reports))


def unnamed_review_times(reports: QuerySet[ProgressReport]) -> ReviewTimes:
    """review_times() with the reviewers' labels left empty: it reads no user, so the
    dashboards can keep it under their data versions and name the reviewers afresh. One query."""
    reached = ReportEvent.objects.filter(
        report=OuterRef("report"), action__in=REACHED_REVIEW_EVENTS, at__lte=OuterRef("at")
    ).order_by("-at", "-pk")
    decisions = (
        ReportEvent.objects.filter(report__in=reports, action__in=DECISION_EVENTS)
        .annotate(reached_at=Subquery(reached.values("at")[:1]))
        .filter(reached_at__isnull=False)
        .values(
            "at", "reached_at", "actor_id", "report__assignment__program_id", "report__assignment__program__number",
            "report__assignment__program__title_fa", "report__assignment__program__title_en",
        )
        .order_by()
    )  # fmt: skip
    every, reviewers, programs, labels = [], {}, {}, {}
    persian = is_persian_active()
    for row in decisions:
        duration = row["at"] - row["reached_at"]
        every.append(duration)
        reviewers.setdefault(row["actor_id"], []).append(duration)
        program_id, number = row["report__assignment__program_id"], row["report__assignment__program__number"]
        programs.setdefault(program_id, []).append(duration)
        title = row["report__assignment__program__title_en"]
        title = row["report__assignment__program__title_fa"] if persian or not title else title
        labels[program_id] = (number, f"{localize_digits(number)}. {title}")  # as str(Program)

    def time(key, label, durations) -> ReviewTime:
        return ReviewTime(key, label, len(durations), median_days(durations))

    return ReviewTimes(
        overall=time(None, "", every),
        by_reviewer=[time(key, "", durations) for key, durations in reviewers.items()],
        by_program=[time(pk, labels[pk][1], programs[pk]) for pk in sorted(programs, key=lambda pk: labels[pk][0])],
    )


def name_reviewers(times: ReviewTimes) -> ReviewTimes:
    """The reviewers named (full name, else username) and ordered: most decisions first,
    then by name. One query (none without reviewers)."""
    ids = [row.key for row in times.by_reviewer if row.key is not None]
    names = {}
    if ids:
        for pk, username, first, last in User.objects.filter(pk__in=ids).values_list(
            "pk", "username", "first_name", "last_name"
        ):
            names[pk] = f"{first} {last}".strip() or username or ""
    reviewers = [replace(row, label=names.get(row.key, "")) for row in times.by_reviewer]
    return replace(times, by_reviewer=sorted(reviewers, key=lambda row: (-row.decisions, row.label)))
