"""Import and export (django-import-export) of agencies, liaison deputies and users.

Every resource finds existing rows by a natural key, so importing the same file twice
creates nothing new; codes, national codes and mobiles may be typed in any digit script.
The shared widgets here serve programs/resources.py too.
"""

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from agencies.models import Agency, County, LiaisonDeputy, Province, User
from agencies.validators import normalize_landline, normalize_mobile, normalize_national_code
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


def agency_widget():
    return ByCodeWidget(Agency, message=_("There is no agency with the code “%(code)s”."))


class AgencyResource(PortalResource):
    normalizers = {"code": latin_code, "province": latin_code, "county": latin_code}

    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    name_fa = fields.Field(attribute="name_fa", column_name="name_fa", widget=PersianTextWidget())
    name_en = fields.Field(attribute="name_en", column_name="name_en", widget=widgets.CharWidget())
    province = fields.Field(
        attribute="province",
        column_name="province",
        widget=ByCodeWidget(Province, message=_("There is no province with the code “%(code)s”.")),
    )
    county = fields.Field(
        attribute="county",
        column_name="county",
        widget=ByCodeWidget(County, message=_("There is no county with the code “%(code)s”.")),
    )
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(Agency.Kind.choices, default=Agency.Kind.EXECUTIVE)
    )
    group = fields.Field(
        attribute="group", column_name="group", widget=ChoiceWidget(Agency.Group.choices, allow_blank=True)
    )
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=StrictBooleanWidget())

    class Meta(PortalMeta):
        model = Agency
        import_id_fields = ["code"]
        fields = ["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"]
        export_order = fields


class LiaisonDeputyResource(PortalResource):
    """Deputies are found by national code and agency code; the latest record of that pair is updated."""

    normalizers = {
        "agency": latin_code,
        "national_code": normalize_national_code,
        "mobile": normalize_mobile,
        "office_phone": normalize_landline,
    }

    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=agency_widget(),
    )
    national_code = fields.Field(attribute="national_code", column_name="national_code", widget=CodeWidget())
    full_name = fields.Field(attribute="full_name", column_name="full_name", widget=PersianTextWidget())
    position = fields.Field(attribute="position", column_name="position", widget=PersianTextWidget())
    mobile = fields.Field(attribute="mobile", column_name="mobile", widget=CodeWidget())
    email = fields.Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    office_phone = fields.Field(attribute="office_phone", column_name="office_phone", widget=CodeWidget())
    state = fields.Field(
        attribute="state",
        column_name="state",
        widget=ChoiceWidget(LiaisonDeputy.State.choices, default=LiaisonDeputy.State.AWAITING_GOVERNORATE),
    )

    class Meta(PortalMeta):
        model = LiaisonDeputy
        import_id_fields = ["national_code", "agency"]
        fields = ["agency", "national_code", "full_name", "position", "mobile", "email", "office_phone", "state"]
        export_order = fields

    existing_order = ("-created_at", "-pk")  # the latest record of the pair is the one updated


class UserResource(PortalResource):
    """Users by username. Passwords never come from the file: new users get an unusable
    password and set their own through a password reset sent by an administrator.
    Staff and superuser flags and groups are not imported."""

    normalizers = {"username": latin_code, "agency": latin_code}

    username = fields.Field(attribute="username", column_name="username", widget=CodeWidget())
    first_name = fields.Field(attribute="first_name", column_name="first_name", widget=PersianTextWidget())
    last_name = fields.Field(attribute="last_name", column_name="last_name", widget=PersianTextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=agency_widget(),
    )
    role = fields.Field(attribute="role", column_name="role", widget=ChoiceWidget(User.Role.choices, allow_blank=True))
    language = fields.Field(
        attribute="language",
        column_name="language",
        widget=ChoiceWidget([("fa", "Persian"), ("en", "English"), ("fa", "فارسی"), ("en", "انگلیسی")], default="fa"),
    )
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=StrictBooleanWidget())

    class Meta(PortalMeta):
        model = User
        import_id_fields = ["username"]
        fields = ["username", "first_name", "last_name", "email", "agency", "role", "language", "is_active"]
        export_order = fields

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.set_unusable_password()
