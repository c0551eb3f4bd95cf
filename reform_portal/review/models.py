"""What every reviewed record and every history row has in common (abstract models).

Concrete models live in their apps: `programs.ProgressReport` and
`service_channels.ChannelReport` are `ReviewedRecord`s; `ReportEvent`, `ChannelReportEvent`,
`DeputyEvent` and `CircularEvent` are `ReviewEvent`s with dotted action codes
("report.submitted", "deputy.confirmed", "circular.published", …).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    """The states of a record an agency writes and the IT office reviews."""

    DRAFT = "draft", _("Draft")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Awaiting the deputy's sign-off")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class ReviewedRecord(models.Model):
    """The workflow fields of a record that goes draft → submitted → approved / returned."""

    State = ReviewState

    state = models.CharField(_("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, help_text=_("Decides whether the report was on time.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_late(self) -> bool:
        """First submitted after the due date (or not submitted while overdue): the dashboards'
        on-time rule, programs.metrics.is_late (imported here, as reform_portal sits below programs)."""
        from programs.metrics import is_late

        return is_late(self.first_submitted_at, self.period)


class ReviewEvent(models.Model):
    """What happened to a record: who, what (a dotted action code), when and why. Never edited."""

    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=24, blank=True)
    to_state = models.CharField(_("to state"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    #: The record's state choices, for the labels of from_state and to_state.
    state_choices: type[models.TextChoices] = ReviewState

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        from reform_portal.persian import format_jalali_datetime

        return f"{self.get_action_display()} — {format_jalali_datetime(self.at)}"

    def get_action_display(self) -> str:
        from reform_portal.review.engine import event_label

        return str(event_label(self.action))

    def _state_label(self, value: str) -> str:
        if not value:
            return ""
        try:
            return str(self.state_choices(value).label)
        except ValueError:
            return value

    def get_from_state_display(self) -> str:
        return self._state_label(self.from_state)

    def get_to_state_display(self) -> str:
        return self._state_label(self.to_state)
