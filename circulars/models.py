"""Circulars (بخشنامه) the IT office sends to agencies, and their acknowledgements.

A circular is written as a draft and then published. Publishing fixes its target
agencies as CircularTarget rows; each agency acknowledges its row once. Reads and
reminders are recorded. Every change goes through circulars/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Province
from programs.models import Program
from reform_portal.review.models import ReviewEvent
from reform_portal.uploads import RandomUploadTo


class Circular(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class TargetMode(models.TextChoices):
        ALL = "all", _("All executive agencies")
        GROUP = "group", _("An agency group")
        SELECTED = "selected", _("Selected agencies")

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="circulars",
        verbose_name=_("province"),
        help_text=_("The province whose IT office issues the circular; empty for a national circular."),
    )
    number = models.CharField(
        _("number"), max_length=100, help_text=_("As written on the letter, e.g. ۲۳۱۳۲۷/ت۴۳۹۱۵ک.")
    )
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), help_text=_("Plain text; leave an empty line between paragraphs."))
    target_mode = models.CharField(_("target agencies"), max_length=10, choices=TargetMode.choices, default="all")
    target_group = models.CharField(_("agency group"), max_length=30, choices=Agency.Group.choices, blank=True)
    selected_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("selected agencies")
    )
    programs = models.ManyToManyField(Program, blank=True, related_name="circulars", verbose_name=_("related programs"))
    acknowledge_by = models.DateField(_("acknowledgement deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        indexes = [
            models.Index(fields=["state", "date"], name="circular_state_date_idx"),
            models.Index(fields=["province", "state"], name="circular_province_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_mode="group") | ~Q(target_group=""),
                name="circular_group_mode_has_group",
                violation_error_message=_("Choose the agency group."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="circular_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("circulars:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class CircularAttachment(models.Model):
    circular = models.ForeignKey(
        Circular, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("circular")
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("circulars"))
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("circular attachment")
        verbose_name_plural = _("circular attachments")

    def __str__(self) -> str:
        return self.original_name


class CircularTarget(models.Model):
    """An agency a published circular was sent to, and its acknowledgement (one per agency)."""

    circular = models.ForeignKey(Circular, on_delete=models.PROTECT, related_name="targets", verbose_name=_("circular"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="circular_targets", verbose_name=_("agency")
    )
    had_confirmed_deputy = models.BooleanField(_("had a confirmed deputy when published"), default=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("acknowledged by"),
    )  # fmt: skip
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["agency__name_fa"]
        verbose_name = _("circular recipient agency")
        verbose_name_plural = _("circular recipient agencies")
        constraints = [
            models.UniqueConstraint(fields=["circular", "agency"], name="circulartarget_unique_agency"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False),
                name="circulartarget_ack_has_time",
            ),
        ]
        indexes = [models.Index(fields=["agency", "circular"], name="circulartarget_agency_idx")]

    def __str__(self) -> str:
        return f"{self.circular} → {self.agency}"


class CircularRead(models.Model):
    """When a user first opened a circular."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="reads", verbose_name=_("circular"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circular_reads", verbose_name=_("user")
    )
    first_read_at = models.DateTimeField(_("first read at"), default=timezone.now)

    class Meta:
        verbose_name = _("circular read")
        verbose_name_plural = _("circular reads")
        constraints = [models.UniqueConstraint(fields=["circular", "user"], name="circularread_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.circular}"


class CircularReminder(models.Model):
    """A reminder sent to the agencies that had not acknowledged; at most one a day per circular."""

    circular = models.ForeignKey(
        Circular, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("circular")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_on = models.DateField(_("sent on"), help_text=_("The local day, for the one-a-day rule."))
    agency_count = models.PositiveIntegerField(_("agencies reminded"), default=0)
    email_count = models.PositiveIntegerField(_("emails queued"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("acknowledgement reminder")
        verbose_name_plural = _("acknowledgement reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["circular", "sent_on"],
                name="circularreminder_one_a_day",
                violation_error_message=_("A reminder was already sent today for this circular."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.circular} — {self.sent_on}"


class CircularEvent(ReviewEvent):
    """What happened to a circular (dotted codes "circular.published" …). Never edited."""

    circular = models.ForeignKey(Circular, on_delete=models.PROTECT, related_name="events", verbose_name=_("circular"))

    state_choices = Circular.State

    class Meta(ReviewEvent.Meta):
        verbose_name = _("circular event")
        verbose_name_plural = _("circular events")
        indexes = [models.Index(fields=["circular", "at"], name="circularevent_circular_at_idx")]
