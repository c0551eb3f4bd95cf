from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from reform_portal.persian import (
    format_number,
    is_persian_active,
    jalali_month_name,
    localize_digits,
    normalize_persian_text,
)
from reform_portal.review.models import ReviewedRecord, ReviewEvent
from reform_portal.uploads import RandomUploadTo
from reform_portal.validators import validate_jalali_year


class BilingualTitleMixin:
    @property
    def title(self) -> str:
        if is_persian_active() or not self.title_en:
            return self.title_fa
        return self.title_en


class RoadmapEdition(BilingualTitleMixin, models.Model):
    """A generation of reform programs (e.g. the 1404 roadmap).

    Programs belong to an edition, so a new generation never erases the old one's history.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    title_fa = models.CharField(_("Persian title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first Jalali year"), validators=[validate_jalali_year])
    end_year = models.PositiveSmallIntegerField(
        _("last Jalali year"), null=True, blank=True, validators=[validate_jalali_year]
    )
    is_current = models.BooleanField(_("current edition"), default=False)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("roadmap edition")
        verbose_name_plural = _("roadmap editions")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="edition_one_current"),
        ]

    def __str__(self) -> str:
        return self.title


class Program(BilingualTitleMixin, models.Model):
    class Axis(models.TextChoices):
        """The axes of the comprehensive administrative-reform program."""

        GOVERNMENT_STRUCTURE = "government_structure", _("Role and structure of government")
        E_GOVERNMENT = "e_government", _("E-government and administrative digitisation")
        PUBLIC_SERVICES = "public_services", _("Public services in a competitive setting")
        HUMAN_CAPITAL = "human_capital", _("Human capital")
        MANAGEMENT_SYSTEMS = "management_systems", _("Management systems")
        ORGANISATIONAL_CULTURE = "organisational_culture", _("Organisational culture")
        CITIZENS_RIGHTS = "citizens_rights", _("Citizens' rights")
        TRANSPARENCY = "transparency", _("Accountability, transparency and anti-corruption")
        PRODUCTIVITY = "productivity", _("Productivity")
        MONITORING = "monitoring", _("Monitoring and evaluation")

    edition = models.ForeignKey(
        RoadmapEdition, on_delete=models.PROTECT, related_name="programs", verbose_name=_("roadmap edition")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_fa = models.CharField(_("Persian title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axis"), max_length=30, choices=Axis.choices)
    owner = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="owned_programs",
        verbose_name=_("responsible office"),
        help_text=_("The office that supervises the program, e.g. the IT office."),
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        indexes = [models.Index(fields=["owner"], name="program_owner_idx")]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="program_unique_number_per_edition"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="program_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="program_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{localize_digits(self.number)}. {self.title}"

    def clean(self):
        self.title_fa = normalize_persian_text(self.title_fa)


class Assignment(models.Model):
    """A program that an agency must carry out, with its target and weight."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("program")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("agency"))
    target = models.TextField(_("target"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["program__number", "agency__name_fa"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["agency", "is_active"], name="assignment_agency_active_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "agency"],
                name="assignment_unique_program_agency",
                violation_error_message=_("This program is already assigned to this agency."),
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="assignment_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.agency}"


class ReportingPeriod(models.Model):
    """A Jalali fiscal quarter or month for which every active assignment is reported."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    fiscal_year = models.PositiveSmallIntegerField(_("Jalali fiscal year"), validators=[validate_jalali_year])
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.QUARTER)
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1–4 for quarters, 1–12 for months."))
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["-fiscal_year", "-number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "kind", "number"], name="period_unique_year_kind_number"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("due_on")) & Q(due_on__lte=F("closes_on")),
                name="period_dates_in_order",
                violation_error_message=_("The period must open before it is due and be due before it closes."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="quarter") & Q(number__gte=1) & Q(number__lte=4))
                | (Q(kind="month") & Q(number__gte=1) & Q(number__lte=12)),
                name="period_number_in_range",
                violation_error_message=_("A quarter is numbered 1–4 and a month 1–12."),
            ),
        ]
        indexes = [models.Index(fields=["opens_on", "closes_on"], name="period_open_window_idx")]

    QUARTER_NAMES = {
        1: pgettext_lazy("quarter", "first"),
        2: pgettext_lazy("quarter", "second"),
        3: pgettext_lazy("quarter", "third"),
        4: pgettext_lazy("quarter", "fourth"),
    }

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """«سه‌ماهه اول ۱۴۰۵» in fa, "Q1 1405" in en; months by their Jalali name."""
        year = localize_digits(self.fiscal_year)
        if self.kind == self.Kind.QUARTER:
            return _("%(ordinal)s quarter of %(year)s") % {"ordinal": self.QUARTER_NAMES[self.number], "year": year}
        return _("%(month)s %(year)s") % {"month": jalali_month_name(self.number), "year": year}

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on


class ProgressReport(ReviewedRecord):
    """One agency's report on one assigned program for one period (its life cycle:
    programs/workflows.py)."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", _("Done")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("assignment")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting period")
    )
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ON_TRACK)
    work_done = models.TextField(_("what was done"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    decrease_reason = models.TextField(
        _("reason for a lower percent"),
        blank=True,
        help_text=_("Required when the percent is lower than the last approved one."),
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed off by"),
    )  # fmt: skip
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        ordering = ["-period__opens_on", "assignment__program__number"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"],
                name="report_one_per_assignment_period",
                violation_error_message=_("There is already a report for this assignment and period."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="report_percent_0_100",
                violation_error_message=_("The percent must be between 0 and 100."),
            ),
            # Sent back by the liaison deputy, a report is returned without ever having reached the IT office.
            models.CheckConstraint(
                condition=Q(state__in=["draft", "awaiting_sign_off", "returned"]) | Q(first_submitted_at__isnull=False),
                name="report_submitted_has_first_submission",
            ),
        ]
        permissions = [("reopen_progressreport", _("Can reopen an approved progress report"))]
        indexes = [
            models.Index(fields=["period", "state"], name="report_period_state_idx"),
            models.Index(fields=["state", "submitted_at"], name="report_state_submitted_idx"),
            models.Index(fields=["assignment", "state", "period"], name="report_assignment_state_idx"),
            # Read by every dashboard (dashboards/selectors.py), covering on PostgreSQL so that a
            # period's reports are read from the index alone: the approved ones with their
            # percent ("latest approved percent"), and all of them with what the rates need.
            models.Index(
                fields=["period", "assignment"],
                include=["percent"],
                condition=Q(state="approved"),
                name="report_period_approved_idx",
            ),
            models.Index(
                fields=["period", "assignment"],
                include=["state", "first_submitted_at"],
                name="report_period_lookup_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("programs:report_detail", args=[self.pk])


class Evidence(models.Model):
    """A file attached to a report as evidence; stored under a random name outside
    static/, downloaded only through a view that checks the user may see the report.

    Removing a file from a draft only hides it (`removed_at`): nothing uploaded is lost.
    """

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("evidence"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    indicator = models.ForeignKey(
        "Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
        verbose_name=_("indicator"), help_text=_("The indicator whose value the file supports; empty: the report."),
    )  # fmt: skip

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [models.Index(fields=["report", "removed_at"], name="evidence_report_idx")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("programs:evidence_download", args=[self.pk])


class Reminder(models.Model):
    """A reminder email sent to an agency about a period; one per kind and day, so
    `send_reminders` can run any number of times a day."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Before the due date")
        DUE_TODAY = "due_today", _("On the due date")
        OVERDUE = "overdue", _("Overdue")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("reporting period")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    programs_missing = models.PositiveSmallIntegerField(_("reports missing"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["agency", "period", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period} — {self.sent_on}"


class ReportEvent(ReviewEvent):
    """What happened to a report (dotted codes "report.submitted" …). Never edited."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="events", verbose_name=_("report")
    )

    class Meta(ReviewEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["report", "at"], name="reportevent_report_at_idx")]


# ---------------------------------------------------------------------------
# The results framework: indicators, their targets and the values reported
# ---------------------------------------------------------------------------


class Indicator(BilingualTitleMixin, models.Model):
    """A measure of a program's results that agencies report each period (or that the
    portal computes) and the annual evaluation scores (evaluations/metrics.py)."""

    class Kind(models.TextChoices):
        VALUE = "value", _("Quantitative value")
        RATIO = "ratio", _("Ratio (a numerator out of a denominator)")
        YES_NO = "yes_no", _("Yes or no")
        QUALITATIVE = "qualitative", _("Qualitative, graded on levels")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of the periods")
        AVERAGE = "average", _("Average of the periods")
        LATEST = "latest", _("The latest period")
        MAXIMUM = "maximum", _("The highest period")

    class Set(models.TextChoices):
        GENERAL = "general", _("General")
        SPECIFIC = "specific", _("Specific")

    class Source(models.TextChoices):
        TYPED = "typed", _("Reported by the agency")
        OUTSIDE_SHARE = (
            "outside_transaction_share",
            _("Computed: share of the agency's transactions outside its own counters"),
        )

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("program"))
    code = models.CharField(_("code"), max_length=32, unique=True)
    title_fa = models.CharField(_("Persian title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    description = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("E.g. percent, services, days."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.VALUE)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    aggregation = models.CharField(
        _("periods add up by"), max_length=8, choices=Aggregation.choices, default=Aggregation.LATEST,
        help_text=_("How the values of a year's periods make the year's value."),
    )  # fmt: skip
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    indicator_set = models.CharField(_("indicator set"), max_length=8, choices=Set.choices, default=Set.GENERAL)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="specific_indicators",
        verbose_name=_("specific to the agency"),
    )  # fmt: skip
    agency_group = models.CharField(
        _("specific to the agency group"), max_length=30, choices=Agency.Group.choices, blank=True
    )
    evidence_required = models.BooleanField(
        _("evidence required"), default=False,
        help_text=_("A value above zero (or «yes») is submitted only with an evidence file for this indicator."),
    )  # fmt: skip
    min_value = models.DecimalField(_("lowest valid value"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest valid value"), max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=32, choices=Source.choices, default=Source.TYPED)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["program__number", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [models.Index(fields=["program", "is_active"], name="indicator_program_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(indicator_set="general", agency__isnull=True, agency_group="")
                | (
                    Q(indicator_set="specific")
                    & (Q(agency__isnull=False, agency_group="") | Q(agency__isnull=True) & ~Q(agency_group=""))
                ),
                name="indicator_set_scope",
                violation_error_message=_(
                    "A general indicator has no agency or group; a specific one has an agency or a group, not both."
                ),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                name="indicator_range_in_order",
                violation_error_message=_("The lowest valid value cannot be above the highest."),
            ),
            models.CheckConstraint(
                condition=Q(source="typed") | Q(kind="ratio"),
                name="indicator_computed_is_ratio",
                violation_error_message=_("A computed indicator is a ratio."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self):
        self.title_fa = normalize_persian_text(self.title_fa)
        typed_ratio = self.kind == self.Kind.RATIO and self.source == self.Source.TYPED
        if typed_ratio and not (self.numerator_label.strip() and self.denominator_label.strip()):
            raise ValidationError(_("Name the numerator and the denominator of a ratio."))

    @property
    def is_typed(self) -> bool:
        return self.source == self.Source.TYPED

    @property
    def is_ratio(self) -> bool:
        return self.kind == self.Kind.RATIO

    @property
    def is_qualitative(self) -> bool:
        return self.kind == self.Kind.QUALITATIVE

    @property
    def is_yes_no(self) -> bool:
        return self.kind == self.Kind.YES_NO

    def applies_to(self, agency) -> bool:
        """General: every agency the program is assigned to; specific: that agency or group."""
        if self.indicator_set == self.Set.GENERAL:
            return True
        if self.agency_id is not None:
            return self.agency_id == agency.pk
        return self.agency_group == agency.group


class IndicatorLevel(models.Model):
    """A level of a qualitative indicator's scale and the share of the weight it earns."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels",
                                  verbose_name=_("indicator"))  # fmt: skip
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 for the lowest level."))
    label_fa = models.CharField(_("Persian label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200, blank=True)
    fraction = models.DecimalField(
        _("share of the weight"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)], help_text=_("0 to 1, e.g. 0.75."),
    )  # fmt: skip

    class Meta:
        ordering = ["indicator", "rank"]
        verbose_name = _("qualitative level")
        verbose_name_plural = _("qualitative levels")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "rank"], name="indicator_level_rank_once"),
            models.CheckConstraint(condition=Q(fraction__gte=0) & Q(fraction__lte=1), name="indicator_level_0_1"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if is_persian_active() or not self.label_en:
            return self.label_fa
        return self.label_en


class IndicatorTarget(models.Model):
    """The target of an indicator for a Jalali year (quarter 0) or one of its quarters: a
    default for the program (no agency, no group), for an agency group, or for one agency;
    the agency's own overrides its group's, which overrides the program's."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indicator"))  # fmt: skip
    fiscal_year = models.PositiveSmallIntegerField(_("Jalali fiscal year"), validators=[validate_jalali_year])
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, validators=[MaxValueValidator(4)],
        help_text=_("0 for the whole year, 1–4 for a quarter."),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_targets",
        verbose_name=_("agency"),
    )  # fmt: skip
    agency_group = models.CharField(_("agency group"), max_length=30, choices=Agency.Group.choices, blank=True)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["indicator", "fiscal_year", "quarter"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.CheckConstraint(condition=Q(quarter__lte=4), name="target_quarter_0_4"),
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(agency_group=""),
                name="target_agency_or_group",
                violation_error_message=_("A target is for an agency or for a group, not both."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "quarter", "agency"],
                condition=Q(agency__isnull=False),
                name="target_once_per_agency",
                violation_error_message=_("This agency already has a target for this indicator and period."),
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "quarter", "agency_group"],
                condition=Q(agency__isnull=True),
                name="target_once_per_group",
                violation_error_message=_("There is already a default target for this indicator and period."),
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {localize_digits(self.fiscal_year)}/{localize_digits(self.quarter)}: " + (
            format_number(self.value)
        )


class IndicatorValue(models.Model):
    """An indicator's value for one period, reported in the period's progress report (the
    numerator and denominator for a ratio, the level for a qualitative indicator, 1 or 0
    for yes/no). The reviewer may record a verified value with a reason; both are kept."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("declared value"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    verified_value = models.DecimalField(_("verified value"), max_digits=14, decimal_places=4, null=True, blank=True)
    verified_numerator = models.DecimalField(
        _("verified numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    verified_denominator = models.DecimalField(
        _("verified denominator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    verified_reason = models.TextField(_("reason for the verified value"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("verified by"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["indicator__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [models.Index(fields=["indicator", "report"], name="indicatorvalue_indicator_idx")]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_once_per_report"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(denominator__gt=0) & Q(numerator__gte=0) & Q(numerator__lte=F("denominator")),
                name="indicator_value_ratio_possible",
                violation_error_message=_("The numerator cannot exceed the denominator, which must be above zero."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(verified_numerator__isnull=True)
                | Q(verified_denominator__isnull=True)
                | Q(verified_denominator__gt=0)
                & Q(verified_numerator__gte=0)
                & Q(verified_numerator__lte=F("verified_denominator")),
                name="indicator_verified_ratio_possible",
                violation_error_message=_("The numerator cannot exceed the denominator, which must be above zero."),
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {format_number(self.value) or '—'}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def effective_value(self):
        """The verified value when the reviewer recorded one, else the declared value."""
        return self.verified_value if self.is_verified else self.value
