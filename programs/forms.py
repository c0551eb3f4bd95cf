"""Forms of the report pages. They only read and check input; services.py decides."""

import functools
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from programs import indicators as indicator_rules
from programs.models import Program, ProgressReport, ReportingPeriod
from programs.selectors import QUEUE_STATES
from reform_portal.forms import DigitsDecimalField, DigitsIntegerField
from reform_portal.persian import format_number, normalize_persian_text
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


class IndicatorValuesMixin:
    """The report form's inputs for the indicators of its program: a value (a numerator and
    a denominator for a ratio, yes/no, or a level), a note and evidence files per indicator.
    The rules that refuse impossible values are programs/indicators.py's, also applied by
    the services."""

    def add_indicator_fields(self, indicators, values=None):
        self.indicators = list(indicators)
        values = values or {}
        for indicator in self.indicators:
            if not indicator.is_typed:
                continue
            name = functools.partial(indicator_rules.field_name, indicator.pk)
            title = indicator.title
            if indicator.is_ratio:
                self.fields[name("numerator")] = DigitsDecimalField(
                    label=indicator.numerator_label or _("Numerator"), required=False, max_digits=14,
                    decimal_places=4,
                )  # fmt: skip
                self.fields[name("denominator")] = DigitsDecimalField(
                    label=indicator.denominator_label or _("Denominator"), required=False, max_digits=14,
                    decimal_places=4,
                )  # fmt: skip
            elif indicator.is_yes_no:
                self.fields[name("value")] = forms.TypedChoiceField(
                    label=title, required=False, coerce=Decimal, empty_value=None,
                    choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
                )  # fmt: skip
            elif indicator.is_qualitative:
                self.fields[name("value")] = forms.TypedChoiceField(
                    label=title, required=False, coerce=Decimal, empty_value=None,
                    choices=[("", "—"), *[(str(level.rank), level.label) for level in indicator.levels.all()]],
                )  # fmt: skip
            else:
                label = f"{title} ({indicator.unit})" if indicator.unit else title
                self.fields[name("value")] = DigitsDecimalField(
                    label=label, required=False, max_digits=14, decimal_places=4
                )
            self.fields[name("note")] = forms.CharField(
                label=_("Note on the value"), required=False, max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )  # fmt: skip
            self.fields[name("evidence")] = MultipleFileField(label=_("Evidence for this indicator"), required=False)
            row = values.get(indicator.pk)
            if row is not None and not self.is_bound:
                for part in ("value", "numerator", "denominator"):
                    if name(part) in self.fields:
                        stored = getattr(row, part)
                        self.initial[name(part)] = _initial_number(stored, choice=part == "value" and (
                            indicator.is_yes_no or indicator.is_qualitative))  # fmt: skip
                self.initial[name("note")] = row.note
        for field_name, field in self.fields.items():
            if field_name.startswith("indicator_") and not isinstance(field, MultipleFileField):
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs.setdefault("class", css)
                field.widget.attrs.setdefault("autocomplete", "off")

    def clean_indicators(self, cleaned: dict) -> None:
        for indicator in self.indicators:
            if not indicator.is_typed:
                continue
            numbers = {
                part: cleaned.get(indicator_rules.field_name(indicator.pk, part))
                for part in ("value", "numerator", "denominator")
            }
            for field_name, message in indicator_rules.check_value(indicator, **numbers).items():
                if field_name in self.fields and field_name not in self.errors:
                    self.add_error(field_name, message)
            note = indicator_rules.field_name(indicator.pk, "note")
            if cleaned.get(note) is not None:
                cleaned[note] = normalize_persian_text(cleaned[note].replace("\r\n", "\n"))

    def indicator_data(self) -> dict[int, dict]:
        """{indicator id: {"value", "numerator", "denominator", "note"}} of the typed indicators."""
        data = {}
        for indicator in self.indicators:
            if indicator.is_typed:
                data[indicator.pk] = {
                    part: self.cleaned_data.get(indicator_rules.field_name(indicator.pk, part))
                    for part in ("value", "numerator", "denominator")
                }
                data[indicator.pk]["note"] = (
                    self.cleaned_data.get(indicator_rules.field_name(indicator.pk, "note")) or ""
                )
        return data

    def indicator_files(self) -> dict[int, list]:
        return {
            indicator.pk: self.cleaned_data.get(indicator_rules.field_name(indicator.pk, "evidence")) or []
            for indicator in self.indicators
            if indicator.is_typed
        }

    def indicator_rows(self, evidence_by_indicator=None, targets=None) -> list[dict]:
        """Per indicator: the indicator, its bound fields, its files and its targets (the year's,
        the quarter's), for the template."""
        evidence_by_indicator, targets = evidence_by_indicator or {}, targets or {}
        rows = []
        for indicator in self.indicators:
            fields = [
                self[indicator_rules.field_name(indicator.pk, part)]
                for part in ("value", "numerator", "denominator")
                if indicator_rules.field_name(indicator.pk, part) in self.fields
            ]
            note = indicator_rules.field_name(indicator.pk, "note")
            evidence = indicator_rules.field_name(indicator.pk, "evidence")
            rows.append(
                {
                    "indicator": indicator,
                    "fields": fields,
                    "note": self[note] if note in self.fields else None,
                    "evidence_field": self[evidence] if evidence in self.fields else None,
                    "evidence": evidence_by_indicator.get(indicator.pk, []),
                    "targets": targets.get(indicator.pk, (None, None)),
                }
            )
        return rows


def _initial_number(value, *, choice: bool):
    """A stored number as the input shows it: without trailing zeros, in the language's digits
    (a choice's value stays Latin, as its options are)."""
    if value is None:
        return None
    if choice:
        return str(int(value))
    return format_number(value)


class ReportForm(IndicatorValuesMixin, forms.Form):
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

    def __init__(self, *args, indicators=(), indicator_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["status"].widget.attrs.update({"class": "form-select"})
        self.add_indicator_fields(indicators, indicator_values)

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
        self.clean_indicators(cleaned)
        return cleaned

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("percent", "status", "work_done", "obstacles",
                                                             "next_steps", "decrease_reason")}  # fmt: skip


class VerifyIndicatorForm(forms.Form):
    """The reviewer's verified value of one indicator of a submitted report: the value (a
    numerator and a denominator for a ratio; 1/0 for yes/no; the level's rank), and why."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = DigitsDecimalField(label=_("Verified value"), required=False, max_digits=14, decimal_places=4)
    numerator = DigitsDecimalField(label=_("Verified numerator"), required=False, max_digits=14, decimal_places=4)
    denominator = DigitsDecimalField(label=_("Verified denominator"), required=False, max_digits=14, decimal_places=4)
    reason = forms.CharField(
        label=_("Why it differs from the declared value"), max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )  # fmt: skip

    def __init__(self, *args, rows: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def clean(self):
        cleaned = super().clean()
        row = self.rows.get(cleaned.get("indicator"))
        if row is None:
            raise ValidationError(_("This report has no value for that indicator."))
        cleaned["row"] = row
        if cleaned.get("reason"):
            cleaned["reason"] = normalize_persian_text(cleaned["reason"].replace("\r\n", "\n"))
        return cleaned

    def numbers(self) -> dict:
        if self.cleaned_data["row"].indicator.is_ratio:
            return {"numerator": self.cleaned_data["numerator"], "denominator": self.cleaned_data["denominator"]}
        return {"value": self.cleaned_data["value"]}

    @property
    def indicator_id(self):
        return self.cleaned_data.get("indicator") if hasattr(self, "cleaned_data") else None


class ReviewQueueFilterForm(forms.Form):
    """The review queue's filters, search, tab (state) and order; all of them live in the URL."""

    SORT_CHOICES = [
        ("submitted", _("Oldest submission first")),
        ("-submitted", _("Newest submission first")),
        ("agency", _("Agency, A to Z")),
        ("-agency", _("Agency, Z to A")),
        ("program", _("Program number, ascending")),
        ("-program", _("Program number, descending")),
        ("period", _("Period, oldest first")),
        ("-period", _("Period, newest first")),
        ("percent", _("Percent, lowest first")),
        ("-percent", _("Percent, highest first")),
    ]
    #: The query-string keys the queue reads; a report page carries them to come back.
    KEYS = ("q", "state", "period", "program", "agency", "it_office_only", "sort", "page")

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[(state.value, state.label) for state in QUEUE_STATES],
        widget=forms.HiddenInput,
    )
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
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies.filter(kind=Agency.Kind.EXECUTIVE)
        for name in ("period", "program", "agency", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "type": "search", "dir": "auto",
             "placeholder": _("Agency, program or code")}
        )  # fmt: skip
        self.fields["it_office_only"].widget.attrs["class"] = "form-check-input"

    def filters(self) -> dict:
        """The cleaned filters (the defaults when the query string is not valid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "period": data.get("period"),
            "program": data.get("program"),
            "agency": data.get("agency"),
            "it_office_only": bool(data.get("it_office_only")),
            "query": data.get("q") or "",
            "state": data.get("state") or QUEUE_STATES[0],
            "sort": data.get("sort") or "submitted",
        }
