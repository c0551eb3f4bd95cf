from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from agencies.models import Invitation, User
from agencies.validators import normalize_mobile, validate_mobile
from reform_portal import persian
from reform_portal.notifications import CHANNELS, KINDS, SMS, SMS_KINDS, Recipient, absolute_url, queue_email


def preference_field_name(kind: str, channel: str) -> str:
    return f"notify_{kind}_{channel}"


class ProfileForm(forms.Form):
    """Name, language and, per kind of notice, the email and SMS choices (in-portal notices always come)."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, user: User, chosen: frozenset, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.rows = []
        for kind, label in KINDS.items():
            row = {"kind": kind, "label": label, "fields": []}
            for channel, channel_label in CHANNELS.items():
                if channel == SMS and kind not in SMS_KINDS:
                    row["fields"].append(None)
                    continue
                name = preference_field_name(kind, channel)
                self.fields[name] = forms.BooleanField(
                    label=f"{label}: {channel_label}", required=False, initial=(kind, channel) in chosen
                )
                row["fields"].append(name)
            self.rows.append(row)

    def preference_rows(self):
        return [
            {"label": row["label"], "fields": [self[name] if name else None for name in row["fields"]]}
            for row in self.rows
        ]

    def chosen(self) -> set[tuple[str, str]]:
        return {
            (kind, channel)
            for kind in KINDS
            for channel in CHANNELS
            if self.cleaned_data.get(preference_field_name(kind, channel))
        }


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("New email address"))


class MobileChangeForm(forms.Form):
    mobile = forms.CharField(
        label=_("New mobile"), max_length=20, widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"})
    )

    def clean_mobile(self):
        mobile = normalize_mobile(self.cleaned_data["mobile"])
        validate_mobile(mobile)
        return mobile


class CodeForm(forms.Form):
    """A code typed with any digits and spaces."""

    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )  # fmt: skip

    def clean_code(self):
        code = "".join(persian.to_latin_digits(self.cleaned_data["code"]).split())
        if not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Type the digits of the code."), code="digits")
        return code


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the portal's email (queued in the outbox, in the user's
    language, its text literal) and reaching invited users who have not chosen a password
    yet. The page answers the same whether or not the address is known."""

    def get_users(self, email):
        users = User.objects.filter(email__iexact=email, is_active=True)
        invited = set(Invitation.objects.filter(user__in=users).values_list("user_id", flat=True))
        return [user for user in users if user.has_usable_password() or user.pk in invited]

    def save(self, *args, token_generator=None, **kwargs):
        from django.contrib.auth.tokens import default_token_generator

        token_generator = token_generator or default_token_generator
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            link = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": token_generator.make_token(user),
                },
            )
            queue_email(
                recipients=[Recipient(email=user.email, language=user.language, name=user.get_full_name())],
                template="emails/password_reset",
                context={
                    "user": user, "link": absolute_url(link), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
                },
            )  # fmt: skip
