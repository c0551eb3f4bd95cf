"""The annual evaluation of a province's agencies: a cycle per Jalali fiscal year and
province, the scores it gives each agency on each indicator, and the agencies' objections.

Life cycles: evaluations/workflows.py. Figures: evaluations/metrics.py (docs/definitions.md,
"The annual evaluation"). Scores are computed when the preliminary results are published and
kept as they were published (`preliminary_score`); an accepted objection recomputes its score.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Province
from programs.models import Indicator
from reform_portal.persian import format_number, localize_digits
from reform_portal.review.models import ReviewEvent
from reform_portal.uploads import RandomUploadTo
from reform_portal.validators import validate_jalali_year


class EvaluationCycle(models.Model):
    class State(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment open")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        PRELIMINARY = "preliminary", _("Preliminary results published")
        OBJECTIONS = "objection_window", _("Objection window open")
        DECIDED = "objections_decided", _("Objections decided")
        FINAL = "final", _("Final")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="evaluation_cycles", verbose_name=_("province")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("Jalali fiscal year"), validators=[validate_jalali_year])
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SELF_ASSESSMENT)
    objection_opens_on = models.DateField(_("objections from"), null=True, blank=True)
    objection_closes_on = models.DateField(_("objections until"), null=True, blank=True)
    over_achievement_allowed = models.BooleanField(
        _("over-achievement counts"), default=False,
        help_text=_("Achievement above the target earns more than the weight, up to the cap."),
    )  # fmt: skip
    over_achievement_cap = models.DecimalField(
        _("over-achievement cap"), max_digits=5, decimal_places=2, default=Decimal("1.20"),
        validators=[MinValueValidator(1)], help_text=_("The highest achievement counted, e.g. 1.20 for 120 %."),
    )  # fmt: skip
    late_penalty = models.DecimalField(
        _("share lost for late data"), max_digits=5, decimal_places=4, default=Decimal("0.1000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("The share of an indicator's score lost when its data reached the IT office late, e.g. 0.10."),
    )  # fmt: skip
    band_excellent = models.DecimalField(_("excellent from"), max_digits=6, decimal_places=1, default=Decimal(900))
    band_very_good = models.DecimalField(_("very good from"), max_digits=6, decimal_places=1, default=Decimal(800))
    band_good = models.DecimalField(_("good from"), max_digits=6, decimal_places=1, default=Decimal(700))
    band_fair = models.DecimalField(_("fair from"), max_digits=6, decimal_places=1, default=Decimal(600))
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
    published_at = models.DateTimeField(_("preliminary results published at"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("finalized by"),
    )  # fmt: skip
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "province__name_fa"]
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        permissions = [("reopen_evaluationcycle", _("Can reopen a final evaluation"))]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"],
                name="evaluation_once_per_province_year",
                violation_error_message=_("This province already has an evaluation for this year."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(objection_opens_on__isnull=True)
                | Q(objection_closes_on__isnull=True)
                | Q(objection_opens_on__lte=F("objection_closes_on")),
                name="evaluation_objection_dates_in_order",
                violation_error_message=_("The objection window must open before it closes."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(band_excellent__gte=F("band_very_good"))
                & Q(band_very_good__gte=F("band_good"))
                & Q(band_good__gte=F("band_fair"))
                & Q(band_fair__gte=0)
                & Q(band_excellent__lte=1000),
                name="evaluation_bands_in_order",
                violation_error_message=_("The grade bands must go down from excellent to fair, within 0–1000."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(late_penalty__gte=0) & Q(late_penalty__lte=1), name="evaluation_late_penalty_0_1"
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(over_achievement_cap__gte=1), name="evaluation_cap_at_least_1"),
        ]

    def __str__(self) -> str:
        return _("Evaluation %(year)s — %(province)s") % {
            "year": localize_digits(self.fiscal_year),
            "province": self.province,
        }

    def get_absolute_url(self) -> str:
        return reverse("evaluations:cycle", args=[self.pk])

    @property
    def has_scores(self) -> bool:
        """Scores are kept from the publication of the preliminary results on."""
        return self.state not in (self.State.SELF_ASSESSMENT, self.State.UNDER_EVALUATION)

    @property
    def is_open(self) -> bool:
        """Open to self-assessment: the agencies' score simulator is shown."""
        return self.state in (self.State.SELF_ASSESSMENT, self.State.UNDER_EVALUATION)

    def objection_window_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.state == self.State.OBJECTIONS
            and self.objection_opens_on is not None
            and self.objection_closes_on is not None
            and self.objection_opens_on <= today <= self.objection_closes_on
        )


class IndicatorScore(models.Model):
    """An agency's score on one indicator in a cycle, as computed when the preliminary
    results were published (evaluations/metrics.py), and recomputed when an objection to it
    is accepted."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("declared by the agency")
        VERIFIED = "verified", _("verified by the reviewer")
        COMPUTED = "computed", _("computed by the portal")
        MISSING = "missing", _("missing")
        OBJECTION = "objection", _("corrected by an accepted objection")

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="scores",
                              verbose_name=_("evaluation cycle"))  # fmt: skip
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="indicator_scores",
                               verbose_name=_("agency"))  # fmt: skip
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("indicator"))  # fmt: skip
    indicator_set = models.CharField(_("indicator set"), max_length=8, choices=Indicator.Set.choices)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source of the actual"), max_length=10, choices=Source.choices)
    achievement = models.DecimalField(_("achievement"), max_digits=7, decimal_places=4, null=True, blank=True)
    late = models.BooleanField(_("late data"), default=False)
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=2, null=True, blank=True)
    preliminary_score = models.DecimalField(
        _("preliminary score"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    #: How the actual was found: the periods' values, the aggregation, the target's origin.
    detail = models.JSONField(_("how it was computed"), default=dict, blank=True)

    class Meta:
        ordering = ["agency__name_fa", "indicator__code"]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        indexes = [models.Index(fields=["cycle", "agency"], name="score_cycle_agency_idx")]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency", "indicator"], name="score_once_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.indicator.code}: {format_number(self.score) or '—'}"

    @property
    def scored(self) -> bool:
        """Without a target an indicator is not scored (it counts in neither sum)."""
        return self.score is not None


class Objection(models.Model):
    """An agency's objection to one of its preliminary scores (one per indicator), with a
    reason and attachments; the IT office accepts it (the score is recomputed) or rejects it,
    with a reason. Life cycle: evaluations/workflows.py."""

    class State(models.TextChoices):
        FILED = "filed", _("Filed, awaiting a decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    score = models.OneToOneField(IndicatorScore, on_delete=models.PROTECT, related_name="objection",
                                 verbose_name=_("score"))  # fmt: skip
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.FILED)
    reason = models.TextField(_("reason"))
    claimed_value = models.DecimalField(
        _("value the agency claims"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    accepted_value = models.DecimalField(_("accepted value"), max_digits=14, decimal_places=4, null=True, blank=True)
    waive_late_penalty = models.BooleanField(_("lateness waived"), default=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [models.Index(fields=["state"], name="objection_state_idx")]

    def __str__(self) -> str:
        return f"{self.score.agency} — {self.score.indicator.code}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:objection", args=[self.pk])


class ObjectionAttachment(models.Model):
    """A file attached to an objection; downloaded only through a view that checks the user
    may see the objection."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="attachments",
                                  verbose_name=_("objection"))  # fmt: skip
    file = models.FileField(_("file"), upload_to=RandomUploadTo("objections"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("objection attachment")
        verbose_name_plural = _("objection attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("evaluations:objection_attachment", args=[self.pk])


class CycleEvent(ReviewEvent):
    """What happened to an evaluation cycle (dotted codes "evaluation.published" …)."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="events",
                              verbose_name=_("evaluation cycle"))  # fmt: skip
    state_choices = EvaluationCycle.State

    class Meta(ReviewEvent.Meta):
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        indexes = [models.Index(fields=["cycle", "at"], name="cycleevent_cycle_at_idx")]


class ObjectionEvent(ReviewEvent):
    """What happened to an objection (dotted codes "objection.filed" …)."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="events",
                                  verbose_name=_("objection"))  # fmt: skip
    state_choices = Objection.State

    class Meta(ReviewEvent.Meta):
        verbose_name = _("objection event")
        verbose_name_plural = _("objection events")
        indexes = [models.Index(fields=["objection", "at"], name="objectionevent_at_idx")]
