"""Queries the evaluation pages share, and the permission-checked lookups. Each page runs a
fixed number of SQL queries whatever the number of agencies, indicators or scores.

`published_results(province)` is the entry point for other modules (the open-data pages):
a province's final scores per agency.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.models import Agency, User
from evaluations import metrics, scoring
from evaluations.models import EvaluationCycle, IndicatorScore, Objection, ObjectionAttachment
from programs.extensions import AgencyLink
from programs.models import Evidence
from reform_portal import access
from reform_portal.access import agencies_visible_to
from reform_portal.persian import is_persian_active, localize_digits

# --- lookups within the user's scope -------------------------------------------------------


def cycles_visible_to(user: User) -> QuerySet[EvaluationCycle]:
    """The cycles of the provinces whose agencies the user sees (another province's: none)."""
    cycles = EvaluationCycle.objects.select_related("province")
    if access.sees_nation(user):
        return cycles
    if user.agency_id is None or not (access.has(user, access.SEE_PROVINCE) or access.has(user, access.SEE_AGENCY)):
        return cycles.none()
    return cycles.filter(province_id=access.user_province_id(user))


def get_cycle_for_user(user: User, pk: int) -> EvaluationCycle:
    try:
        return cycles_visible_to(user).get(pk=pk)
    except EvaluationCycle.DoesNotExist:
        raise Http404 from None


def get_agency_in_cycle(user: User, cycle: EvaluationCycle, pk: int) -> Agency:
    """An agency of the cycle's province the user may see (their own, for agency staff)."""
    try:
        return agencies_visible_to(user).get(pk=pk, province_id=cycle.province_id, kind=Agency.Kind.EXECUTIVE)
    except Agency.DoesNotExist:
        raise Http404 from None


def get_scored_agency_for_user(user: User, pk: int, agency_pk: int) -> tuple[EvaluationCycle, Agency]:
    """The cycle and agency of a dossier: a cycle with scores kept, an agency the user may see."""
    cycle = get_cycle_for_user(user, pk)
    if not cycle.has_scores:
        raise Http404
    return cycle, get_agency_in_cycle(user, cycle, agency_pk)


def get_score_for_user(user: User, pk: int) -> IndicatorScore:
    try:
        return (
            IndicatorScore.objects.filter(agency__in=agencies_visible_to(user))
            .select_related("cycle__province", "agency", "indicator__program")
            .get(pk=pk)
        )
    except IndicatorScore.DoesNotExist:
        raise Http404 from None


def objections_visible_to(user: User) -> QuerySet[Objection]:
    return Objection.objects.filter(score__agency__in=agencies_visible_to(user))


def get_objection_for_user(user: User, pk: int) -> Objection:
    """Another agency's objection is a 404, exactly like a missing one."""
    try:
        return (
            objections_visible_to(user)
            .select_related(
                "score__cycle__province", "score__agency", "score__indicator__program", "filed_by", "decided_by"
            )
            .get(pk=pk)
        )
    except Objection.DoesNotExist:
        raise Http404 from None


def get_attachment_for_user(user: User, pk: int) -> ObjectionAttachment:
    try:
        return ObjectionAttachment.objects.select_related("objection").get(
            pk=pk, objection__score__agency__in=agencies_visible_to(user)
        )
    except ObjectionAttachment.DoesNotExist:
        raise Http404 from None


# --- results: set scores, rankings, heatmap -------------------------------------------------


@dataclass
class AgencyResult:
    agency: Agency
    general: Decimal | None = None
    specific: Decimal | None = None
    overall: Decimal | None = None
    grade: str = ""
    rank: int | None = None
    group_rank: int | None = None
    previous_overall: Decimal | None = None
    previous_rank: int | None = None

    @property
    def grade_label(self) -> str:
        return metrics.grade_label(self.grade)

    @property
    def change(self) -> Decimal | None:
        """The overall score's change from last year's evaluation."""
        if self.overall is None or self.previous_overall is None:
            return None
        return self.overall - self.previous_overall

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) since last year's province ranking."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def _set_sums_stored(cycle: EvaluationCycle, agency_id: int | None = None) -> dict:
    """{(agency id, set): (Σ score, Σ weight)} of the scored indicators. One query."""
    rows = IndicatorScore.objects.filter(cycle=cycle, score__isnull=False)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    rows = rows.values("agency_id", "indicator_set").annotate(total=Sum("score"), weight=Sum("weight")).order_by()
    return {(row["agency_id"], row["indicator_set"]): (row["total"], row["weight"]) for row in rows}


def _set_sums_of(rows: list[scoring.ScoreRow]) -> dict:
    sums: dict = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for row in rows:
        if row.scored:
            total, weight = sums[(row.agency.pk, row.indicator_set)]
            sums[(row.agency.pk, row.indicator_set)] = (total + row.score, weight + row.weight)
    return dict(sums)


def _results(agencies: list[Agency], sums: dict, rules: metrics.Rules) -> list[AgencyResult]:
    results = []
    for agency in agencies:
        general = metrics.set_score(*sums.get((agency.pk, "general"), (None, None)))
        specific = metrics.set_score(*sums.get((agency.pk, "specific"), (None, None)))
        overall = metrics.overall_score(general, specific)
        results.append(AgencyResult(agency, general, specific, overall, metrics.grade(overall, rules)))
    by_group: dict[str, list] = defaultdict(list)
    for result in results:
        by_group[result.agency.group].append(result)
    for members in by_group.values():
        metrics.ranked(members, key=lambda result: result.overall, attribute="group_rank")
    return metrics.ranked(results, key=lambda result: result.overall)


def previous_cycle(cycle: EvaluationCycle) -> EvaluationCycle | None:
    """Last year's evaluation of the province, when its results were published. One query."""
    return (
        EvaluationCycle.objects.filter(province_id=cycle.province_id, fiscal_year=cycle.fiscal_year - 1)
        .exclude(state__in=[EvaluationCycle.State.SELF_ASSESSMENT, EvaluationCycle.State.UNDER_EVALUATION])
        .first()
    )


@dataclass
class HeatmapColumn:
    indicator_id: int
    code: str
    title: str
    indicator_set: str


@dataclass
class Results:
    cycle: EvaluationCycle
    preview: bool  # computed from the data as it stands (the cycle is still open)
    agencies: list[AgencyResult]
    groups: list[tuple[str, str, list[AgencyResult]]]  # (group, label, its agencies ranked)
    columns: list[HeatmapColumn] = field(default_factory=list)
    heatmap: list[tuple[AgencyResult, list]] = field(default_factory=list)  # a row's cells: see _cells()
    previous: EvaluationCycle | None = None


def _cells(columns, by_agency: dict, agency_id: int) -> list:
    """Per column: the achievement (0–1+), "" when not scored (no target), None when the
    indicator does not apply to the agency."""
    scores = by_agency.get(agency_id, {})
    cells = []
    for column in columns:
        if column.indicator_id not in scores:
            cells.append(None)
        else:
            achievement = scores[column.indicator_id]
            cells.append("" if achievement is None else achievement)
    return cells


def results(cycle: EvaluationCycle) -> Results:
    """The province's rankings (overall and per agency group, with last year's), and the
    indicator × agency achievement heatmap. Published scores once the cycle has them; a
    preview computed from the data as it stands before that. Seven queries (published)."""
    rules = metrics.Rules.of(cycle)
    agencies = scoring.province_agencies(cycle.province_id)
    if cycle.has_scores:
        sums = _set_sums_stored(cycle)
        cell_rows = list(
            IndicatorScore.objects.filter(cycle=cycle)
            .values(
                "agency_id",
                "indicator_id",
                "achievement",
                "indicator__code",
                "indicator__title_fa",
                "indicator__title_en",
                "indicator_set",
            )  # fmt: skip
            .order_by("indicator__code")
        )
    else:
        rows = scoring.compute(agencies=agencies, year=cycle.fiscal_year, rules=rules)
        sums = _set_sums_of(rows)
        cell_rows = [
            {
                "agency_id": row.agency.pk,
                "indicator_id": row.indicator.pk,
                "achievement": row.achievement,
                "indicator__code": row.indicator.code,
                "indicator__title_fa": row.indicator.title_fa,
                "indicator__title_en": row.indicator.title_en,
                "indicator_set": row.indicator_set,
            }  # fmt: skip
            for row in sorted(rows, key=lambda row: row.indicator.code)
        ]
    ranking = _results(agencies, sums, rules)
    previous = previous_cycle(cycle)
    if previous is not None:
        earlier = {
            result.agency.pk: result
            for result in _results(agencies, _set_sums_stored(previous), metrics.Rules.of(previous))
        }
        for result in ranking:
            before = earlier.get(result.agency.pk)
            if before is not None and before.overall is not None:
                result.previous_overall, result.previous_rank = before.overall, before.rank
    groups = [
        (value, label, [result for result in ranking if result.agency.group == value])
        for value, label in Agency.Group.choices
    ]
    columns, by_agency = {}, defaultdict(dict)
    persian = is_persian_active()
    for row in cell_rows:
        if row["indicator_id"] not in columns:
            title = (
                row["indicator__title_en"] if not persian and row["indicator__title_en"] else row["indicator__title_fa"]
            )
            columns[row["indicator_id"]] = HeatmapColumn(
                row["indicator_id"], row["indicator__code"], title, row["indicator_set"]
            )
        by_agency[row["agency_id"]][row["indicator_id"]] = row["achievement"]
    column_list = list(columns.values())
    heatmap = [(result, _cells(column_list, by_agency, result.agency.pk)) for result in ranking]
    return Results(cycle, not cycle.has_scores, ranking, [g for g in groups if g[2]], column_list, heatmap, previous)


def published_results(province, *, fiscal_year: int | None = None) -> list[AgencyResult]:
    """A province's final evaluation results per agency (ranked; each with its general,
    specific and overall score out of 1000 and its grade): of `fiscal_year`, or of the latest
    final evaluation. [] when there is none. For other modules (e.g. open data): only final
    results, never preliminary ones. Four queries."""
    cycles = EvaluationCycle.objects.filter(province=province, state=EvaluationCycle.State.FINAL)
    if fiscal_year is not None:
        cycles = cycles.filter(fiscal_year=fiscal_year)
    cycle = cycles.order_by("-fiscal_year").first()
    if cycle is None:
        return []
    agencies = scoring.province_agencies(cycle.province_id)
    return _results(agencies, _set_sums_stored(cycle), metrics.Rules.of(cycle))


# --- an agency's scorecard -------------------------------------------------------------------


@dataclass
class Scorecard:
    cycle: EvaluationCycle
    agency: Agency
    scores: list[IndicatorScore]
    result: AgencyResult | None
    set_weights: dict


def scorecard(cycle: EvaluationCycle, agency: Agency) -> Scorecard:
    """The agency's published scores, indicator by indicator, each with its objection, its set
    scores and its rank in the province. Three queries."""
    scores = list(
        IndicatorScore.objects.filter(cycle=cycle, agency=agency)
        .select_related("indicator__program", "objection")
        .order_by("indicator_set", "indicator__code")
    )
    set_weights = {"general": Decimal(0), "specific": Decimal(0)}
    for score in scores:
        if score.scored:
            set_weights[score.indicator_set] += score.weight
    for score in scores:
        score.points = metrics.points(score.score, set_weights[score.indicator_set]) if score.scored else None
        score.max_points = metrics.points(score.weight, set_weights[score.indicator_set]) if score.scored else None
        try:
            score.current_objection = score.objection
        except Objection.DoesNotExist:
            score.current_objection = None
    agencies = scoring.province_agencies(cycle.province_id)
    ranking = _results(agencies, _set_sums_stored(cycle), metrics.Rules.of(cycle))
    result = next((row for row in ranking if row.agency.pk == agency.pk), None)
    return Scorecard(cycle, agency, scores, result, set_weights)


def evidence_files(cycle: EvaluationCycle, agency: Agency) -> list[Evidence]:
    """The evidence the agency attached to its reports of the cycle's year (files removed from
    a draft left out), in order. One query."""
    return list(
        Evidence.objects.filter(
            report__assignment__agency=agency, report__period__fiscal_year=cycle.fiscal_year, removed_at__isnull=True
        )
        .select_related("report__period", "report__assignment__program", "indicator")
        .order_by("report__period__opens_on", "report__assignment__program__number", "uploaded_at", "pk")
    )


def objection_attachments(cycle: EvaluationCycle, agency: Agency) -> list[ObjectionAttachment]:
    return list(
        ObjectionAttachment.objects.filter(objection__score__cycle=cycle, objection__score__agency=agency)
        .select_related("objection__score__indicator")
        .order_by("uploaded_at", "pk")
    )


def cycle_objections(cycle: EvaluationCycle) -> list[Objection]:
    """The cycle's objections, those waiting for a decision first, then by filing. One query."""
    objections = Objection.objects.filter(score__cycle=cycle).select_related(
        "score__agency", "score__indicator", "filed_by"
    )
    return sorted(objections.order_by("filed_at", "pk"), key=lambda objection: objection.state != Objection.State.FILED)


def agency_home_links(user: User, agency: Agency) -> list[AgencyLink]:
    """The agency's home page links to its current evaluation (programs/extensions.py): the
    score simulator while the cycle is open, its scores once published. One query."""
    if agency.kind != Agency.Kind.EXECUTIVE:
        return []
    cycle = (
        cycles_visible_to(user)
        .filter(province_id=agency.province_id)
        .exclude(state=EvaluationCycle.State.FINAL)
        .order_by("-fiscal_year")
        .first()
    )
    if cycle is None:
        return []
    url = reverse("evaluations:scorecard", args=[cycle.pk, agency.pk])
    year = localize_digits(cycle.fiscal_year)
    if cycle.is_open:
        return [
            AgencyLink(
                label=_("Score simulator of the %(year)s evaluation") % {"year": year},
                url=url,
                note=_(
                    "How many points each missing report, missing evidence file or under-target indicator puts "
                    "at stake."
                ),
            )
        ]
    return [AgencyLink(label=_("Your scores in the %(year)s evaluation") % {"year": year}, url=url,
                       note=cycle.get_state_display())]  # fmt: skip
