"""Forms of the report pages. They only read and check input; services.py decides."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from programs.models import Program, ProgressReport, ReportingPeriod
from reform_portal.forms import DigitsIntegerField
from reform_portal.persian import normalize_persian_text
from reform_portal.uploads import ACCEPT_ATTRIBUTE, validate_upload

TEXT_LIMIT = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content and size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "class": "form-control"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        errors, cleaned = [], []
        for uploaded in files:
            try:
                cleaned.append(super().clean(uploaded, initial))
                validate_upload(uploaded)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return [uploaded for uploaded in cleaned if uploaded]


def _text(label, *, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class ReportForm(forms.Form):
    percent = DigitsIntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        help_text=_("0 to 100; Persian or Latin digits."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices)
    work_done = _text(_("What was done"), rows=5)
    obstacles = _text(_("Obstacles"), rows=3)
    next_steps = _text(_("Next steps"), rows=3)
    decrease_reason = _text(
        _("Reason for a lower percent"),
        rows=2,
        help_text=_("Required when the percent is lower than the last approved one."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, JPEG, PNG, DOCX or XLSX; several files may be chosen at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["status"].widget.attrs.update({"class": "form-select"})

    @classmethod
    def initial_from(cls, report: ProgressReport | None) -> dict:
        if report is None:
            return {"status": ProgressReport.Status.ON_TRACK}
        return {name: getattr(report, name) for name in ("percent", "status", "work_done", "obstacles", "next_steps",
                                                           "decrease_reason")}  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        for name in ("work_done", "obstacles", "next_steps", "decrease_reason"):
            if cleaned.get(name) is not None:
                cleaned[name] = normalize_persian_text(cleaned[name].replace("\r\n", "\n"))
        return cleaned

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("percent", "status", "work_done", "obstacles",
                                                             "next_steps", "decrease_reason")}  # fmt: skip


class ReviewQueueFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), required=False, empty_label=_("All")
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.select_related("edition"), required=False, empty_label=_("All")
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    it_office_only = forms.BooleanField(label=_("Only the IT office's programs"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies.filter(kind=Agency.Kind.EXECUTIVE)
        for name in ("period", "program", "agency"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["it_office_only"].widget.attrs["class"] = "form-check-input"
