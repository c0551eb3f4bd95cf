"""Invitations: how a new user gets into the portal without anyone setting their password.

Creating a user in the admin, importing users (once the import is confirmed) and
confirming a liaison deputy's account send an invitation: an email, and an SMS when the
user's mobile is known, with a link that lets them choose their password once, within
INVITATION_DAYS. Only a hash of the link's secret is stored. Sending a new invitation
revokes the earlier ones; the admin resends and sees who has not accepted
(agencies/admin.py). The link's page (people/views.py) tells an expired, used or revoked
link apart and says what to do.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Invitation, User
from notices.delivery import render_sms
from notices.sms import Sms, send_sms
from reform_portal.notifications import Recipient, absolute_url, queue_emails

VALID, EXPIRED, USED, REVOKED, UNKNOWN = "valid", "expired", "used", "revoked", "unknown"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_invite(user: User) -> bool:
    """An invitation needs somewhere to go: an email address or a mobile."""
    return user.is_active and bool(user.email or user.mobile)


def invite_many(users, *, by: User | None = None, now=None) -> int:
    """Invites each active user with an email or a mobile (revoking their earlier
    invitations): the invitations in one INSERT, the emails in another, the texts in a third.
    Runs in the caller's transaction. Returns how many were invited."""
    now = now or timezone.now()
    users = [user for user in users if can_invite(user)]
    if not users:
        return 0
    Invitation.objects.filter(
        user__in=[user.pk for user in users], accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitations, emails, texts = [], [], []
    expires_at = now + datetime.timedelta(days=settings.INVITATION_DAYS)
    for user in users:
        token = secrets.token_urlsafe(32)
        invitations.append(
            Invitation(
                user=user, token_hash=_hash(token), expires_at=expires_at, created_by=by,
                sent_to_email=user.email, sent_to_mobile=user.mobile,
            )
        )  # fmt: skip
        recipient = Recipient.for_user(user)
        context = {
            "user": user, "link": absolute_url(reverse("people:invitation", args=[token])),
            "expires_at": expires_at, "days": settings.INVITATION_DAYS,
        }  # fmt: skip
        if user.email:
            emails.append((recipient, "emails/invitation", context))
        if user.mobile:
            body = render_sms("sms/invitation.txt", {**context, "recipient": recipient}, language=recipient.language)
            texts.append(Sms(to=user.mobile, body=body, user_id=user.pk, kind="account"))
    Invitation.objects.bulk_create(invitations)
    queue_emails(emails)
    send_sms(texts)
    return len(users)


def invite(user: User, *, by: User | None = None) -> bool:
    """Sends (again) an invitation to one user; False when they have no email or mobile."""
    with transaction.atomic():
        return invite_many([user], by=by) == 1


@dataclass(frozen=True)
class Lookup:
    state: str
    invitation: Invitation | None = None


def find(token: str, *, now=None) -> Lookup:
    """What a link's token names, and whether it still works."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_related("user").filter(token_hash=_hash(token or "")).first()
    if invitation is None or not invitation.user.is_active:
        return Lookup(UNKNOWN)
    if invitation.accepted_at is not None:
        return Lookup(USED, invitation)
    if invitation.revoked_at is not None:
        return Lookup(REVOKED, invitation)
    if invitation.expires_at <= now:
        return Lookup(EXPIRED, invitation)
    return Lookup(VALID, invitation)


class InvitationNotValid(Exception):
    def __init__(self, lookup: Lookup):
        super().__init__(lookup.state)
        self.lookup = lookup


def accept(token: str, *, password: str) -> User:
    """Sets the user's chosen password and uses the invitation up, in one transaction with
    the invitation's row locked (a second click finds it used). Raises InvitationNotValid."""
    with transaction.atomic(durable=True):
        lookup = find(token)
        if lookup.state != VALID:
            raise InvitationNotValid(lookup)
        invitation = Invitation.objects.select_for_update().select_related("user").get(pk=lookup.invitation.pk)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise InvitationNotValid(find(token))
        now = timezone.now()
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        Invitation.objects.filter(user=invitation.user, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        return user


STATE_LABELS = {
    "accepted": _("Accepted"),
    "pending": _("Sent, not accepted yet"),
    "expired": _("Expired, not accepted"),
    "none": _("Not invited"),
}


def state_of(*, accepted_at, expires_at, now=None) -> str:
    """The invitation state shown in the admin, from the user's latest invitation."""
    now = now or timezone.now()
    if accepted_at is not None:
        return "accepted"
    if expires_at is None:
        return "none"
    return "pending" if expires_at > now else "expired"
