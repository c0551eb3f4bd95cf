"""Business rules for liaison deputies (معاون ذیربط): register, verify, confirm, reject.

A registration goes agency staff → governorate (step 1) → IT office (step 2), each step an
action of the review engine (agencies/workflows.py holds the table): one durable
transaction that locks the row, checks the state and the user's right, writes the change
and its event and queues the emails, so two people acting at once end in one consistent
state and the slower one is told what happened.
"""

from django.db import transaction

from agencies.models import Agency, LiaisonDeputy, User
from reform_portal import review


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
    with transaction.atomic(durable=True):
        agency = Agency.objects.select_for_update().select_related("province").get(pk=agency.pk)  # one at a time
        deputy = LiaisonDeputy(agency=agency, state=LiaisonDeputy.State.AWAITING_GOVERNORATE, submitted_by=by)
        changes = {
            "full_name": full_name, "position": position, "national_code": national_code, "mobile": mobile,
            "email": email, "office_phone": office_phone,
        }  # fmt: skip
        return review.apply(deputy, "submit", by=by, changes=changes)


def verify_deputy(*, deputy: LiaisonDeputy, by: User) -> LiaisonDeputy:
    """Step 1: the governorate verifies the registration."""
    return review.transition(deputy, "verify", by=by)


def confirm_deputy(*, deputy: LiaisonDeputy, by: User) -> LiaisonDeputy:
    """Step 2: the IT office confirms; the agency's previous deputy becomes history, and the
    new one a portal user with the role «liaison deputy»."""
    return review.transition(deputy, "confirm", by=by)


def reject_deputy(*, deputy: LiaisonDeputy, by: User, reason: str) -> LiaisonDeputy:
    """Rejects at the step the registration is in: the governorate at step 1, the IT office at step 2."""
    return review.transition(deputy, "reject", by=by, reason=reason)
