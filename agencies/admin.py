from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from agencies import invitations
from agencies.models import Agency, County, DeputyEvent, Invitation, LiaisonDeputy, Province, User
from agencies.resources import AgencyResource, LiaisonDeputyResource, UserResource
from agencies.validators import normalize_mobile, validate_mobile
from reform_portal.admin import (
    EventActionFilter,
    EventColumns,
    PortalAdminMixin,
    PortalImportExportMixin,
    PortalModelAdmin,
    ReadOnlyInline,
    jalali_date_filter,
)


@admin.register(Province)
class ProvinceAdmin(PortalModelAdmin):
    list_display = ["name_fa", "name_en", "code"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(County)
class CountyAdmin(PortalModelAdmin):
    list_display = ["name_fa", "name_en", "code", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name_fa", "name_en", "code"]
    autocomplete_fields = ["province"]


@admin.register(Agency)
class AgencyAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [AgencyResource]
    list_display = ["name_fa", "code", "kind", "group", "county", "province", "is_active", "updated_at"]
    list_display_links = ["name_fa", "code"]
    list_filter = ["province", "kind", "group", "is_active", ("county", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province", "county"]
    search_fields = ["name_fa", "name_en", "code"]
    autocomplete_fields = ["province", "county"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = []  # programs/admin.py adds the agency's assigned programs


class MobileField(forms.CharField):
    """A mobile typed as +98…, 0098…, 98… or 09…, in any digits; cleaned to 09…."""

    def __init__(self, **kwargs):
        super().__init__(max_length=20, required=False, label=_("mobile"), **kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "tel"})

    def clean(self, value):
        mobile = normalize_mobile(super().clean(value))
        if mobile:
            validate_mobile(mobile)
        return mobile


class PortalUserChangeForm(UserChangeForm):
    mobile = MobileField()


class PortalUserCreationForm(AdminUserCreationForm):
    mobile = MobileField()


class InvitationFilter(admin.SimpleListFilter):
    """Who has not accepted their invitation yet (by the user's latest invitation)."""

    title = _("invitation")
    parameter_name = "invitation"

    def lookups(self, request, model_admin):
        return list(invitations.STATE_LABELS.items())

    def queryset(self, request, queryset):
        now = timezone.now()
        conditions = {
            "accepted": Q(invitation_accepted_at__isnull=False),
            "pending": Q(invitation_accepted_at__isnull=True, invitation_expires_at__gt=now),
            "expired": Q(invitation_accepted_at__isnull=True, invitation_expires_at__lte=now),
            "none": Q(invitation_expires_at__isnull=True),
        }
        return queryset.filter(conditions[self.value()]) if self.value() in conditions else queryset


@admin.register(User)
class UserAdmin(PortalImportExportMixin, ImportExportMixin, PortalAdminMixin, DjangoUserAdmin):
    """Users. Adding one (or importing them) sends each an invitation to choose a password
    (agencies/invitations.py); the list shows who has not accepted, and «send the invitation
    again» resends it."""

    resource_classes = [UserResource]
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = [
        "username", "first_name", "last_name", "email", "agency", "role", "invitation_state", "is_staff", "is_active",
    ]  # fmt: skip
    actions = ["send_invitation", "reset_second_factor"]
    list_filter = [
        InvitationFilter,
        "role",
        "agency__group",
        ("agency__province", admin.RelatedOnlyFieldListFilter),
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        jalali_date_filter("date_joined"),
    ]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("agency", "role", "language", "mobile", "is_review_head")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Portal"), {"fields": ("agency", "role", "language", "mobile")}),
    )

    def get_queryset(self, request):
        latest = Invitation.objects.filter(user=OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                invitation_accepted_at=Subquery(latest.values("accepted_at")[:1]),
                invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
            )
        )

    @admin.display(description=_("invitation"))
    def invitation_state(self, user) -> str:
        state = invitations.state_of(
            accepted_at=getattr(user, "invitation_accepted_at", None),
            expires_at=getattr(user, "invitation_expires_at", None),
        )
        return invitations.STATE_LABELS[state]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            if invitations.invite(obj, by=request.user):
                self.message_user(request, _("An invitation to choose a password was sent to the new user."))
            else:
                self.message_user(
                    request, _("No invitation was sent: the user has no email address or mobile."), messages.WARNING
                )

    @admin.action(description=_("Reset the second factor"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """For a user who lost their phone and their recovery codes: their authenticator and
        recovery codes are deleted; at the next login they enrol again (people/middleware.py)."""
        from django_otp import devices_for_user

        users = list(queryset)
        for user in users:
            for device in devices_for_user(user, confirmed=None):
                device.delete()
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset; they set it up again at their next login.",
                "The second factor of %(count)d user was reset; they set it up again at their next login.",
                len(users),
            )
            % {"count": len(users)},
        )

    @admin.action(description=_("Send the invitation (again)"), permissions=["change"])
    def send_invitation(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        sent = invitations.invite_many(users, by=request.user)
        self.message_user(
            request,
            ngettext("An invitation was sent to %(count)d user.", "Invitations were sent to %(count)d users.", sent)
            % {"count": sent},
        )
        if sent < len(queryset):
            self.message_user(
                request, _("Users without an email address or mobile, and inactive users, were skipped."),
                messages.WARNING,
            )  # fmt: skip


class DeputyEventInline(EventColumns, ReadOnlyInline):
    model = DeputyEvent
    fields = EventColumns.event_fields
    select_related = ("actor",)


@admin.register(LiaisonDeputy)
class LiaisonDeputyAdmin(PortalImportExportMixin, ImportExportMixin, PortalModelAdmin):
    resource_classes = [LiaisonDeputyResource]
    list_display = ["full_name", "agency", "position", "national_code", "mobile", "state", "updated_at"]
    list_filter = [
        "state",
        "agency__group",
        ("agency__province", admin.RelatedOnlyFieldListFilter),
        jalali_date_filter("updated_at"),
    ]
    list_select_related = ["agency"]
    search_fields = ["full_name", "=national_code", "mobile", "email", "agency__name_fa", "agency__code"]
    autocomplete_fields = ["agency"]
    readonly_fields = [
        "state", "submitted_by", "governorate_reviewed_by", "governorate_reviewed_at", "it_office_reviewed_by",
        "it_office_reviewed_at", "rejection_reason", "superseded_at", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [DeputyEventInline]

    def has_delete_permission(self, request, obj=None):
        """Deputies are history: superseded or rejected, never deleted."""
        return False


@admin.register(DeputyEvent)
class DeputyEventAdmin(EventColumns, PortalModelAdmin):
    list_display = ["deputy", "action_label", "from_state_label", "to_state_label", "actor", "at"]
    list_filter = [EventActionFilter, jalali_date_filter("at")]
    list_select_related = ["deputy", "actor"]
    search_fields = ["deputy__full_name", "=deputy__national_code", "deputy__agency__name_fa", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
