"""Changing one's email address or mobile: the new one is in force only once proved.

An email address by the link sent to it (CONTACT_CODE_MINUTES to click it), a mobile by the
6-digit code sent to it by SMS (the same time, at most MAX_ATTEMPTS wrong codes). Asking
again cancels the earlier request. Only a keyed hash of the link's or code's secret is kept.
"""

import datetime
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from notices.delivery import render_sms
from notices.sms import Sms, send_sms
from people.models import ContactChange
from reform_portal.notifications import Recipient, absolute_url, queue_email

MAX_ATTEMPTS = 5
K = ContactChange.Kind


def _hash(change_user_id: int, kind: str, value: str, secret: str) -> str:
    return salted_hmac("people.contact", f"{change_user_id}:{kind}:{value}:{secret}").hexdigest()


def _start(user: User, kind: str, value: str, secret: str) -> ContactChange:
    now = timezone.now()
    ContactChange.objects.filter(user=user, kind=kind, confirmed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    return ContactChange.objects.create(
        user=user, kind=kind, value=value, secret_hash=_hash(user.pk, kind, value, secret), created_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.CONTACT_CODE_MINUTES),
    )  # fmt: skip


def request_email_change(*, user: User, email: str) -> ContactChange:
    """Sends a link to the new address; the address changes when it is followed."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic(durable=True):
        change = _start(user, K.EMAIL, email, token)
        queue_email(
            recipients=[Recipient(email=email, language=user.language, name=user.get_full_name())],
            template="emails/verify_email",
            context={
                "user": user, "email": email, "minutes": settings.CONTACT_CODE_MINUTES,
                "link": absolute_url(reverse("people:verify_email", args=[change.pk, token])),
            },
        )  # fmt: skip
    return change


def confirm_email(*, change_id: int, token: str) -> User:
    """Puts the new address in force. Raises ValidationError when the link is not (or no
    longer) valid."""
    with transaction.atomic(durable=True):
        change = (
            ContactChange.objects.select_for_update().select_related("user").filter(pk=change_id, kind=K.EMAIL).first()
        )
        if change is None or not hmac.compare_digest(
            change.secret_hash, _hash(change.user_id, K.EMAIL, change.value, token)
        ):
            raise ValidationError(_("This link is not valid."), code="invalid")
        _check_open(change)
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
        user = change.user
        user.email = change.value
        user.save(update_fields=["email"])
        return user


def _check_open(change: ContactChange) -> None:
    if change.confirmed_at is not None:
        raise ValidationError(_("This change has already been confirmed."), code="used")
    if change.cancelled_at is not None:
        raise ValidationError(_("This request was replaced by a newer one; use the latest message."), code="cancelled")
    if change.expires_at <= timezone.now():
        raise ValidationError(_("This request has expired; ask for a new one on your profile page."), code="expired")


def request_mobile_change(*, user: User, mobile: str) -> ContactChange:
    """Sends a 6-digit code to the new mobile by SMS (whatever the SMS choices: it is the
    only way to prove the number)."""
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic(durable=True):
        change = _start(user, K.MOBILE, mobile, code)
        body = render_sms(
            "sms/verify_mobile.txt", {"code": code, "minutes": settings.CONTACT_CODE_MINUTES}, language=user.language
        )
        send_sms([Sms(to=mobile, body=body, user_id=user.pk, kind="account")])
    return change


def pending_mobile_change(user: User) -> ContactChange | None:
    return (
        ContactChange.objects.filter(
            user=user, kind=K.MOBILE, confirmed_at__isnull=True, cancelled_at__isnull=True,
            expires_at__gt=timezone.now(), attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("-created_at", "-pk")
        .first()
    )  # fmt: skip


def confirm_mobile(*, user: User, code: str) -> User:
    """Puts the pending new mobile in force when `code` is the one sent to it. A wrong code
    counts (None is returned); after MAX_ATTEMPTS the request is void. Raises ValidationError
    when there is nothing to confirm."""
    with transaction.atomic(durable=True):
        change = (
            ContactChange.objects.select_for_update()
            .filter(user=user, kind=K.MOBILE, confirmed_at__isnull=True, cancelled_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if change is None:
            raise ValidationError(_("There is no mobile change to confirm; ask for a code first."), code="none")
        _check_open(change)
        if change.attempts >= MAX_ATTEMPTS:
            raise ValidationError(_("Too many wrong codes; ask for a new code."), code="attempts")
        if not hmac.compare_digest(change.secret_hash, _hash(user.pk, K.MOBILE, change.value, code.strip())):
            change.attempts += 1
            change.save(update_fields=["attempts"])
            return None
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
        user.mobile = change.value
        user.save(update_fields=["mobile"])
        return user
