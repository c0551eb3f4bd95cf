"""Where an agency's public services are delivered, and how many transactions each
channel handled per reporting period.

The catalogue (``Service`` with its ``ServiceChannel`` rows) is base data kept by
the agency (or imported by an administrator). The counts (``ChannelReport`` with its
``TransactionCount`` rows) go through the same draft → submitted → approved /
returned life cycle as progress reports (service_channels/workflows.py). The figures built
on them are defined in docs/channels.md.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, BilingualNameMixin
from agencies.validators import normalize_code, validate_code
from programs.models import Program, ReportingPeriod
from reform_portal.persian import normalize_persian_text
from reform_portal.review.models import ReviewedRecord, ReviewEvent


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the agency")
    COUNTER_OFFICE = "counter_office", _("Government counter office")
    PUBLIC_SERVICE_OFFICE = "public_service_office", _("Public service office")
    ONLINE = "online", _("Online (e-government portal or the agency's site)")


#: The channels that spare people a visit to the agency's own counters.
OUTSIDE_CHANNELS = (Channel.COUNTER_OFFICE, Channel.PUBLIC_SERVICE_OFFICE, Channel.ONLINE)


class Service(BilingualNameMixin, models.Model):
    """A public service in an agency's catalogue."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency"))
    code = models.CharField(
        _("service code"),
        max_length=32,
        validators=[validate_code],
        help_text=_("Persian or Latin letters and digits, such as AGR-101."),
    )
    name_fa = models.CharField(_("Persian name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    programs = models.ManyToManyField(
        Program,
        blank=True,
        related_name="services",
        verbose_name=_("programs"),
        help_text=_("The reform programs this service falls under."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("A service no longer offered is kept for its history.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["agency__name_fa", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="service_unique_code_per_agency",
                violation_error_message=_("This agency already has a service with this code."),
            ),
        ]
        indexes = [models.Index(fields=["agency", "is_active"], name="service_agency_active_idx")]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):
        """The code is stored in one canonical form (agencies.validators.normalize_code), so
        «كرمان» and «کرمان», or agr-101 and AGR-101, are one code and the unique constraint sees it."""
        self.code = normalize_code(self.code)
        super().clean_fields(exclude=exclude)

    def clean(self):
        self.name_fa = normalize_persian_text(self.name_fa)


class ServiceChannel(models.Model):
    """A channel through which a service is offered, since ``opened_on``."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="channels", verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    opened_on = models.DateField(
        _("opened on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the channel was open before records were kept."),
    )

    class Meta:
        ordering = ["service", "channel"]
        verbose_name = _("service channel")
        verbose_name_plural = _("service channels")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "channel"],
                name="service_channel_once",
                violation_error_message=_("This channel is already listed for the service."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.get_channel_display()}"

    @property
    def is_outside(self) -> bool:
        return self.channel in OUTSIDE_CHANNELS

    def is_open_on(self, day) -> bool:
        return self.opened_on is None or self.opened_on <= day


class ChannelReport(ReviewedRecord):
    """An agency's transaction counts for one reporting period (its life cycle:
    service_channels/workflows.py)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="channel_reports", verbose_name=_("agency")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="channel_reports", verbose_name=_("reporting period")
    )

    class Meta:
        ordering = ["-period__opens_on", "agency__name_fa"]
        verbose_name = _("transaction count report")
        verbose_name_plural = _("transaction count reports")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period"],
                name="channel_report_one_per_agency_period",
                violation_error_message=_("There are already transaction counts for this agency and period."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(first_submitted_at__isnull=False),
                name="channel_report_submitted_has_first_submission",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="chreport_period_state_idx")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("channels:report_detail", args=[self.pk])


class TransactionCount(models.Model):
    """How many transactions of a service one channel handled in the report's period.
    ``count`` NULL means "not reported", which is not the same as zero."""

    report = models.ForeignKey(ChannelReport, on_delete=models.CASCADE, related_name="counts", verbose_name=_("report"))
    service_channel = models.ForeignKey(
        ServiceChannel, on_delete=models.PROTECT, related_name="counts", verbose_name=_("service channel")
    )
    count = models.PositiveIntegerField(_("transactions"), null=True, blank=True)

    class Meta:
        ordering = ["service_channel__service__code", "service_channel__channel"]
        verbose_name = _("transaction count")
        verbose_name_plural = _("transaction counts")
        constraints = [
            models.UniqueConstraint(fields=["report", "service_channel"], name="transaction_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service_channel}: {self.count}"


class ChannelReportEvent(ReviewEvent):
    """What happened to a channel report (dotted codes "counts.submitted" …). Never edited."""

    report = models.ForeignKey(ChannelReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report"))

    class Meta(ReviewEvent.Meta):
        verbose_name = _("channel report event")
        verbose_name_plural = _("channel report events")
        indexes = [models.Index(fields=["report", "at"], name="channelevent_report_at_idx")]
