"""Personal API tokens: made, revoked, recognised, and every call made with one logged.

A token is `rpt_` followed by 40 random URL-safe characters (240 bits); it is shown to its
owner once, when made, and only its SHA-256 hash is kept. It works until it expires or is
revoked, for a user who is still active, with no more rights than the user has in the
portal; a read-only token cannot change anything.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from api.models import ApiCall, ApiToken
from reform_portal import access
from reform_portal.persian import localize_digits

PREFIX = "rpt_"
#: Active tokens one user may hold at once.
MAX_ACTIVE_TOKENS = 10
LIFETIMES = (30, 90, 180, 365)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def lifetimes() -> list[int]:
    """The expiries a user may choose, in days (up to API_TOKEN_MAX_DAYS)."""
    longest = settings.API_TOKEN_MAX_DAYS
    return [days for days in LIFETIMES if days < longest] + [longest]


def active_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def create_token(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Makes a token for `user`; returns it and its key, which is never shown again."""
    access.require(access.has(user, access.USE_API))
    if days not in lifetimes():
        raise ValidationError({"days": _("Choose one of the offered lifetimes.")}, code="invalid_lifetime")
    with transaction.atomic(durable=True):
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one maker at a time per user
        if active_tokens(user).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You already have %(count)s active tokens; revoke one you no longer use first."),
                code="too_many_tokens",
                params={"count": lazy(localize_digits, str)(MAX_ACTIVE_TOKENS)},  # Persian digits in Persian
            )
        key = PREFIX + secrets.token_urlsafe(30)
        now = timezone.now()
        token = ApiToken(
            user=user, name=name.strip(), scope=scope, prefix=key[: len(PREFIX) + 6], key_hash=hash_key(key),
            created_at=now, expires_at=now + datetime.timedelta(days=days),
        )  # fmt: skip
        token.full_clean()
        token.save()
    return token, key


def revoke_token(*, token: ApiToken, by) -> bool:
    """Revokes one of `by`'s own tokens; False when it was already revoked."""
    with transaction.atomic(durable=True):
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.user_id != by.pk:
            raise PermissionDenied
        if token.revoked_at is not None:
            return False
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        return True


def find_token(key: str) -> ApiToken | None:
    """The active token of an active user with this key, with its user (and the user's
    agency and province, which every access decision reads). One query."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user__agency__province")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return token


def log_call(*, token: ApiToken, method: str, path: str, status: int, client_ip: str | None) -> None:
    """One row per call made with a token. One query."""
    ApiCall.objects.create(
        token=token, user_id=token.user_id, method=method[:8], path=path[:300], status=status, client_ip=client_ip
    )


def prune_calls(*, older_than_days: int | None = None) -> int:
    """Deletes the calls logged more than API_CALL_LOG_DAYS (or `older_than_days`) ago."""
    days = settings.API_CALL_LOG_DAYS if older_than_days is None else older_than_days
    deleted, _rows = ApiCall.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    return deleted
