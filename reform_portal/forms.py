"""Form fields that read Persian input: Jalali dates and numbers in any digit set."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reform_portal import persian


class JalaliDateInput(forms.TextInput):
    """A text input with the offline Jalali date picker (static/js/jalali-datepicker.js);
    templates render ``{{ form.media }}`` to load it."""

    class Media:
        css = {"all": ["css/jalali-datepicker.css"]}
        js = ["js/jalali-datepicker.js"]

    def __init__(self, attrs=None):
        defaults = {"dir": "ltr", "placeholder": "1405/01/15", "inputmode": "numeric", "class": "jalali-date"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if value and not isinstance(value, str):
            return persian.format_jalali_date(value)
        return value


class JalaliDateField(forms.DateField):
    """Accepts «۱۴۰۵/۰۱/۱۵», «1405/1/15» or «۱۴۰۵-۰۱-۱۵»; cleans to a Gregorian date.

    A year outside persian.JALALI_YEAR_MIN…MAX is refused with its own message: a
    Gregorian date (2026-03-21) is never read as the Jalali year 2026.
    """

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date such as 1405/01/15."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return persian.parse_jalali_date(str(value))
        except persian.JalaliYearError as error:
            raise ValidationError(str(error), code="jalali_year") from None
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DigitsInput(forms.TextInput):
    """A text input for numbers that shows its value in the active language's digits («۶۵» in fa),
    whether the value comes from the database or from what was typed."""

    def format_value(self, value):
        value = super().format_value(value)
        return persian.localize_digits(value) if value is not None else None


class DigitsIntegerField(forms.IntegerField):
    """An integer typed with Persian, Arabic-Indic or Latin digits. Its messages («at most ۱۰۰»)
    name their limits in the active language's digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DigitsInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(**kwargs)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as error:
            raise ValidationError(
                [
                    ValidationError(
                        item.message,
                        code=item.code,
                        params={key: persian.localize_number(param) for key, param in (item.params or {}).items()},
                    )
                    for item in error.error_list
                ]
            ) from None

    def to_python(self, value):
        if isinstance(value, str):
            value = persian.to_latin_digits(value).strip().replace("٬", "").replace(",", "")
        return super().to_python(value)


class DigitsDecimalField(forms.DecimalField):
    """A decimal number typed with Persian, Arabic-Indic or Latin digits; «٫» or «.» as the
    decimal point, «٬» or «,» between thousands."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = persian.to_latin_digits(value).strip().replace("٬", "").replace(",", "").replace("٫", ".")
        return super().to_python(value)
