from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from api import tokens
from api.models import ApiToken
from reform_portal.persian import localize_digits


def _lifetime_choices():
    return [
        (days, ngettext_lazy("%(days)s day", "%(days)s days", days) % {"days": localize_digits(days)})
        for days in tokens.lifetimes()
    ]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the BI server."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.TypedChoiceField(label=_("Expires after"), coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(days, label) for days, label in _lifetime_choices()]
        self.fields["days"].initial = tokens.lifetimes()[min(1, len(tokens.lifetimes()) - 1)]
        self.fields["name"].widget.attrs.update({"class": "form-control", "dir": "auto", "autocomplete": "off"})
        self.fields["scope"].widget.attrs["class"] = "form-select"
        self.fields["days"].widget.attrs["class"] = "form-select"
