"""Business rules for liaison deputies (معاون ذیربط): register, verify, confirm, reject.

A registration goes agency staff → governorate (step 1) → IT office (step 2). Each
function is one transaction that locks the rows it changes, checks the current state,
saves with `update_fields`, writes a DeputyEvent and queues the emails, so two people
acting at once end in one consistent state and the slower one gets a clear message.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, DeputyEvent, LiaisonDeputy, User
from agencies.selectors import recipients_by_agency
from reform_portal.notifications import absolute_url, queue_email

State = LiaisonDeputy.State


class DeputyStateError(Exception):
    """The registration is no longer in the state the action needs; the message says why."""


def _notify_agency(deputy: LiaisonDeputy, *, template: str, reason: str = "") -> None:
    queue_email(
        recipients=recipients_by_agency([deputy.agency_id], with_deputy=False).get(deputy.agency_id, []),
        template=template,
        context={
            "deputy": deputy,
            "agency": deputy.agency,
            "reason": reason,
            "link": absolute_url(reverse("agencies:deputy")),
        },
    )


def _record(deputy: LiaisonDeputy, *, action: str, from_state: str, by: User | None, at, comment: str = "") -> None:
    DeputyEvent.objects.create(
        deputy=deputy, action=action, from_state=from_state, to_state=deputy.state, actor=by, at=at, comment=comment
    )


def _locked(deputy: LiaisonDeputy) -> LiaisonDeputy:
    return LiaisonDeputy.objects.select_for_update(of=("self",)).select_related("agency").get(pk=deputy.pk)


def _state_error(deputy: LiaisonDeputy) -> DeputyStateError:
    messages = {
        State.AWAITING_GOVERNORATE: _("This registration is awaiting the governorate's verification."),
        State.AWAITING_IT_OFFICE: _("This registration has already been verified by the governorate."),
        State.CONFIRMED: _("This registration has already been confirmed."),
        State.REJECTED: _("This registration has already been rejected."),
        State.SUPERSEDED: _("This registration has been replaced by a newer one."),
    }
    return DeputyStateError(messages[deputy.state])


@transaction.atomic
def submit_deputy(
    *,
    agency: Agency,
    by: User,
    full_name: str,
    position: str,
    national_code: str,
    mobile: str,
    email: str,
    office_phone: str = "",
) -> LiaisonDeputy:
    """Registers the agency's new (or updated) deputy for review.

    The confirmed deputy stays in force until this one is confirmed. A registration
    still under review is replaced (kept as superseded), so reviewers always act on
    the latest details.
    """
    if not (by.is_agency_staff and by.agency_id == agency.pk):
        raise PermissionDenied
    Agency.objects.select_for_update().only("pk").get(pk=agency.pk)  # one submission per agency at a time
    now = timezone.now()
    deputy = LiaisonDeputy(
        agency=agency,
        full_name=full_name,
        position=position,
        national_code=national_code,
        mobile=mobile,
        email=email,
        office_phone=office_phone,
        state=State.AWAITING_GOVERNORATE,
        submitted_by=by,
    )
    deputy.full_clean(validate_constraints=False)
    pending_registrations = LiaisonDeputy.objects.select_for_update().filter(
        agency=agency, state__in=LiaisonDeputy.PENDING_STATES
    )
    for pending in pending_registrations:
        old_state = pending.state
        pending.state, pending.superseded_at = State.SUPERSEDED, now
        pending.save(update_fields=["state", "superseded_at", "updated_at"])
        _record(
            pending,
            action=DeputyEvent.Action.SUPERSEDED,
            from_state=old_state,
            by=by,
            at=now,
            comment=str(_("Replaced by a newer registration before review ended.")),
        )
    deputy.save()
    _record(deputy, action=DeputyEvent.Action.SUBMITTED, from_state="", by=by, at=now)
    return deputy


@transaction.atomic
def verify_deputy(*, deputy: LiaisonDeputy, by: User) -> LiaisonDeputy:
    """Step 1: the governorate verifies the registration."""
    if not by.is_governorate_reviewer:
        raise PermissionDenied
    deputy = _locked(deputy)
    if deputy.state != State.AWAITING_GOVERNORATE:
        raise _state_error(deputy)
    now = timezone.now()
    deputy.state = State.AWAITING_IT_OFFICE
    deputy.governorate_reviewed_by, deputy.governorate_reviewed_at = by, now
    deputy.save(update_fields=["state", "governorate_reviewed_by", "governorate_reviewed_at", "updated_at"])
    _record(deputy, action=DeputyEvent.Action.VERIFIED, from_state=State.AWAITING_GOVERNORATE, by=by, at=now)
    _notify_agency(deputy, template="emails/deputy_verified")
    return deputy


@transaction.atomic
def confirm_deputy(*, deputy: LiaisonDeputy, by: User) -> LiaisonDeputy:
    """Step 2: the IT office confirms; the agency's previous deputy becomes history."""
    if not by.is_it_office_reviewer:
        raise PermissionDenied
    deputy = _locked(deputy)
    if deputy.state != State.AWAITING_IT_OFFICE:
        raise _state_error(deputy)
    now = timezone.now()
    for previous in LiaisonDeputy.objects.select_for_update().filter(agency_id=deputy.agency_id, state=State.CONFIRMED):
        previous.state, previous.superseded_at = State.SUPERSEDED, now
        previous.save(update_fields=["state", "superseded_at", "updated_at"])
        _record(
            previous,
            action=DeputyEvent.Action.SUPERSEDED,
            from_state=State.CONFIRMED,
            by=by,
            at=now,
            comment=str(_("A newer liaison deputy was confirmed.")),
        )
    deputy.state = State.CONFIRMED
    deputy.it_office_reviewed_by, deputy.it_office_reviewed_at = by, now
    deputy.save(update_fields=["state", "it_office_reviewed_by", "it_office_reviewed_at", "updated_at"])
    _record(deputy, action=DeputyEvent.Action.CONFIRMED, from_state=State.AWAITING_IT_OFFICE, by=by, at=now)
    _notify_agency(deputy, template="emails/deputy_confirmed")
    return deputy


@transaction.atomic
def reject_deputy(*, deputy: LiaisonDeputy, by: User, reason: str) -> LiaisonDeputy:
    """Rejects at the step the registration is in: the governorate at step 1, the IT office at step 2."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection."), code="reason_required")
    deputy = _locked(deputy)
    if deputy.state == State.AWAITING_GOVERNORATE:
        if not by.is_governorate_reviewer:
            if by.is_it_office_reviewer:
                raise DeputyStateError(_("This registration is awaiting the governorate's verification."))
            raise PermissionDenied
        fields = ["governorate_reviewed_by", "governorate_reviewed_at"]
    elif deputy.state == State.AWAITING_IT_OFFICE:
        if not by.is_it_office_reviewer:
            if by.is_governorate_reviewer:
                raise DeputyStateError(_("This registration has already been verified by the governorate."))
            raise PermissionDenied
        fields = ["it_office_reviewed_by", "it_office_reviewed_at"]
    else:
        if not by.is_reviewer:
            raise PermissionDenied
        raise _state_error(deputy)
    now = timezone.now()
    from_state = deputy.state
    setattr(deputy, fields[0], by)
    setattr(deputy, fields[1], now)
    deputy.state, deputy.rejection_reason = State.REJECTED, reason
    deputy.save(update_fields=["state", "rejection_reason", *fields, "updated_at"])
    _record(deputy, action=DeputyEvent.Action.REJECTED, from_state=from_state, by=by, at=now, comment=reason)
    _notify_agency(deputy, template="emails/deputy_rejected", reason=reason)
    return deputy
