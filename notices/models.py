"""What the portal tells a user inside the portal, and the text messages it sends.

Both are written in the transaction of the change that caused them (as the email outbox
is), so a rolled-back change notifies nobody.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One thing a user was told about: a title in both languages and a link to the object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20)
    template = models.CharField(_("template"), max_length=80)
    title_fa = models.CharField(_("Persian title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path inside the portal."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "").startswith("en") and self.title_en else self.title_fa

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SmsMessage(models.Model):
    """A text message in the outbox (notices/sms.py, DatabaseBackend): `send_queued_sms`
    hands it to the gateway and retries failures; what the gateway answered is kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent to the gateway")
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Not delivered")
        FAILED = "failed", _("Failed")

    to = models.CharField(_("mobile"), max_length=11)
    body = models.TextField(_("text"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    gateway_id = models.CharField(_("gateway message id"), max_length=64, blank=True)
    gateway_status = models.CharField(_("gateway status"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivery status at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sms_status_next_idx"),
            models.Index(fields=["user", "created_at"], name="sms_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.body[:40]}"
