"""Every change to an evaluation cycle or an objection goes through these actions, each one
durable transaction on the review engine (evaluations/workflows.py holds the tables: who may
do what, from which state). A second click, or two people at once, find the new state and get
a TransitionError saying what happened."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from evaluations import metrics, scoring
from evaluations.models import EvaluationCycle, IndicatorScore, Objection, ObjectionAttachment
from programs import indicators as indicator_rules
from reform_portal import review
from reform_portal.persian import format_jalali_datetime
from reform_portal.review import TransitionError
from reform_portal.uploads import clean_original_name, validate_upload

__all__ = [
    "TransitionError",
    "accept_objection",
    "close_objections",
    "create_cycle",
    "file_objection",
    "finalize",
    "open_objections",
    "publish_preliminary",
    "reject_objection",
    "reopen_cycle",
    "rescore",
    "start_evaluation",
    "store_scores",
    "update_cycle",
]

#: The settings of a cycle that its forms and the admin may set.
SETTINGS = (
    "objection_opens_on", "objection_closes_on", "over_achievement_allowed", "over_achievement_cap", "late_penalty",
    "band_excellent", "band_very_good", "band_good", "band_fair",
)  # fmt: skip


def _settings(values: dict) -> dict:
    return {name: values[name] for name in SETTINGS if name in values}


def create_cycle(*, by: User, province_id: int, fiscal_year: int, **values) -> EvaluationCycle:
    """A province's evaluation of a Jalali fiscal year, open for self-assessment."""
    with transaction.atomic(durable=True):
        cycle = EvaluationCycle(province_id=province_id, created_by=by)
        review.find(cycle, "create", by=by)
        if EvaluationCycle.objects.filter(province_id=province_id, fiscal_year=fiscal_year).exists():
            raise ValidationError(
                {"fiscal_year": _("This province already has an evaluation for this year.")}, code="exists"
            )
        return review.apply(cycle, "create", by=by, changes={"fiscal_year": fiscal_year, **_settings(values)})


def update_cycle(*, cycle: EvaluationCycle, by: User, **values) -> EvaluationCycle:
    """The objection window's dates, over-achievement, the lateness penalty and the grade
    bands; while the cycle is open (before the preliminary results)."""
    return review.transition(cycle, "edit", by=by, changes=_settings(values))


def start_evaluation(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    return review.transition(cycle, "start_evaluation", by=by)


def publish_preliminary(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    """Computes every agency's scores from the year's approved data (evaluations/scoring.py)
    and keeps them as published; the agencies are told. A fixed number of queries, then
    the inserts."""
    with transaction.atomic(durable=True):
        cycle = review.apply(cycle, "publish", by=by)
        store_scores(cycle)
        return cycle


def store_scores(cycle: EvaluationCycle) -> int:
    """Computes the cycle's scores and keeps them as published (publish_preliminary's step;
    the demo seeders call it too). In the caller's transaction; returns how many were kept."""
    rows = scoring.compute(
        agencies=scoring.province_agencies(cycle.province_id), year=cycle.fiscal_year, rules=metrics.Rules.of(cycle)
    )
    IndicatorScore.objects.bulk_create(
        [
            IndicatorScore(
                cycle=cycle,
                agency=row.agency,
                indicator=row.indicator,
                indicator_set=row.indicator_set,
                weight=row.weight,
                target=row.target,
                actual=row.actual,
                source=row.source,
                achievement=row.achievement,
                late=row.late,
                score=row.score,
                preliminary_score=row.score,
                detail=row.detail(),
            )  # fmt: skip
            for row in rows
        ],
        batch_size=500,
    )
    return len(rows)


def open_objections(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    return review.transition(cycle, "open_objections", by=by)


def close_objections(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    """Once the window's last day has passed and every objection is decided."""
    return review.transition(cycle, "close_objections", by=by)


def finalize(*, cycle: EvaluationCycle, by: User) -> EvaluationCycle:
    """The results become final and frozen."""
    return review.transition(cycle, "finalize", by=by)


def reopen_cycle(*, cycle: EvaluationCycle, by: User, reason: str) -> EvaluationCycle:
    """The only way to change a final evaluation (the admin's recorded action): back to
    «objections decided», with the reason recorded."""
    return review.transition(cycle, "reopen", by=by, reason=reason)


# --- objections ------------------------------------------------------------------------------


def file_objection(*, score: IndicatorScore, by: User, reason: str, claimed_value=None, files=()) -> Objection:
    """The agency's one objection to one of its scores, inside the cycle's window."""
    with transaction.atomic(durable=True):
        score = (
            IndicatorScore.objects.select_for_update(of=("self",))
            .select_related("cycle", "agency", "indicator")
            .get(pk=score.pk)
        )
        objection = Objection(score=score, filed_by=by)
        review.find(objection, "file", by=by)
        earlier = Objection.objects.filter(score=score).select_related("filed_by").first()
        if earlier is not None:
            raise TransitionError(
                _("Your agency already objected to this indicator (%(when)s); one objection per indicator.")
                % {"when": format_jalali_datetime(earlier.filed_at)},
                code="already_objected",
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Write the reason for the objection.")}, code="reason_required")
        if claimed_value is not None:
            _check_value(score, claimed_value, field="claimed_value")
        kinds = _check_files(files)
        objection = review.apply(objection, "file", by=by, changes={"reason": reason, "claimed_value": claimed_value})
        for uploaded, kind in zip(files, kinds, strict=True):
            attachment = ObjectionAttachment(
                objection=objection, original_name=clean_original_name(uploaded.name), kind=kind, size=uploaded.size,
                uploaded_by=by,
            )  # fmt: skip
            attachment.file.save(uploaded.name, uploaded, save=False)
            attachment.save()
        return objection


def _check_files(files) -> list[str]:
    errors, kinds = [], []
    for uploaded in files:
        try:
            kinds.append(validate_upload(uploaded))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return kinds


def _check_value(score: IndicatorScore, value: Decimal, *, field: str) -> None:
    """An accepted or claimed value is a year's value: a ratio's percent (0–100), 1 or 0 for
    yes/no, a level's rank, or a value within the indicator's valid range."""
    indicator = score.indicator
    if indicator.is_ratio:
        if not 0 <= value <= 100:
            raise ValidationError({field: _("A ratio's value is a percent, from 0 to 100.")})
        return
    errors = indicator_rules.check_value(indicator, value=value)
    if errors:
        raise ValidationError({field: list(errors.values())})


def rescore(score: IndicatorScore, *, value: Decimal, waive_late_penalty: bool) -> None:
    """Recomputes one score with an accepted year value (an accepted objection's step)."""
    indicator = score.indicator
    rules = metrics.Rules.of(score.cycle)
    level = indicator.levels.filter(rank=int(value)).first() if indicator.is_qualitative else None
    late = score.late and not waive_late_penalty
    achievement, points = metrics.rescored(
        kind=indicator.kind, direction=indicator.direction, weight=score.weight, target=score.target, actual=value,
        late=late, rules=rules, level_fraction=level.fraction if level else None,
    )  # fmt: skip
    score.actual, score.achievement, score.score, score.late = value, achievement, points, late
    score.source = IndicatorScore.Source.OBJECTION
    score.detail = {**score.detail, "objection": {"value": format(value, "f"), "waived": waive_late_penalty,
                                                  "level": level.label_fa if level else ""}}  # fmt: skip
    score.save(update_fields=["actual", "achievement", "score", "late", "source", "detail"])


def accept_objection(
    *, objection: Objection, by: User, accepted_value: Decimal, reason: str = "", waive_late_penalty: bool = False
) -> Objection:
    """Accepts the objection: the score is recomputed with the accepted value (a year's
    value) by the cycle's rules, lateness waived when said so; the preliminary score stays."""
    with transaction.atomic(durable=True):
        locked = review.workflow_for(Objection).lock(objection)
        review.find(locked, "accept", by=by)
        score = (
            IndicatorScore.objects.select_for_update(of=("self",))
            .select_related("cycle", "indicator", "agency")
            .get(pk=locked.score_id)
        )
        if accepted_value is None:
            raise ValidationError({"accepted_value": _("Enter the value the score is recomputed with.")})
        _check_value(score, accepted_value, field="accepted_value")
        objection = review.apply(
            locked, "accept", by=by, reason=reason,
            changes={"accepted_value": accepted_value, "waive_late_penalty": waive_late_penalty},
            data={"before": _text(score.score), "value": format(accepted_value, "f")},
        )  # fmt: skip
        rescore(score, value=accepted_value, waive_late_penalty=waive_late_penalty)
        return objection


def reject_objection(*, objection: Objection, by: User, reason: str) -> Objection:
    return review.transition(objection, "reject", by=by, reason=reason)


def _text(value) -> str | None:
    return None if value is None else format(value, "f")


def objection_window_default(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The window a new cycle's form suggests: two weeks from a week after today."""
    return today + datetime.timedelta(days=7), today + datetime.timedelta(days=21)
