"""Import and export (django-import-export) of programs and assignments.

Natural keys: a program is its edition code + number; an assignment is its program
(edition code + number) + agency code. Dates are Jalali (1405/01/15, any digits).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from agencies.models import Agency
from agencies.resources import agency_widget
from programs.models import Assignment, Indicator, IndicatorTarget, Program, RoadmapEdition
from reform_portal import persian
from reform_portal.import_widgets import (
    ByCodeWidget,
    ChoiceWidget,
    CodeWidget,
    DigitsDecimalWidget,
    DigitsIntegerWidget,
    PersianTextWidget,
    PortalMeta,
    PortalResource,
    StrictBooleanWidget,
    _text,
    latin_code,
)


class JalaliDateWidget(widgets.Widget):
    """Reads «۱۴۰۵/۰۱/۱۵» or 1405-1-15 (a spreadsheet date cell is taken as Gregorian); writes 1405/01/15.

    Either way the year must be a plausible Jalali one (persian.JALALI_YEAR_MIN…MAX): a
    Gregorian 2026-03-21 typed as text, or a date cell holding the year 1405, is refused.
    """

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            try:
                persian.check_date_in_jalali_range(value)
            except persian.JalaliYearError as error:
                raise ValueError(str(error)) from None
            return value
        text = _text(value)
        if not text:
            return None
        try:
            return persian.parse_jalali_date(text)
        except persian.JalaliYearError as error:
            raise ValueError(str(error)) from None
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a Jalali date such as 1405/01/15.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        jalali = persian.to_jalali(value)
        return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"


def edition_widget():
    return ByCodeWidget(RoadmapEdition, message=_("There is no roadmap edition with the code “%(code)s”."))


class ProgramResource(PortalResource):
    normalizers = {"edition": latin_code, "number": latin_code, "owner": latin_code}

    edition = fields.Field(attribute="edition", column_name="edition", widget=edition_widget())
    number = fields.Field(attribute="number", column_name="number", widget=DigitsIntegerWidget())
    title_fa = fields.Field(attribute="title_fa", column_name="title_fa", widget=PersianTextWidget())
    title_en = fields.Field(attribute="title_en", column_name="title_en", widget=widgets.CharWidget())
    description = fields.Field(attribute="description", column_name="description", widget=PersianTextWidget())
    axis = fields.Field(attribute="axis", column_name="axis", widget=ChoiceWidget(Program.Axis.choices))
    owner = fields.Field(attribute="owner", column_name="owner", widget=agency_widget())
    weight = fields.Field(attribute="weight", column_name="weight", widget=DigitsDecimalWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=JalaliDateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=JalaliDateWidget())

    class Meta(PortalMeta):
        model = Program
        import_id_fields = ["edition", "number"]
        fields = [
            "edition", "number", "title_fa", "title_en", "description", "axis", "owner", "weight",
            "start_date", "end_date",
        ]  # fmt: skip
        export_order = fields

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if "weight" in row and not _text(row["weight"]):
            row["weight"] = "1"


class EditionProgramsMixin:
    """For widgets that name programs by edition code and number: each edition's programs
    are read once per import (one query), not once per row. ``prime`` (called by the
    resource before the first row, reform_portal/importing.py) starts afresh."""

    def prime(self, rows, column):
        self._editions = {}

    def programs_of(self, edition: str) -> dict[int, Program]:
        editions = self.__dict__.setdefault("_editions", {})
        if edition not in editions:
            editions[edition] = {program.number: program for program in Program.objects.filter(edition__code=edition)}
        return editions[edition]


class ProgramKeyWidget(EditionProgramsMixin, widgets.Widget):
    """The program of an assignment row, from its ``program_edition`` and ``program_number`` columns."""

    def clean(self, value, row=None, **kwargs):
        edition = latin_code((row or {}).get("program_edition"))
        number = latin_code(value)
        if number.endswith(".0"):
            number = number[:-2]
        if not edition or not number:
            raise ValueError(gettext("Both the program's edition code and its number are required."))
        program = self.programs_of(edition).get(int(number)) if number.isdigit() else None
        if program is None:
            raise ValueError(
                gettext("There is no program number %(number)s in the edition “%(edition)s”.")
                % {"number": number, "edition": edition}
            )
        return program

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.number)


class AssignmentResource(PortalResource):
    normalizers = {"program_edition": latin_code, "program_number": latin_code, "agency": latin_code}

    program_edition = fields.Field(attribute="program__edition__code", column_name="program_edition", readonly=True)
    program = fields.Field(attribute="program", column_name="program_number", widget=ProgramKeyWidget())
    agency = fields.Field(attribute="agency", column_name="agency", widget=agency_widget())
    target = fields.Field(attribute="target", column_name="target", widget=PersianTextWidget())
    weight = fields.Field(attribute="weight", column_name="weight", widget=DigitsDecimalWidget())
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=StrictBooleanWidget())

    class Meta(PortalMeta):
        model = Assignment
        import_id_fields = ["program", "agency"]
        fields = ["program_edition", "program", "agency", "target", "weight", "is_active"]
        export_order = fields

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if "weight" in row and not _text(row["weight"]):
            row["weight"] = "1"

    def get_queryset(self):
        return super().get_queryset().select_related("program__edition", "agency")


def indicator_widget():
    return ByCodeWidget(Indicator, message=_("There is no indicator with the code “%(code)s”."))


class IndicatorResource(PortalResource):
    """Indicators by their code; the program by its edition code and number."""

    normalizers = {"code": latin_code, "program_edition": latin_code, "program_number": latin_code,
                   "agency": latin_code}  # fmt: skip

    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    program_edition = fields.Field(attribute="program__edition__code", column_name="program_edition", readonly=True)
    program = fields.Field(attribute="program", column_name="program_number", widget=ProgramKeyWidget())
    title_fa = fields.Field(attribute="title_fa", column_name="title_fa", widget=PersianTextWidget())
    title_en = fields.Field(attribute="title_en", column_name="title_en", widget=widgets.CharWidget())
    description = fields.Field(attribute="description", column_name="description", widget=PersianTextWidget())
    unit = fields.Field(attribute="unit", column_name="unit", widget=PersianTextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Indicator.Kind.choices))
    numerator_label = fields.Field(attribute="numerator_label", column_name="numerator", widget=PersianTextWidget())
    denominator_label = fields.Field(
        attribute="denominator_label", column_name="denominator", widget=PersianTextWidget()
    )
    direction = fields.Field(
        attribute="direction", column_name="direction",
        widget=ChoiceWidget(Indicator.Direction.choices, default=Indicator.Direction.HIGHER),
    )  # fmt: skip
    aggregation = fields.Field(
        attribute="aggregation", column_name="aggregation",
        widget=ChoiceWidget(Indicator.Aggregation.choices, default=Indicator.Aggregation.LATEST),
    )  # fmt: skip
    baseline = fields.Field(attribute="baseline", column_name="baseline", widget=DigitsDecimalWidget())
    weight = fields.Field(attribute="weight", column_name="weight", widget=DigitsDecimalWidget())
    indicator_set = fields.Field(
        attribute="indicator_set", column_name="set",
        widget=ChoiceWidget(Indicator.Set.choices, default=Indicator.Set.GENERAL),
    )  # fmt: skip
    agency = fields.Field(attribute="agency", column_name="agency", widget=agency_widget())
    agency_group = fields.Field(
        attribute="agency_group",
        column_name="agency_group",
        widget=ChoiceWidget(Agency.Group.choices, allow_blank=True),
    )
    evidence_required = fields.Field(
        attribute="evidence_required", column_name="evidence_required", widget=StrictBooleanWidget(default=False)
    )
    min_value = fields.Field(attribute="min_value", column_name="min_value", widget=DigitsDecimalWidget())
    max_value = fields.Field(attribute="max_value", column_name="max_value", widget=DigitsDecimalWidget())
    source = fields.Field(
        attribute="source", column_name="source",
        widget=ChoiceWidget(Indicator.Source.choices, default=Indicator.Source.TYPED),
    )  # fmt: skip
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=StrictBooleanWidget())

    class Meta(PortalMeta):
        model = Indicator
        import_id_fields = ["code"]
        fields = [
            "code", "program_edition", "program", "title_fa", "title_en", "description", "unit", "kind",
            "numerator_label", "denominator_label", "direction", "aggregation", "baseline", "weight",
            "indicator_set", "agency", "agency_group", "evidence_required", "min_value", "max_value", "source",
            "is_active",
        ]  # fmt: skip
        export_order = fields

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if "weight" in row and not _text(row["weight"]):
            row["weight"] = "1"

    def get_queryset(self):
        return super().get_queryset().select_related("program__edition", "agency")


class IndicatorTargetResource(PortalResource):
    """Targets by indicator code, Jalali year, quarter (0 or empty: the whole year) and whom
    they are for: an agency's code, an agency group, or neither (the program's default)."""

    normalizers = {"indicator": latin_code, "fiscal_year": latin_code, "quarter": latin_code, "agency": latin_code}
    #: Parts of the import key that may be empty (the default target has neither).
    optional_key_parts = ("agency", "agency_group")

    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=indicator_widget())
    fiscal_year = fields.Field(attribute="fiscal_year", column_name="fiscal_year", widget=DigitsIntegerWidget())
    quarter = fields.Field(attribute="quarter", column_name="quarter", widget=DigitsIntegerWidget())
    agency = fields.Field(attribute="agency", column_name="agency", widget=agency_widget())
    agency_group = fields.Field(
        attribute="agency_group",
        column_name="agency_group",
        widget=ChoiceWidget(Agency.Group.choices, allow_blank=True),
    )
    value = fields.Field(attribute="value", column_name="target", widget=DigitsDecimalWidget())

    class Meta(PortalMeta):
        model = IndicatorTarget
        import_id_fields = ["indicator", "fiscal_year", "quarter", "agency", "agency_group"]
        fields = ["indicator", "fiscal_year", "quarter", "agency", "agency_group", "value"]
        export_order = fields

    def before_import_row(self, row, **kwargs):
        if "quarter" in row and not _text(row["quarter"]):
            row["quarter"] = "0"
        for column in ("agency", "agency_group"):
            row.setdefault(column, "")
        super().before_import_row(row, **kwargs)

    def before_import(self, dataset, **kwargs):
        # The quarter and the optional parts of the key are filled in before the keys are read.
        headers = list(dataset.headers or [])
        for column in ("quarter", "agency", "agency_group"):
            if column not in headers:
                dataset.append_col([""] * len(dataset), header=column)
        super().before_import(dataset, **kwargs)

    def _row_key(self, row: dict):
        row = {**row, "quarter": row.get("quarter") if _text(row.get("quarter")) else "0"}
        parts = []
        for name in self.get_import_id_fields():
            try:
                value = self.fields[name].clean(row)
            except (KeyError, ValueError, ValidationError):
                return None
            if value is None or value == "":
                if name not in self.optional_key_parts:
                    return None
                value = ""
            parts.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(parts)

    def _instance_key(self, instance):
        return (instance.indicator_id, instance.fiscal_year, instance.quarter, instance.agency_id or "",
                instance.agency_group)  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "agency")
