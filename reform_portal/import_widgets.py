"""The import widgets and the resource base every import of the portal shares: codes and
numbers in any digit script, Persian text normalised, choices by value or by their Persian
or English label, foreign keys by code (looked up once per file)."""

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext
from import_export import widgets

from reform_portal import persian
from reform_portal.importing import PortalModelResource
from reform_portal.importing import cell_text as _text


def latin_code(value) -> str:
    """A code typed with Persian, Arabic-Indic or Latin digits, in Latin digits, trimmed."""
    return persian.to_latin_digits(_text(value))


class CodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return latin_code(value)


class PersianTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return persian.normalize_persian_text(_text(value))


class ByCodeWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's code (or another natural key field).

    Records are looked up once per import: ``prime`` loads those a file's column names in
    one query per 500 codes (reform_portal/importing.py calls it before the first row),
    and any other code is asked once and remembered, found or not."""

    def __init__(self, model, field="code", *, message, **kwargs):
        self.message = message
        self._records = {}
        super().__init__(model, field=field, **kwargs)

    def prime(self, rows, column):
        self._records = {}
        codes = sorted({latin_code(row.get(column)) for row in rows} - {""})
        for start in range(0, len(codes), 500):
            for record in self.get_queryset(None, None).filter(**{f"{self.field}__in": codes[start : start + 500]}):
                self._records[getattr(record, self.field)] = record

    def clean(self, value, row=None, **kwargs):
        code = latin_code(value)
        if not code:
            return None
        if code not in self._records:
            self._records[code] = self.get_queryset(code, row, **kwargs).filter(**{self.field: code}).first()
        if self._records[code] is None:
            raise ValueError(self.message % {"code": code})
        return self._records[code]


class ChoiceWidget(widgets.Widget):
    """A choice written as its stored value or as its label in Persian or English; exported as the value."""

    def __init__(self, choices, *, allow_blank=False, default=None, **kwargs):
        self.choices = choices
        self.allow_blank = allow_blank
        self.default = default
        self._table = None
        super().__init__(**kwargs)

    def _lookup(self) -> dict:
        if self._table is None:  # built once: the labels in both languages do not change
            self._table = self._build_lookup()
        return self._table

    def _build_lookup(self) -> dict:
        table = {}
        for value, label in self.choices:
            table[str(value).lower()] = value
            for language in ("fa", "en"):
                with translation.override(language):
                    table[persian.normalize_persian_text(str(label)).lower()] = value
        return table

    def clean(self, value, row=None, **kwargs):
        text = persian.normalize_persian_text(_text(value)).lower()
        if not text:
            if self.default is not None:
                return self.default
            if self.allow_blank:
                return ""
            raise ValueError(gettext("This value is required."))
        table = self._lookup()
        if text not in table:
            allowed = ", ".join(str(choice) for choice, _label in self.choices if choice)
            raise ValueError(
                gettext("“%(value)s” is not one of the accepted values: %(allowed)s.")
                % {"value": _text(value), "allowed": allowed}
            )
        return table[text]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class StrictBooleanWidget(widgets.Widget):
    """1/0, true/false, yes/no, بله/خیر (any digits); an empty cell keeps the default."""

    TRUE = {"1", "true", "yes", "y", "بله", "آری", "فعال"}
    FALSE = {"0", "false", "no", "n", "خیر", "نه", "غیرفعال"}

    def __init__(self, *, default=True, **kwargs):
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = persian.normalize_persian_text(latin_code(value)).lower()
        if not text:
            return self.default
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(gettext("“%(value)s” is not yes (1) or no (0).") % {"value": _text(value)})

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class DigitsDecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = latin_code(value).replace("٫", ".").replace("٬", "").replace(",", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": _text(value)}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DigitsIntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = latin_code(value)
        if not text:
            return None
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": _text(value)})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PortalResource(PortalModelResource):
    """Shared behaviour: one transaction, model validation, unchanged rows skipped; rows
    with the same key in one file reported, records looked up per file, not per row, and
    exported text never a live formula (reform_portal/importing.py).

    ``normalizers`` maps a column to the function that puts its value in canonical
    form before the row is matched against the database.
    """


class PortalMeta:
    use_transactions = True
    clean_model_instances = True
    skip_unchanged = True
    report_skipped = True
