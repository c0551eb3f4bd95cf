"""The life cycles of an evaluation cycle and of an objection, as the review engine's tables.

A cycle: self-assessment open → under evaluation → preliminary results published (scores
computed and kept) → objection window (its dates set per cycle) → objections decided →
final (frozen; reopened only by the admin's recorded action).

An objection: filed by the agency's staff, one per indicator, inside the window → accepted
(the score is recomputed with the accepted value) or rejected with a reason by the IT office.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations import notifications
from evaluations.models import CycleEvent, EvaluationCycle, Objection, ObjectionEvent
from reform_portal import access
from reform_portal.persian import format_jalali_date
from reform_portal.review import (
    NEW,
    REASON_OPTIONAL,
    REASON_REQUIRED,
    Action,
    TransitionError,
    Workflow,
    register,
)

C = EvaluationCycle.State
OPEN = frozenset({C.SELF_ASSESSMENT, C.UNDER_EVALUATION})

CYCLE_ACTIONS = [
    Action("create", frozenset({NEW}), C.SELF_ASSESSMENT, access.MANAGE_EVALUATION, "evaluation.created",
           _("Opened for self-assessment"), edits=True),
    Action("edit", OPEN, None, access.MANAGE_EVALUATION, "evaluation.edited", _("Settings changed"), edits=True),
    Action("start_evaluation", frozenset({C.SELF_ASSESSMENT}), C.UNDER_EVALUATION, access.MANAGE_EVALUATION,
           "evaluation.started", _("Evaluation started")),
    Action("publish", frozenset({C.UNDER_EVALUATION}), C.PRELIMINARY, access.MANAGE_EVALUATION,
           "evaluation.published", _("Preliminary results published"), stamp=("published",)),
    Action("open_objections", frozenset({C.PRELIMINARY}), C.OBJECTIONS, access.MANAGE_EVALUATION,
           "evaluation.objections_opened", _("Objection window opened")),
    Action("close_objections", frozenset({C.OBJECTIONS}), C.DECIDED, access.MANAGE_EVALUATION,
           "evaluation.objections_closed", _("Objections decided")),
    Action("finalize", frozenset({C.DECIDED}), C.FINAL, access.MANAGE_EVALUATION, "evaluation.finalized",
           _("Results made final"), stamp=("finalized",)),
    Action("reopen", frozenset({C.FINAL}), C.DECIDED, access.REOPEN_EVALUATIONS, "evaluation.reopened",
           _("Reopened"), reason=REASON_REQUIRED),
]  # fmt: skip


def _published(cycle, *, by, now, reason):
    cycle.published_by, cycle.published_at = by, now
    return ["published_by", "published_at"]


def _finalized(cycle, *, by, now, reason):
    cycle.finalized_by, cycle.finalized_at = by, now
    return ["finalized_by", "finalized_at"]


def _cycle_check(action: Action, cycle: EvaluationCycle) -> None:
    if action.name in ("publish", "open_objections") and (
        cycle.objection_opens_on is None or cycle.objection_closes_on is None
    ):
        raise ValidationError(
            _("Set the dates of the objection window before publishing the results."), code="no_window"
        )
    if action.name == "close_objections":
        today = timezone.localdate()
        if cycle.objection_closes_on is not None and today <= cycle.objection_closes_on:
            raise TransitionError(
                _("The objection window is open until %(date)s; close it after that day.")
                % {"date": format_jalali_date(cycle.objection_closes_on)},
                code="window_open",
            )
        pending = Objection.objects.filter(score__cycle=cycle, state=Objection.State.FILED).count()
        if pending:
            raise TransitionError(
                _("Decide every objection first (%(count)s still waiting).") % {"count": pending},
                code="objections_pending",
            )


def _cycle_refusal(cycle: EvaluationCycle, action: str) -> tuple[str, str]:
    state = {"state": cycle.get_state_display()}
    if cycle.state == C.FINAL:
        return _("This evaluation is final and frozen; only an administrator may reopen it."), "final"
    if action == "reopen":
        return _("Only a final evaluation can be reopened."), "not_final"
    return _("This is not possible while the evaluation is “%(state)s”; nothing was changed.") % state, "state"


#: Every step of a cycle is emailed to the agencies it evaluates (a change of its settings is not a step).
CYCLE_EMAILS = {
    "evaluation.created": "emails/evaluation_opened",
    "evaluation.started": "emails/evaluation_started",
    "evaluation.published": "emails/evaluation_published",
    "evaluation.objections_opened": "emails/evaluation_objections_open",
    "evaluation.objections_closed": "emails/evaluation_objections_closed",
    "evaluation.finalized": "emails/evaluation_final",
    "evaluation.reopened": "emails/evaluation_reopened",
}


def _cycle_after(action: Action, cycle: EvaluationCycle, by, reason: str) -> None:
    if action.event in CYCLE_EMAILS:
        notifications.to_agencies(cycle, template=CYCLE_EMAILS[action.event], reason=reason)


CYCLE_WORKFLOW = register(
    Workflow(
        kind="evaluation",
        model=EvaluationCycle,
        event_model=CycleEvent,
        event_field="cycle",
        actions=CYCLE_ACTIONS,
        states=C,
        scope_of=lambda cycle: (None, cycle.province_id),
        related=("province",),
        check=_cycle_check,
        after=_cycle_after,
        refusal=_cycle_refusal,
        stamps={"published": _published, "finalized": _finalized},
    )
)

OS = Objection.State

OBJECTION_ACTIONS = [
    Action("file", frozenset({NEW}), OS.FILED, access.OBJECT_TO_SCORES, "objection.filed", _("Objection filed"),
           edits=True),
    Action("accept", frozenset({OS.FILED}), OS.ACCEPTED, access.MANAGE_EVALUATION, "objection.accepted",
           _("Objection accepted; the score was recomputed"), reason=REASON_OPTIONAL, stamp=("decided",), edits=True),
    Action("reject", frozenset({OS.FILED}), OS.REJECTED, access.MANAGE_EVALUATION, "objection.rejected",
           _("Objection rejected"), reason=REASON_REQUIRED, stamp=("decided",)),
]  # fmt: skip


def _decided(objection, *, by, now, reason):
    objection.decided_by, objection.decided_at, objection.decision_reason = by, now, reason
    return ["decided_by", "decided_at", "decision_reason"]


def _objection_check(action: Action, objection: Objection) -> None:
    cycle = objection.score.cycle
    if action.name == "file" and not cycle.objection_window_open():
        if cycle.state == C.OBJECTIONS and cycle.objection_opens_on and timezone.localdate() < cycle.objection_opens_on:
            message = _("Objections may be filed from %(date)s.") % {
                "date": format_jalali_date(cycle.objection_opens_on)
            }
        else:
            message = _("The objection window of this evaluation is closed; no objection can be filed.")
        raise TransitionError(message, code="window_closed")
    if action.name in ("accept", "reject") and cycle.state != C.OBJECTIONS:
        raise TransitionError(
            _("Objections are decided while the evaluation is in its objection window (it is now “%(state)s”).")
            % {"state": cycle.get_state_display()},
            code="not_in_window",
        )


def _objection_refusal(objection: Objection, action: str) -> tuple[str, str]:
    return _("This objection was already decided (“%(state)s”); nothing was changed.") % {
        "state": objection.get_state_display()
    }, "already_decided"


def _objection_after(action: Action, objection: Objection, by, reason: str) -> None:
    if action.event == "objection.filed":
        notifications.to_reviewers(objection)
    elif action.event in ("objection.accepted", "objection.rejected"):
        notifications.objection_decided(objection)


OBJECTION_WORKFLOW = register(
    Workflow(
        kind="objection",
        model=Objection,
        event_model=ObjectionEvent,
        event_field="objection",
        actions=OBJECTION_ACTIONS,
        states=OS,
        scope_of=lambda objection: (objection.score.agency_id, objection.score.agency.province_id),
        related=("score__agency", "score__cycle", "score__indicator"),
        check=_objection_check,
        after=_objection_after,
        refusal=_objection_refusal,
        stamps={"decided": _decided},
    )
)
