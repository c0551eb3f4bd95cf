"""Forms of the channel pages. They only read and check input; services.py decides.
The review form (approve / return with a comment) is the progress reports' own (programs.forms)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.validators import normalize_code, validate_code
from programs.models import Program, ReportingPeriod
from reform_portal.forms import DigitsIntegerField, JalaliDateField
from reform_portal.persian import normalize_persian_text
from service_channels.models import Channel, Service
from service_channels.selectors import CHANNEL_QUEUE_STATES, SheetRow


class ServiceForm(forms.Form):
    code = forms.CharField(label=_("Service code"), max_length=32)
    name_fa = forms.CharField(label=_("Persian name"), max_length=300)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    programs = forms.ModelMultipleChoiceField(
        label=_("Programs"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The reform programs assigned to your agency that this service falls under."),
    )
    is_active = forms.BooleanField(label=_("Still offered"), required=False, initial=True)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = Program.objects.filter(
            assignments__agency=agency, assignments__is_active=True
        ).order_by("number")
        for name in ("code", "name_fa", "name_en"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["code"].widget.attrs["dir"] = "ltr"
        self.fields["name_en"].widget.attrs["dir"] = "ltr"
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"
        self.channel_fields = []
        for value, label in Channel.choices:
            offered = forms.BooleanField(label=label, required=False)
            offered.widget.attrs["class"] = "form-check-input"
            opened = JalaliDateField(label=_("Opened on"), required=False)
            opened.widget.attrs["class"] = "form-control jalali-date"
            self.fields[f"offered_{value}"] = offered
            self.fields[f"opened_{value}"] = opened
            self.channel_fields.append((value, f"offered_{value}", f"opened_{value}"))

    @property
    def channel_rows(self):
        return [(value, self[offered], self[opened]) for value, offered, opened in self.channel_fields]

    @classmethod
    def initial_from(cls, service: Service | None) -> dict:
        if service is None:
            return {"is_active": True}
        initial = {
            "code": service.code,
            "name_fa": service.name_fa,
            "name_en": service.name_en,
            "is_active": service.is_active,
            "programs": list(service.programs.all()),
        }
        for row in service.channels.all():
            initial[f"offered_{row.channel}"] = True
            initial[f"opened_{row.channel}"] = row.opened_on
        return initial

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        validate_code(code)
        return code

    def clean_name_fa(self):
        return normalize_persian_text(self.cleaned_data["name_fa"])

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(offered) for _value, offered, _opened in self.channel_fields):
            raise ValidationError(_("Choose at least one channel through which the service is offered."))
        for _value, offered, opened in self.channel_fields:
            if cleaned.get(opened) and not cleaned.get(offered):
                self.add_error(offered, _("Tick the channel, or clear its opening date."))
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("code", "name_fa", "name_en", "is_active")}

    def channels(self) -> dict:
        return {
            value: self.cleaned_data.get(opened)
            for value, offered, opened in self.channel_fields
            if self.cleaned_data.get(offered)
        }


class CountsForm(forms.Form):
    """One optional whole number per service and channel; empty means "not reported". A new
    period's counts (`new`) need at least one number."""

    def __init__(self, *args, sheet: list[SheetRow], new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.new = new
        for row in sheet:
            for cell in row.cells:
                if cell is None:
                    continue
                name = self.field_name(cell.service_channel.pk)
                field = DigitsIntegerField(
                    label=f"{row.service.name} — {cell.service_channel.get_channel_display()}",
                    required=False,
                    min_value=0,
                    max_value=2_000_000_000,
                    initial=cell.count,
                )
                field.widget.attrs.update({"class": "form-control form-control-sm", "autocomplete": "off"})
                self.fields[name] = field

    @staticmethod
    def field_name(service_channel_id: int) -> str:
        return f"count_{service_channel_id}"

    def grid(self):
        """The sheet's rows with each cell's bound field (or None)."""
        return [
            (row, [self[self.field_name(cell.service_channel.pk)] if cell else None for cell in row.cells])
            for row in self.sheet
        ]

    def clean(self):
        cleaned = super().clean()
        if self.new and not self.errors and all(value is None for value in self.counts().values()):
            raise ValidationError(_("Enter the number of transactions of at least one service."), code="no_counts")
        return cleaned

    def counts(self) -> dict[int, int | None]:
        return {
            cell.service_channel.pk: self.cleaned_data.get(self.field_name(cell.service_channel.pk))
            for row in self.sheet
            for cell in row.cells
            if cell is not None
        }


class DashboardFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), required=False, empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs["class"] = "form-select form-select-sm"


class CountsQueueFilterForm(forms.Form):
    """The counts queue's search, period, tab (state) and order; all of them live in the URL."""

    SORT_CHOICES = [
        ("submitted", _("Oldest submission first")),
        ("-submitted", _("Newest submission first")),
        ("agency", _("Agency, A to Z")),
        ("-agency", _("Agency, Z to A")),
        ("period", _("Period, oldest first")),
        ("-period", _("Period, newest first")),
    ]
    KEYS = ("q", "state", "period", "sort", "page")

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[(state.value, state.label) for state in CHANNEL_QUEUE_STATES],
        widget=forms.HiddenInput,
    )
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), required=False, empty_label=_("All")
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("period", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "type": "search", "dir": "auto",
             "placeholder": _("Agency name or code")}
        )  # fmt: skip

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "period": data.get("period"),
            "query": data.get("q") or "",
            "state": data.get("state") or CHANNEL_QUEUE_STATES[0],
            "sort": data.get("sort") or "submitted",
        }
