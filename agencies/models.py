from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.validators import (
    LANDLINE_RE,
    format_landline,
    normalize_landline,
    normalize_mobile,
    normalize_national_code,
    validate_landline,
    validate_mobile,
    validate_national_code,
)
from reform_portal.persian import is_persian_active, normalize_persian_text
from reform_portal.review.models import ReviewEvent


class BilingualNameMixin:
    """Models with name_fa and name_en show the name of the active language."""

    @property
    def name(self) -> str:
        if is_persian_active() or not self.name_en:
            return self.name_fa
        return self.name_en

    def __str__(self) -> str:
        return self.name


class Province(BilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    requires_sign_off = models.BooleanField(
        _("reports need the liaison deputy's sign-off"),
        default=False,
        help_text=_(
            "Agency staff send each report to their confirmed liaison deputy, who signs it off before it "
            "reaches the IT office."
        ),
    )

    class Meta:
        ordering = ["name_fa"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def clean(self):
        self.name_fa = normalize_persian_text(self.name_fa)


class County(BilingualNameMixin, models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="counties", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_fa"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def clean(self):
        self.name_fa = normalize_persian_text(self.name_fa)


class Agency(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive agency")
        GOVERNORATE = "governorate", _("Governorate")
        IT_OFFICE = "it_office", _("IT office")

    class Group(models.TextChoices):
        """The five agency groups of the provincial evaluations."""

        PRODUCTION = "production", _("Production")
        ECONOMIC_FINANCIAL = "economic_financial", _("Economic and financial")
        HEALTH_WELFARE = "health_welfare", _("Health and welfare")
        GENERAL_SECURITY = "general_security", _("General and security")
        CULTURAL_EDUCATIONAL = "cultural_educational", _("Cultural and educational")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXECUTIVE)
    group = models.CharField(_("agency group"), max_length=30, choices=Group.choices, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("county")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name_fa"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        indexes = [models.Index(fields=["province", "kind", "is_active"], name="agency_province_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="executive") | ~Q(group=""),
                name="agency_executive_has_group",
                violation_error_message=_("An executive agency needs an agency group."),
            ),
        ]

    def clean(self):
        self.name_fa = normalize_persian_text(self.name_fa)


class User(AbstractUser):
    class Role(models.TextChoices):
        NONE = "", _("No portal role")
        AGENCY_STAFF = "agency_staff", _("Agency staff")
        GOVERNORATE_REVIEWER = "governorate_reviewer", _("Governorate reviewer")
        IT_OFFICE_REVIEWER = "it_office_reviewer", _("IT office reviewer")
        LIAISON_DEPUTY = "liaison_deputy", _("Liaison deputy")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("fa", _("Persian")), ("en", _("English"))],
        default="fa",
        help_text=_("Language of the pages and of the emails this user receives."),
    )
    mobile = models.CharField(
        _("mobile"),
        max_length=11,
        blank=True,
        validators=[validate_mobile],
        help_text=_("For text messages (SMS), such as 09121234567. The user changes it on their profile page."),
    )
    #: {kind: [channels]} the user chose on their profile page; a kind not listed keeps the
    #: defaults (reform_portal/notifications.py: email on, SMS off). In-portal notices always come.
    notification_preferences = models.JSONField(_("notification preferences"), default=dict, blank=True)
    is_review_head = models.BooleanField(
        _("head of review"),
        default=False,
        help_text=_(
            "Reminded, besides the reviewers, when reports or counts of the province have waited in review much "
            "longer than allowed (REVIEW_HEAD_AFTER_DAYS)."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=r"^09[0-9]{9}$"), name="user_mobile_canonical"
            ),
            models.CheckConstraint(
                condition=~Q(role="agency_staff") | Q(agency__isnull=False),
                name="user_agency_staff_has_agency",
                violation_error_message=_("Agency staff must belong to an agency."),
            ),
            models.CheckConstraint(
                condition=~Q(role="liaison_deputy") | Q(agency__isnull=False),
                name="user_liaison_deputy_has_agency",
                violation_error_message=_("A liaison deputy must belong to an agency."),
            ),
        ]

    def clean_fields(self, exclude=None):
        self.mobile = normalize_mobile(self.mobile)
        super().clean_fields(exclude=exclude)

    @property
    def is_agency_staff(self) -> bool:
        return self.role == self.Role.AGENCY_STAFF

    @property
    def is_reviewer(self) -> bool:
        return self.role in (self.Role.GOVERNORATE_REVIEWER, self.Role.IT_OFFICE_REVIEWER)

    @property
    def is_it_office_reviewer(self) -> bool:
        return self.role == self.Role.IT_OFFICE_REVIEWER

    @property
    def is_governorate_reviewer(self) -> bool:
        return self.role == self.Role.GOVERNORATE_REVIEWER

    @property
    def is_liaison_deputy(self) -> bool:
        return self.role == self.Role.LIAISON_DEPUTY


class LiaisonDeputy(models.Model):
    """The agency's deputy responsible for the reform (معاون ذیربط).

    Registered by the agency, verified by the governorate (step 1), confirmed by the
    IT office (step 2). A confirmed deputy stays in force until a newer one is
    confirmed; the old record is kept as superseded.
    """

    class State(models.TextChoices):
        AWAITING_GOVERNORATE = "awaiting_governorate", _("Awaiting governorate verification")
        AWAITING_IT_OFFICE = "awaiting_it_office", _("Awaiting IT office confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("agency"))
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150)
    national_code = models.CharField(_("national code"), max_length=10, validators=[validate_national_code])
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    email = models.EmailField(_("email"))
    office_phone = models.CharField(
        _("office phone"),
        max_length=20,
        blank=True,
        validators=[validate_landline],
        help_text=_("A landline with its area code, such as 044-33445566."),
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.AWAITING_GOVERNORATE)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("submitted by")
    )
    governorate_reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("verified by")
    )
    governorate_reviewed_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    it_office_reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("confirmed by")
    )
    it_office_reviewed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_registrations",
        verbose_name=_("portal account"),
        help_text=_("Given when the IT office confirms the deputy; the role goes when the deputy is superseded."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    PENDING_STATES = (State.AWAITING_GOVERNORATE, State.AWAITING_IT_OFFICE)

    class Meta:
        ordering = ["agency__name_fa", "-created_at"]
        verbose_name = _("liaison deputy")
        verbose_name_plural = _("liaison deputies")
        indexes = [models.Index(fields=["agency", "state"], name="deputy_agency_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(state="confirmed"),
                name="deputy_one_confirmed_per_agency",
                violation_error_message=_("An agency has at most one confirmed liaison deputy."),
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(state__in=["awaiting_governorate", "awaiting_it_office"]),
                name="deputy_one_pending_per_agency",
                violation_error_message=_("An agency has at most one liaison deputy registration under review."),
            ),
            models.CheckConstraint(
                condition=Q(national_code__regex=r"^[0-9]{10}$"), name="deputy_national_code_digits"
            ),
            models.CheckConstraint(condition=Q(mobile__regex=r"^09[0-9]{9}$"), name="deputy_mobile_canonical"),
            models.CheckConstraint(
                condition=Q(office_phone="") | Q(office_phone__regex=LANDLINE_RE), name="deputy_office_phone_canonical"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean_fields(self, exclude=None):
        """Stores one canonical form whatever digits and prefixes were typed."""
        self.full_name = normalize_persian_text(self.full_name)
        self.position = normalize_persian_text(self.position)
        self.national_code = normalize_national_code(self.national_code)
        self.mobile = normalize_mobile(self.mobile)
        self.office_phone = normalize_landline(self.office_phone)
        super().clean_fields(exclude=exclude)

    @property
    def office_phone_display(self) -> str:
        """044-33445566: the stored 04433445566 with its area code set apart."""
        return format_landline(self.office_phone)


class DeputyEvent(ReviewEvent):
    """What happened to a deputy registration (dotted codes "deputy.submitted" …). Never edited."""

    deputy = models.ForeignKey(
        LiaisonDeputy, on_delete=models.PROTECT, related_name="events", verbose_name=_("liaison deputy")
    )

    state_choices = LiaisonDeputy.State

    class Meta(ReviewEvent.Meta):
        verbose_name = _("deputy event")
        verbose_name_plural = _("deputy events")
        indexes = [models.Index(fields=["deputy", "at"], name="deputyevent_deputy_at_idx")]


class Invitation(models.Model):
    """A single-use, expiring link with which a new user chooses their password
    (agencies/invitations.py). Only a hash of the link's secret is stored; sending a new
    invitation revokes the user's earlier ones."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    sent_to_email = models.CharField(_("sent to email"), max_length=254, blank=True)
    sent_to_mobile = models.CharField(_("sent to mobile"), max_length=11, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["user", "created_at"], name="invitation_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d}"
