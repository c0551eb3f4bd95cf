"""The draft → submitted → approved / returned life cycle, shared by every kind of
agency report (progress reports in programs/services.py, channel counts in
service_channels/services.py).

A reviewed object has a ``state`` field with the values of ``ProgressReport.State``
(draft, submitted, returned, approved), a ``period`` (``ReportingPeriod``) and an
agency. The checks here only read; each service locks the row, calls them, changes
the row and records the step in its own event model through ``record``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
EDITABLE_STATES = (DRAFT, RETURNED)


class TransitionError(ValidationError):
    """The report is not in a state that allows this action (or no longer is)."""


# --- who may do what -------------------------------------------------------------


def can_edit(user, *, agency_id: int) -> bool:
    """Agency staff write their own agency's reports, nobody else's."""
    return user.is_agency_staff and user.agency_id == agency_id


def can_review(user) -> bool:
    """The IT office reviews (approves or returns) what agencies submit."""
    return user.is_active and user.is_it_office_reviewer


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- state checks --------------------------------------------------------------------


def check_period_open(period, *, state: str) -> None:
    """New and draft reports need an open period; a returned report may be corrected
    after the period closed, because the reviewer asked for it."""
    today = timezone.localdate()
    if today < period.opens_on:
        raise TransitionError(_("This reporting period has not opened yet."), code="period_not_open")
    if state != RETURNED and today > period.closes_on:
        raise TransitionError(
            _("This reporting period is closed; reports can no longer be written or submitted."),
            code="period_closed",
        )


def check_editable(obj) -> None:
    if obj.state == SUBMITTED:
        raise TransitionError(
            _("This report has already been submitted and is waiting for review; it can no longer be changed."),
            code="already_submitted",
        )
    if obj.state == APPROVED:
        raise TransitionError(_("This report has been approved and is frozen."), code="already_approved")


def check_submitted(obj) -> None:
    if obj.state != SUBMITTED:
        raise TransitionError(
            _("This report is no longer waiting for review (it is now “%(state)s”); nothing was changed.")
            % {"state": obj.get_state_display()},
            code="not_submitted",
        )


def edit_refusal(period, obj) -> str | None:
    """Why the agency cannot write ``obj`` (None: not created yet) now, or None when it can.
    Pages show it instead of a form that would be refused."""
    state = obj.state if obj is not None else DRAFT
    try:
        if obj is not None:
            check_editable(obj)
        check_period_open(period, state=state)
    except TransitionError as error:
        return error.messages[0]
    return None


# --- rows ---------------------------------------------------------------------------


def lock(queryset: models.QuerySet, pk: int, *, related=()):
    """The row, locked until the transaction ends (only its own table on PostgreSQL)."""
    return queryset.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def record(event_model, *, obj, action, from_state, by, comment="", at=None, field="report"):
    """One history row: who moved ``obj`` from which state to which, when and why."""
    return event_model.objects.create(
        **{field: obj}, action=action, from_state=from_state, to_state=obj.state, actor=by,
        comment=comment, at=at or timezone.now(),
    )  # fmt: skip


def mark_submitted(obj, *, by, now) -> list[str]:
    """Sets the submission fields; returns the fields to save."""
    obj.state = SUBMITTED
    obj.submitted_by, obj.submitted_at = by, now
    obj.first_submitted_at = obj.first_submitted_at or now
    return ["state", "submitted_by", "submitted_at", "first_submitted_at", "updated_at"]


def mark_reviewed(obj, *, state: str, by, now, comment: str) -> list[str]:
    """Sets the review fields (approve, return, reopen); returns the fields to save."""
    obj.state = state
    obj.reviewed_by, obj.reviewed_at, obj.review_comment = by, now, comment
    return ["state", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]


def required_reason(reason: str | None, *, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message}, code="reason_required")
    return reason
