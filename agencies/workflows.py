"""The life cycle of a liaison deputy registration, as the review engine's table.

Agency staff submit → the governorate verifies (step 1) → the IT office confirms (step 2);
either may reject at its own step, with a reason. A newer registration supersedes one still
under review, and a newly confirmed deputy supersedes the agency's previous one, which is
kept as history. A confirmed deputy is a portal user with the role «liaison deputy»; losing
the confirmation loses the role.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies import deputy_accounts
from agencies.models import DeputyEvent, LiaisonDeputy
from agencies.selectors import recipients_by_agency
from reform_portal import access
from reform_portal.notifications import absolute_url, queue_email
from reform_portal.review import NEW, REASON_REQUIRED, Action, Workflow, apply, register

S = LiaisonDeputy.State

ACTIONS = [
    Action("submit", frozenset({NEW}), S.AWAITING_GOVERNORATE, access.REGISTER_DEPUTY, "deputy.submitted",
           _("Submitted"), edits=True),
    Action("verify", frozenset({S.AWAITING_GOVERNORATE}), S.AWAITING_IT_OFFICE, access.VERIFY_DEPUTIES,
           "deputy.verified", _("Verified by the governorate"), stamp=("governorate",)),
    Action("confirm", frozenset({S.AWAITING_IT_OFFICE}), S.CONFIRMED, access.CONFIRM_DEPUTIES, "deputy.confirmed",
           _("Confirmed by the IT office"), stamp=("it_office",)),
    Action("reject", frozenset({S.AWAITING_GOVERNORATE}), S.REJECTED, access.VERIFY_DEPUTIES, "deputy.rejected",
           _("Rejected"), reason=REASON_REQUIRED, stamp=("governorate", "rejection")),
    Action("reject", frozenset({S.AWAITING_IT_OFFICE}), S.REJECTED, access.CONFIRM_DEPUTIES, "deputy.rejected",
           _("Rejected"), reason=REASON_REQUIRED, stamp=("it_office", "rejection")),
    Action("supersede", frozenset({S.AWAITING_GOVERNORATE, S.AWAITING_IT_OFFICE, S.CONFIRMED}), S.SUPERSEDED, None,
           "deputy.superseded", _("Superseded"), stamp=("superseded",)),
]  # fmt: skip


def _governorate(deputy, *, by, now, reason):
    deputy.governorate_reviewed_by, deputy.governorate_reviewed_at = by, now
    return ["governorate_reviewed_by", "governorate_reviewed_at"]


def _it_office(deputy, *, by, now, reason):
    deputy.it_office_reviewed_by, deputy.it_office_reviewed_at = by, now
    return ["it_office_reviewed_by", "it_office_reviewed_at"]


def _rejection(deputy, *, by, now, reason):
    deputy.rejection_reason = reason
    return ["rejection_reason"]


def _superseded(deputy, *, by, now, reason):
    deputy.superseded_at = now
    return ["superseded_at"]


def _refusal(deputy: LiaisonDeputy, action: str) -> tuple[str, str]:
    return {
        S.AWAITING_GOVERNORATE: _("This registration is awaiting the governorate's verification."),
        S.AWAITING_IT_OFFICE: _("This registration has already been verified by the governorate."),
        S.CONFIRMED: _("This registration has already been confirmed."),
        S.REJECTED: _("This registration has already been rejected."),
        S.SUPERSEDED: _("This registration has been replaced by a newer one."),
    }[deputy.state], f"deputy_{deputy.state}"


def _notify_agency(deputy: LiaisonDeputy, *, template: str, reason: str = "") -> None:
    queue_email(
        recipients=recipients_by_agency([deputy.agency_id], with_deputy=False).get(deputy.agency_id, []),
        template=template,
        context={
            "deputy": deputy, "agency": deputy.agency, "reason": reason,
            "link": absolute_url(reverse("agencies:deputy")),
        },
    )  # fmt: skip


def _supersede(queryset, *, by, comment: str) -> None:
    for older in queryset.select_for_update():
        apply(older, "supersede", by=by, comment=str(comment), system=True)


def _before(action: Action, deputy: LiaisonDeputy, by) -> None:
    """A new registration replaces one still under review (one pending per agency), so
    reviewers always act on the latest details; a confirmed one replaces the agency's
    confirmed deputy (one in force per agency)."""
    if action.name == "submit":
        pending = LiaisonDeputy.objects.filter(agency_id=deputy.agency_id, state__in=LiaisonDeputy.PENDING_STATES)
        _supersede(pending, by=by, comment=_("Replaced by a newer registration before review ended."))
    elif action.name == "confirm":
        previous = LiaisonDeputy.objects.filter(agency_id=deputy.agency_id, state=S.CONFIRMED).exclude(pk=deputy.pk)
        _supersede(previous, by=by, comment=_("A newer liaison deputy was confirmed."))


def _after(action: Action, deputy: LiaisonDeputy, by, reason: str) -> None:
    if action.name == "verify":
        _notify_agency(deputy, template="emails/deputy_verified")
    elif action.name == "confirm":
        deputy_accounts.grant(deputy)
        _notify_agency(deputy, template="emails/deputy_confirmed")
    elif action.name == "reject":
        _notify_agency(deputy, template="emails/deputy_rejected", reason=reason)
    elif action.name == "supersede":
        deputy_accounts.revoke(deputy)


DEPUTY_WORKFLOW = register(
    Workflow(
        kind="deputy",
        model=LiaisonDeputy,
        event_model=DeputyEvent,
        event_field="deputy",
        actions=ACTIONS,
        states=S,
        scope_of=lambda deputy: (deputy.agency_id, deputy.agency.province_id),
        related=("agency__province",),
        before=_before,
        after=_after,
        refusal=_refusal,
        stamps={
            "governorate": _governorate,
            "it_office": _it_office,
            "rejection": _rejection,
            "superseded": _superseded,
        },
    )
)
