"""Import and export (django-import-export) of agencies, liaison deputies and users.

Every resource finds existing rows by a natural key, so importing the same file twice
creates nothing new; codes, national codes and mobiles may be typed in any digit script.
The shared widgets here serve programs/resources.py too.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from agencies import invitations
from agencies.models import Agency, County, LiaisonDeputy, Province, User
from agencies.validators import normalize_landline, normalize_mobile, normalize_national_code
from reform_portal.import_widgets import (
    ByCodeWidget,
    ChoiceWidget,
    CodeWidget,
    PersianTextWidget,
    PortalMeta,
    PortalResource,
    StrictBooleanWidget,
    latin_code,
)


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
    password and, once the import is confirmed (never on the preview), an invitation to
    choose their own (agencies/invitations.py: by email, and by SMS when the row has a mobile).
    Staff and superuser flags and groups are not imported."""

    normalizers = {"username": latin_code, "agency": latin_code, "mobile": normalize_mobile}

    username = fields.Field(attribute="username", column_name="username", widget=CodeWidget())
    first_name = fields.Field(attribute="first_name", column_name="first_name", widget=PersianTextWidget())
    last_name = fields.Field(attribute="last_name", column_name="last_name", widget=PersianTextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    mobile = fields.Field(attribute="mobile", column_name="mobile", widget=CodeWidget())
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
        fields = ["username", "first_name", "last_name", "email", "mobile", "agency", "role", "language", "is_active"]
        export_order = fields

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.set_unusable_password()

    def after_import(self, dataset, result, **kwargs):
        """After the confirmed rows are written (in the import's transaction), the new users are invited."""
        new_users = [] if self._dry_run or result.has_errors() else list(self._creates)
        super().after_import(dataset, result, **kwargs)
        if new_users:
            invitations.invite_many(new_users, by=kwargs.get("user"))
