from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from circulars.models import Circular, CircularAttachment
from programs.models import Program
from reform_portal.forms import JalaliDateField
from reform_portal.uploads import ACCEPT_ATTRIBUTE, validate_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like evidence files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors = []
        for uploaded in files:
            super().clean(uploaded, initial)
            try:
                validate_upload(uploaded)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return list(files)


class CircularForm(forms.Form):
    number = forms.CharField(
        label=_("Number"),
        max_length=100,
        help_text=_("As written on the letter, e.g. ۲۳۱۳۲۷/ت۴۳۹۱۵ک."),
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "auto"}),
    )
    date = JalaliDateField(label=_("Date"))
    subject = forms.CharField(
        label=_("Subject"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    body = forms.CharField(
        label=_("Body"),
        help_text=_("Plain text; leave an empty line between paragraphs."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 10}),
    )
    target_mode = forms.ChoiceField(
        label=_("Target agencies"),
        choices=Circular.TargetMode.choices,
        initial=Circular.TargetMode.ALL,
        widget=forms.RadioSelect,
    )
    target_group = forms.ChoiceField(
        label=_("Agency group"),
        choices=[("", "—"), *Agency.Group.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    selected_agencies = forms.ModelMultipleChoiceField(
        label=_("Selected agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("Related programs"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,  # thirty titles: boxes, not a list that needs Ctrl-click
    )
    acknowledge_by = JalaliDateField(label=_("Acknowledgement deadline"))
    files = MultipleFileField(
        label=_("Attachments"), help_text=_("PDF, JPEG, PNG, DOCX or XLSX; you may choose several files.")
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=CircularAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agencies, circular: Circular | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date", "acknowledge_by"):
            self.fields[name].widget.attrs["class"] = "form-control jalali-date"
        self.fields["selected_agencies"].queryset = agencies
        self.fields["programs"].queryset = Program.objects.select_related("edition").order_by(
            "-edition__is_current", "edition__start_year", "number"
        )
        if circular is not None and circular.pk:
            self.fields["remove_attachments"].queryset = circular.attachments.all()
        else:
            del self.fields["remove_attachments"]

    @classmethod
    def initial_from(cls, circular: Circular) -> dict:
        return {
            "number": circular.number,
            "date": circular.date,
            "subject": circular.subject,
            "body": circular.body,
            "target_mode": circular.target_mode,
            "target_group": circular.target_group,
            "selected_agencies": list(circular.selected_agencies.all()),
            "programs": list(circular.programs.all()),
            "acknowledge_by": circular.acknowledge_by,
        }

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("target_mode")
        if mode == Circular.TargetMode.GROUP and not cleaned.get("target_group"):
            self.add_error("target_group", _("Choose the agency group."))
        if mode == Circular.TargetMode.SELECTED and not cleaned.get("selected_agencies"):
            self.add_error("selected_agencies", _("Choose at least one agency."))
        date, deadline = cleaned.get("date"), cleaned.get("acknowledge_by")
        if date and deadline and deadline < date:
            self.add_error("acknowledge_by", _("The acknowledgement deadline cannot be before the circular's date."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("remove_attachments", [])
        if "remove_attachments" not in self.fields:
            data.pop("remove_attachments")
        return data
