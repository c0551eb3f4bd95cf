"""Forms of the evaluation pages. They only read and check input; services.py decides."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Province
from evaluations.models import EvaluationCycle
from programs.forms import MultipleFileField
from reform_portal.forms import DigitsDecimalField, DigitsIntegerField, JalaliDateField
from reform_portal.persian import format_number, normalize_persian_text
from reform_portal.validators import validate_jalali_year

TEXT_LIMIT = 10_000


def _text(label, *, required=False, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control", "dir": "auto"}),
    )  # fmt: skip


class CycleSettingsForm(forms.Form):
    """A cycle's objection window, over-achievement, lateness penalty and grade bands."""

    objection_opens_on = JalaliDateField(label=_("Objections from"), required=False)
    objection_closes_on = JalaliDateField(label=_("Objections until"), required=False)
    over_achievement_allowed = forms.BooleanField(label=_("Over-achievement counts"), required=False)
    over_achievement_cap = DigitsDecimalField(
        label=_("Over-achievement cap"), min_value=1, max_digits=5, decimal_places=2, initial=Decimal("1.20"),
        help_text=_("The highest achievement counted, e.g. 1.20 for 120 %."),
    )  # fmt: skip
    late_penalty = DigitsDecimalField(
        label=_("Share lost for late data"), min_value=0, max_value=1, max_digits=5, decimal_places=4,
        initial=Decimal("0.10"), help_text=_("E.g. 0.10: a tenth of the indicator's score."),
    )  # fmt: skip
    band_excellent = DigitsDecimalField(label=_("Excellent from"), min_value=0, max_value=1000, initial=900)
    band_very_good = DigitsDecimalField(label=_("Very good from"), min_value=0, max_value=1000, initial=800)
    band_good = DigitsDecimalField(label=_("Good from"), min_value=0, max_value=1000, initial=700)
    band_fair = DigitsDecimalField(label=_("Fair from"), min_value=0, max_value=1000, initial=600)

    FIELDS = (
        "objection_opens_on", "objection_closes_on", "over_achievement_allowed", "over_achievement_cap",
        "late_penalty", "band_excellent", "band_very_good", "band_good", "band_fair",
    )  # fmt: skip

    NUMBERS = ("over_achievement_cap", "late_penalty", "band_excellent", "band_very_good", "band_good", "band_fair")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # numbers shown in the language's digits, without trailing zeros
            for name in self.NUMBERS:
                value = self.initial.get(name, self.fields[name].initial)
                self.initial[name] = format_number(value) if value is not None else None
        for name, field in self.fields.items():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs.setdefault("class", "form-control")
                if name.startswith(("band_", "late_", "over_")):
                    field.widget.attrs.update({"dir": "ltr", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("objection_opens_on"), cleaned.get("objection_closes_on")
        if opens and closes and closes < opens:
            self.add_error("objection_closes_on", _("The objection window must open before it closes."))
        bands = [cleaned.get(name) for name in ("band_excellent", "band_very_good", "band_good", "band_fair")]
        if None not in bands and bands != sorted(bands, reverse=True):
            raise ValidationError(_("The grade bands must go down from excellent to fair."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS if name in self.cleaned_data}

    @classmethod
    def initial_from(cls, cycle: EvaluationCycle) -> dict:
        return {name: getattr(cycle, name) for name in cls.FIELDS}


class CycleCreateForm(CycleSettingsForm):
    fiscal_year = DigitsIntegerField(label=_("Jalali fiscal year"), validators=[validate_jalali_year])
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        if provinces is None:
            del self.fields["province"]
        else:
            self.fields["province"].queryset = provinces
            self.fields["province"].required = True
            self.fields["province"].widget.attrs["class"] = "form-select"
        self.order_fields(["fiscal_year", "province"])


class ObjectionForm(forms.Form):
    reason = _text(_("Reason for the objection"), required=True, rows=4)
    claimed_value = DigitsDecimalField(
        label=_("The value you say is right (optional)"), required=False, max_digits=14, decimal_places=4,
        help_text=_("The year's value: a percent for a ratio, 1 or 0 for yes/no, the level's number."),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        help_text=_("PDF, JPEG, PNG, DOCX or XLSX; several files may be chosen at once."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimed_value"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})

    def clean_reason(self):
        return normalize_persian_text(self.cleaned_data["reason"].replace("\r\n", "\n"))


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput)
    accepted_value = DigitsDecimalField(
        label=_("Value the score is recomputed with"), required=False, max_digits=14, decimal_places=4,
        help_text=_("The year's value: a percent for a ratio, 1 or 0 for yes/no, the level's number."),
    )  # fmt: skip
    waive_late_penalty = forms.BooleanField(label=_("Waive the lateness penalty"), required=False)
    reason = _text(_("Reason for the decision (required when rejecting)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted_value"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["waive_late_penalty"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "accept" and cleaned.get("accepted_value") is None:
            self.add_error("accepted_value", _("Enter the value the score is recomputed with."))
        if cleaned.get("reason"):
            cleaned["reason"] = normalize_persian_text(cleaned["reason"].replace("\r\n", "\n"))
        return cleaned
