"""Forms for the liaison deputy registration and its review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import LiaisonDeputy
from agencies.validators import (
    normalize_landline,
    normalize_mobile,
    normalize_national_code,
    validate_landline,
    validate_mobile,
    validate_national_code,
)
from reform_portal.forms import DigitsInput
from reform_portal.persian import normalize_persian_text


class DeputyForm(forms.Form):
    """What agency staff type; identifiers in any digits and any usual prefix."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150)
    national_code = forms.CharField(
        label=_("National code"),
        max_length=20,
        widget=DigitsInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("10 digits; Persian or Latin digits."),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "placeholder": "09121234567"}),
        help_text=_("Such as 09121234567; +98 and 0098 are accepted."),
    )
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"dir": "ltr"}))
    office_phone = forms.CharField(
        label=_("Office phone"),
        max_length=40,  # room for spaces, +98 and a refused extension; stored as 11 digits
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "placeholder": "044-33001234"}),
        help_text=_("A landline with its area code, such as 044-33445566; +98 is accepted."),
    )

    @classmethod
    def initial_from(cls, deputy: LiaisonDeputy | None) -> dict:
        if deputy is None:
            return {}
        initial = {name: getattr(deputy, name) for name in cls.base_fields}
        return {**initial, "office_phone": deputy.office_phone_display}

    def clean_full_name(self):
        return normalize_persian_text(self.cleaned_data["full_name"])

    def clean_position(self):
        return normalize_persian_text(self.cleaned_data["position"])

    def clean_national_code(self):
        value = normalize_national_code(self.cleaned_data["national_code"])
        validate_national_code(value)
        return value

    def clean_mobile(self):
        value = normalize_mobile(self.cleaned_data["mobile"])
        validate_mobile(value)
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_office_phone(self):
        value = self.cleaned_data["office_phone"]
        if not value:
            return ""
        validate_landline(value)
        return normalize_landline(value)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("The agency sees this reason and can submit corrected details."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the rejection."), code="required")
        return reason
