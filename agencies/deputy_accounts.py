"""A confirmed liaison deputy is a portal user with the role «liaison deputy» (who signs
off the agency's reports where the province requires it); losing the confirmation loses
the role. Called by the deputy workflow's hooks, inside its transaction."""

from django.utils import timezone

from agencies import invitations
from agencies.models import Invitation, LiaisonDeputy, User


def _account_for(deputy: LiaisonDeputy) -> User:
    """The deputy's account: the one linked already, else the one named by the national
    code (the deputy's username), else a new one without a usable password until the
    deputy sets one."""
    if deputy.user_id is not None:
        return deputy.user
    user = User.objects.filter(username=deputy.national_code).first()
    if user is None:
        first, _, last = deputy.full_name.partition(" ")
        user = User(username=deputy.national_code, first_name=first[:150], last_name=last[:150], language="fa")
        user.set_unusable_password()
    return user


def grant(deputy: LiaisonDeputy) -> User | None:
    """Gives the confirmed deputy's account the role. An account that already has another
    portal role (agency staff, a reviewer) or is an administrator keeps it and is not linked:
    one person, one role. An account without a password yet is invited to choose one (by
    email, and by SMS to the deputy's mobile), unless an invitation is still pending."""
    user = _account_for(deputy)
    if user.pk is not None and (user.is_staff or user.role not in ("", User.Role.LIAISON_DEPUTY)):
        return None
    user.role, user.agency_id, user.is_active = User.Role.LIAISON_DEPUTY, deputy.agency_id, True
    user.email = user.email or deputy.email
    user.mobile = user.mobile or deputy.mobile
    user.save()
    if deputy.user_id != user.pk:
        deputy.user = user
        deputy.save(update_fields=["user"])
    pending = Invitation.objects.filter(
        user=user, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if not user.has_usable_password() and not pending.exists():
        invitations.invite_many([user])
    return user


def revoke(deputy: LiaisonDeputy) -> None:
    """The superseded deputy's account loses the role (and with it every capability), unless
    it is the deputy of another confirmed registration."""
    user = deputy.user
    if user is None or user.role != User.Role.LIAISON_DEPUTY:
        return
    if LiaisonDeputy.objects.filter(user=user, state=LiaisonDeputy.State.CONFIRMED).exclude(pk=deputy.pk).exists():
        return
    user.role = User.Role.NONE
    user.save(update_fields=["role"])
