"""What an administrator publishes on the open-data pages (/open/): provinces, programs and
reporting periods, each listed here once chosen. Nothing else is ever shown there: only
figures (approved progress, reporting rates) of published programs, in published provinces,
for published periods — never narratives, evidence or anyone's personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Province
from programs.models import Program, ReportingPeriod


class Published(models.Model):
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip

    class Meta:
        abstract = True


class PublishedProvince(Published):
    province = models.OneToOneField(
        Province, on_delete=models.CASCADE, related_name="publication", verbose_name=_("province")
    )
    show_agencies = models.BooleanField(
        _("show each agency's reporting rates"),
        default=True,
        help_text=_("Off: only the province's and the programs' figures are published."),
    )

    class Meta:
        ordering = ["province__name_fa"]
        verbose_name = _("published province")
        verbose_name_plural = _("published provinces")

    def __str__(self) -> str:
        return str(self.province)


class PublishedProgram(Published):
    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="publication", verbose_name=_("program")
    )

    class Meta:
        ordering = ["program__number"]
        verbose_name = _("published program")
        verbose_name_plural = _("published programs")

    def __str__(self) -> str:
        return str(self.program)


class PublishedPeriod(Published):
    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.CASCADE, related_name="publication", verbose_name=_("reporting period")
    )

    class Meta:
        ordering = ["-period__opens_on"]
        verbose_name = _("published reporting period")
        verbose_name_plural = _("published reporting periods")

    def __str__(self) -> str:
        return str(self.period)
