"""The second factor (django-otp): a TOTP authenticator app and single-use recovery codes,
required of the roles in OTP_REQUIRED_ROLES (people/middleware.py)."""

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def requires_second_factor(user) -> bool:
    """Whether OTP_REQUIRED_ROLES names the user's role (or "superuser", "staff" for them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    required = set(settings.OTP_REQUIRED_ROLES)
    return bool(
        (user.role and user.role in required)
        or (user.is_superuser and "superuser" in required)
        or (user.is_staff and "staff" in required)
    )


def is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp(user) -> TOTPDevice:
    """The authenticator being set up (not confirmed yet), made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data: URI (rendered here; the CSP allows img data:)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps without a camera."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(user) -> list[str]:
    """Replaces the user's recovery codes with OTP_RECOVERY_CODES new ones, each usable once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(settings.OTP_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        return codes


def confirm_totp(user, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirms the pending authenticator when `token` is right; the user's earlier
    authenticators go, and new recovery codes are made. None when the token is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None or not device.verify_token(token):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return device, new_recovery_codes(user)


def verify(user, token: str):
    """The device that accepts `token` (the authenticator's code, or an unused recovery code,
    which is then used up), or None. Each device counts its failures and slows guessing."""
    token = "".join((token or "").split())
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            if device.verify_is_allowed()[0] and device.verify_token(token):
                return device
    return None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
