from django import forms
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = 10_000


class DecisionForm(forms.Form):
    """A reviewer's (or the liaison deputy's) decision on a record: the action's name, and
    the comment, which is the reason when the action needs one."""

    decision = forms.CharField(max_length=40, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (required when sending back)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
