"""The review engine: every state change of a reviewed record goes through `transition`.

A record kind (progress report, channel counts, deputy registration) declares its life
cycle once, as a `Workflow`: a table of `Action` rows, each saying from which states it
may be taken, to which state it leads, which capability of the access policy it needs
(within the user's scope), whether a reason is required, whether the reporting period
must be open, and which event it writes. `transition(record, action, by=…)` then, in one
durable transaction: locks the row, finds the row of the table that applies (refusing
with PermissionDenied when the user may not take the action at all, with TransitionError
when the record's state does not allow it), checks the reason, the period and the
workflow's own completeness rules, writes the change and exactly one event row, and calls
the workflow's hooks (notifications). Pages, the admin, imports and any other client
call the same actions, never set states themselves.

docs/workflows.md renders every table (tests/review/test_workflow_docs.py keeps it so).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reform_portal import access

#: The state of a record that does not exist yet (actions that create one start here).
NEW = ""

REASON_NONE, REASON_OPTIONAL, REASON_REQUIRED = "none", "optional", "required"


class TransitionError(ValidationError):
    """The record is not in a state that allows this action (or no longer is)."""


class SubmissionRefused(ValidationError):
    """Saved, but not submitted: `record` is the saved record, the messages say why the
    submission was refused (raised after the save was committed)."""

    def __init__(self, error: ValidationError, *, record):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.record = record


@dataclass(frozen=True)
class Condition:
    """An extra condition on an action row, e.g. "the province requires the deputy's sign-off"."""

    label: str
    test: Callable[[models.Model], bool]

    def __call__(self, record) -> bool:
        return self.test(record)

    def __invert__(self) -> "Condition":
        return Condition(f"not: {self.label}", lambda record: not self.test(record))


@dataclass(frozen=True)
class Action:
    """One row of a workflow's table."""

    name: str
    sources: frozenset[str]
    target: str | None  # None: the state stays as it is
    capability: str | None  # None: a system step, taken only inside another action
    event: str  # dotted code of the event written, e.g. "report.submitted"
    label: str
    reason: str = REASON_NONE
    period_open: bool = False  # the reporting period must be open (a returned record may be corrected after it closes)
    condition: Condition | None = None
    stamp: tuple[str, ...] = ()  # which who/when fields it sets, e.g. ("submitted",), ("reviewed",)
    edits: bool = False  # it writes the record's own fields (create, save)

    def applies_to(self, record) -> bool:
        return self.condition is None or self.condition(record)


@dataclass
class Workflow:
    """The life cycle of one kind of record."""

    kind: str  # "report", "counts", "deputy"
    model: type[models.Model]
    event_model: type[models.Model]
    event_field: str  # the event's foreign key to the record
    actions: list[Action]
    states: type[models.TextChoices]
    #: (agency id, province id) of the record, for the access policy's scope (None: not bound to one)
    scope_of: Callable[[models.Model], tuple[int | None, int | None]]
    related: tuple[str, ...] = ()  # select_related when locking
    period_of: Callable[[models.Model], object] | None = None
    #: (action, record) -> None; raises ValidationError when the record is not complete enough
    check: Callable | None = None
    #: (action, record, by) -> None; called just before the change is written (e.g. superseding)
    before: Callable | None = None
    #: (action, record, by, reason) -> None; called after the change (emails …)
    after: Callable | None = None
    #: (record, action name) -> message or (message, code); why the record's state refuses the action
    refusal: Callable | None = None
    #: {stamp name: (record, by, now, reason) -> fields set}; reviewed records' by default
    stamps: dict[str, Callable] = field(default_factory=dict)
    event_labels: dict[str, str] = field(default_factory=dict)

    def rows(self, name: str) -> list[Action]:
        rows = [action for action in self.actions if action.name == name]
        if not rows:
            raise KeyError(f"{self.kind} has no action {name!r}")
        return rows

    @property
    def action_names(self) -> list[str]:
        return list(dict.fromkeys(action.name for action in self.actions))

    def lock(self, record):
        """The record's row, locked until the transaction ends (only its own table on PostgreSQL)."""
        return self.model.objects.select_for_update(of=("self",)).select_related(*self.related).get(pk=record.pk)


_WORKFLOWS: dict[type, Workflow] = {}
EVENT_LABELS: dict[str, str] = {}


def register(workflow: Workflow) -> Workflow:
    _WORKFLOWS[workflow.model] = workflow
    for action in workflow.actions:
        EVENT_LABELS.setdefault(action.event, action.label)
    EVENT_LABELS.update(workflow.event_labels)
    return workflow


def workflow_for(record_or_model) -> Workflow:
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return _WORKFLOWS[model]


def workflows() -> list[Workflow]:
    return list(_WORKFLOWS.values())


def event_label(code: str) -> str:
    return EVENT_LABELS.get(code, code)


# --- deciding ------------------------------------------------------------------------------


def _state(record) -> str:
    return NEW if record.pk is None else record.state


def _period_refusal(record, workflow: Workflow, *, state: str, today: datetime.date | None = None):
    """(message, code) when the period refuses: new and draft records need an open period; a
    returned record may be corrected after the period closed, because the reviewer asked for it."""
    if workflow.period_of is None:
        return None
    period = workflow.period_of(record)
    today = today or timezone.localdate()
    if today < period.opens_on:
        return _("This reporting period has not opened yet."), "period_not_open"
    if state != "returned" and today > period.closes_on:
        return _("This reporting period is closed; reports can no longer be written or submitted."), "period_closed"
    return None


def find(record, name: str, *, by) -> Action:
    """The row of the table that applies to `record` and `by` for action `name`, or the
    refusal: PermissionDenied when no row of the action is open to the user's role and
    scope, TransitionError when the record's state (or the period) does not allow it."""
    workflow = workflow_for(record)
    agency_id, province_id = workflow.scope_of(record)
    permitted = [
        row
        for row in workflow.rows(name)
        if row.capability is not None
        and access.in_scope(by, agency_id=agency_id, province_id=province_id, capability=row.capability)
        and row.applies_to(record)
    ]
    if not permitted:
        raise PermissionDenied
    state = _state(record)
    rows = [row for row in permitted if state in row.sources]
    if not rows:
        message, code = workflow.refusal(record, name) if workflow.refusal else (None, None)
        raise TransitionError(
            message or _("This action is not possible in the record's current state."), code=code or f"state_{state}"
        )
    row = rows[0]
    if row.period_open:
        refused = _period_refusal(record, workflow, state=state)
        if refused:
            raise TransitionError(refused[0], code=refused[1])
    return row


def _system_row(record, name: str) -> Action:
    """A step taken by the portal itself inside another action (e.g. superseding)."""
    state = _state(record)
    for row in workflow_for(record).rows(name):
        if state in row.sources:
            return row
    raise TransitionError(_("This action is not possible in the record's current state."), code=state)


def allows(record, name: str, *, by) -> bool:
    """Whether `by` may take action `name` on `record` now (what pages show as buttons)."""
    try:
        find(record, name, by=by)
    except (PermissionDenied, TransitionError):
        return False
    return True


def allowed(record, *, by, names: Iterable[str] | None = None) -> frozenset[str]:
    """The actions `by` may take on `record` now."""
    workflow = workflow_for(record)
    return frozenset(name for name in (names or workflow.action_names) if allows(record, name, by=by))


def refusal(record, name: str, *, by) -> str | None:
    """Why `by` cannot take action `name` on `record` now (None: they can); pages show it
    instead of a form that would be refused."""
    try:
        find(record, name, by=by)
    except PermissionDenied:
        return str(_("You may not do this."))
    except TransitionError as error:
        return error.messages[0]
    return None


# --- doing ---------------------------------------------------------------------------------


def _required_reason(reason: str, row: Action) -> str:
    reason = (reason or "").strip()
    if row.reason == REASON_REQUIRED and not reason:
        raise ValidationError({"reason": ValidationError(_("Write the reason."), code="reason_required")})
    return reason if row.reason != REASON_NONE else ""


def _submitted(record, *, by, now, reason) -> list[str]:
    record.submitted_by, record.submitted_at = by, now
    record.first_submitted_at = record.first_submitted_at or now
    return ["submitted_by", "submitted_at", "first_submitted_at"]


def _signed_off(record, *, by, now, reason) -> list[str]:
    record.signed_off_by, record.signed_off_at = by, now
    return ["signed_off_by", "signed_off_at"]


def _reviewed(record, *, by, now, reason) -> list[str]:
    record.reviewed_by, record.reviewed_at, record.review_comment = by, now, reason
    return ["reviewed_by", "reviewed_at", "review_comment"]


#: The who/when fields of reviewed records (reform_portal.review.models.ReviewedRecord).
REVIEWED_RECORD_STAMPS = {"submitted": _submitted, "signed_off": _signed_off, "reviewed": _reviewed}


def _stamp(record, row: Action, workflow: Workflow, *, by, now, reason: str) -> list[str]:
    fields = []
    if row.target is not None and row.target != _state(record):
        record.state = row.target
        fields.append("state")
    stamps = workflow.stamps or REVIEWED_RECORD_STAMPS
    for name in row.stamp:
        fields += stamps[name](record, by=by, now=now, reason=reason)
    return fields


def record_event(record, code: str, *, by, from_state: str, comment: str = "", at=None, data=None):
    """One history row: who did what to `record`, from which state to which, when and why."""
    workflow = workflow_for(record)
    return workflow.event_model.objects.create(
        **{workflow.event_field: record}, action=code, from_state=from_state, to_state=record.state, actor=by,
        comment=comment, at=at or timezone.now(), data=data or {},
    )  # fmt: skip


def apply(
    record, name: str, *, by, reason: str = "", comment: str | None = None, changes: dict | None = None, now=None,
    system: bool = False, touched: bool = False, data: dict | None = None,
):  # fmt: skip
    """`transition` inside a transaction the caller holds (for actions made of several steps,
    e.g. save and submit). Returns the record as saved (locked and reloaded first when it
    exists; the object passed in is not updated). `comment` goes into the event instead of
    the reason; `system=True` takes a step that no role takes by itself (superseding);
    `touched=True` says the record's own rows (e.g. its counts) changed, so an editing
    action is recorded even without a change to its fields; `data` goes into the event's
    details (e.g. the declared and the verified value of an indicator)."""
    workflow = workflow_for(record)
    if record.pk is not None:
        record = workflow.lock(record)
    row = _system_row(record, name) if system else find(record, name, by=by)
    reason = _required_reason(reason, row)
    from_state = _state(record)
    now = now or timezone.now()
    changed = []
    if changes:
        if not row.edits:
            raise ValueError(f"{workflow.kind}.{name} does not write the record's fields")
        changed = [key for key, value in changes.items() if record.pk is None or getattr(record, key) != value]
        for key in changed:
            setattr(record, key, changes[key])
    if workflow.check is not None:
        workflow.check(row, record)
    if workflow.before is not None:
        workflow.before(row, record, by)
    fields = _stamp(record, row, workflow, by=by, now=now, reason=reason)
    creating = record.pk is None
    if creating:
        record.full_clean()
        record.save()
    elif changed or fields or touched:
        if changed:
            record.full_clean()
        extra = ["updated_at"] if hasattr(record, "updated_at") else []
        record.save(update_fields=[*dict.fromkeys([*changed, *fields, *extra])])
    if creating or fields or changed or touched or not row.edits:
        record_event(record, row.event, by=by, from_state=from_state, comment=reason if comment is None else comment,
                     at=now, data=data)  # fmt: skip
    if workflow.after is not None:
        workflow.after(row, record, by, reason)
    return record


def transition(
    record, name: str, *, by, reason: str = "", comment: str | None = None, changes: dict | None = None,
    touched: bool = False, data: dict | None = None,
):  # fmt: skip
    """Takes action `name` on `record` as `by`, in one durable transaction (see the module)."""
    with transaction.atomic(durable=True):
        return apply(record, name, by=by, reason=reason, comment=comment, changes=changes, touched=touched, data=data)


def save_then(save: Callable, action: str, *, by):
    """`save()` and then `action` on the saved record, in one durable transaction. When the
    action is refused (a ValidationError: incomplete, or the state), the save is kept and
    SubmissionRefused says why, so nothing typed is lost."""
    refused = None
    with transaction.atomic(durable=True):
        record = save()
        try:
            with transaction.atomic():
                return apply(record, action, by=by)
        except ValidationError as error:
            refused = error
    raise SubmissionRefused(refused, record=record)
