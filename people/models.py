from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactChange(models.Model):
    """A new email address or mobile a user asked for, in force only once it is proved:
    an email by the link sent to it, a mobile by the 6-digit code sent to it
    (people/services/contact.py). Only a keyed hash of the link's or code's secret is kept."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        MOBILE = "mobile", _("Mobile")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_changes", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("new value"), max_length=254)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    attempts = models.PositiveSmallIntegerField(_("wrong codes typed"), default=0)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        indexes = [models.Index(fields=["user", "kind", "created_at"], name="contactchange_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class ReviewReminder(models.Model):
    """A reminder to a province's reviewers (and, escalated, their heads) about reports and
    counts waiting in review longer than REVIEW_SLA_DAYS; one per province and day, so
    `send_review_reminders` can run any number of times a day."""

    province = models.ForeignKey(
        "agencies.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    sent_on = models.DateField(_("sent on"))
    reports_waiting = models.PositiveIntegerField(_("reports waiting"))
    counts_waiting = models.PositiveIntegerField(_("counts waiting"))
    escalated = models.BooleanField(_("sent to the heads of review too"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["province", "sent_on"], name="review_reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.province} — {self.sent_on}"
