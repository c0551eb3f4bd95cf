"""What the API returns and accepts. Output is the same in every language: codes for
states and kinds, names and titles in both languages, dates and times in ISO 8601."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency, LiaisonDeputy, Province
from circulars.models import Circular, CircularAttachment, CircularTarget
from programs.forms import TEXT_LIMIT
from programs.models import (
    Assignment,
    Evidence,
    Indicator,
    IndicatorLevel,
    IndicatorValue,
    Program,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
)
from reform_portal.review import event_label
from service_channels.models import Channel, ChannelReport, Service, ServiceChannel, TransactionCount


class BilingualSerializer(serializers.Serializer):
    fa = serializers.CharField()
    en = serializers.CharField()


def bilingual(render) -> dict:
    result = {}
    for language in ("fa", "en"):
        with translation.override(language):
            result[language] = str(render())
    return result


class PersonSerializer(serializers.Serializer):
    """Who did something: the user's id and name (as the pages' timelines show them)."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = BilingualSerializer()


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a code, the message in Persian and English, and field errors if any."""

    code = serializers.CharField()
    message = BilingualSerializer()
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text=_("{field: [{code, message: {fa, en}}]}")
    )
    saved_report = serializers.IntegerField(required=False)


# --- reference data -----------------------------------------------------------------------


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name_fa", "name_en", "requires_sign_off"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name_fa", "name_en", "kind", "group", "province", "county", "is_active"]


class ProgramSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(source="edition.code")
    it_office = serializers.SerializerMethodField(help_text=_("The program's responsible office is an IT office."))

    class Meta:
        model = Program
        fields = [
            "id", "edition", "number", "title_fa", "title_en", "axis", "owner", "it_office", "weight", "start_date",
            "end_date",
        ]  # fmt: skip

    def get_it_office(self, program) -> bool:
        return program.owner.kind == Agency.Kind.IT_OFFICE


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = ReportingPeriod
        fields = ["id", "fiscal_year", "kind", "number", "label", "opens_on", "due_on", "closes_on"]

    @extend_schema_field(BilingualSerializer)
    def get_label(self, period) -> dict:
        return bilingual(lambda: period.label)


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "program", "agency", "target", "weight", "is_active"]


# --- indicators ------------------------------------------------------------------------------


class IndicatorLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorLevel
        fields = ["rank", "label_fa", "label_en", "fraction"]


class IndicatorSerializer(serializers.ModelSerializer):
    set = serializers.CharField(source="indicator_set", help_text=_("general (every agency) or specific."))
    levels = IndicatorLevelSerializer(many=True, help_text=_("The scale of a qualitative indicator (else empty)."))

    class Meta:
        model = Indicator
        fields = [
            "id", "program", "code", "title_fa", "title_en", "description", "unit", "kind", "numerator_label",
            "denominator_label", "direction", "aggregation", "baseline", "weight", "set", "agency", "agency_group",
            "evidence_required", "min_value", "max_value", "source", "is_active", "levels",
        ]  # fmt: skip


class IndicatorValueSerializer(serializers.ModelSerializer):
    """An indicator's declared value in a report and, once the reviewer verified it, the verified one."""

    code = serializers.CharField(source="indicator.code")
    verified_by = PersonSerializer(allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator", "code", "value", "numerator", "denominator", "note", "verified_value", "verified_numerator",
            "verified_denominator", "verified_reason", "verified_by", "verified_at",
        ]  # fmt: skip


class IndicatorValueWriteSerializer(serializers.Serializer):
    """One indicator's value in a report, as typed in the report form: `value` (1 or 0 for
    yes/no, the level's rank for a qualitative one), or `numerator` and `denominator` for a ratio."""

    indicator = serializers.IntegerField(min_value=1, max_value=2**53)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    numerator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT, trim_whitespace=False)


# --- reports ---------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    program = serializers.IntegerField(source="assignment.program_id")
    agency = serializers.IntegerField(source="assignment.agency_id")
    late = serializers.BooleanField(
        source="is_late", help_text=_("First submitted after the due date, or not yet while overdue.")
    )
    submitted_by = PersonSerializer(allow_null=True)
    signed_off_by = PersonSerializer(allow_null=True)
    reviewed_by = PersonSerializer(allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "assignment", "program", "agency", "period", "state", "percent", "status", "work_done",
            "obstacles", "next_steps", "decrease_reason", "review_comment", "late", "created_at", "updated_at",
            "submitted_at", "submitted_by", "first_submitted_at", "signed_off_at", "signed_off_by", "reviewed_at",
            "reviewed_by",
        ]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    actor = PersonSerializer(allow_null=True)

    class Meta:
        model = ReportEvent
        fields = ["action", "label", "from_state", "to_state", "actor", "at", "comment"]

    @extend_schema_field(BilingualSerializer)
    def get_label(self, event) -> dict:
        return bilingual(lambda: event_label(event.action))


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    uploaded_by = PersonSerializer()

    class Meta:
        model = Evidence
        fields = ["id", "name", "kind", "size", "uploaded_at", "uploaded_by"]


class ReportDetailSerializer(ReportSerializer):
    events = EventSerializer(many=True, source="events_list")
    indicator_values = IndicatorValueSerializer(many=True, source="indicator_values_list")
    evidence = EvidenceSerializer(
        many=True, source="evidence_list", help_text=_("The files attached (metadata; not removed ones).")
    )
    allowed_actions = serializers.ListField(
        child=serializers.CharField(), help_text=_("The actions you may take on the report now.")
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "events", "indicator_values", "evidence", "allowed_actions"]


def _text(**kwargs):
    return serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMIT, trim_whitespace=False, **kwargs
    )


class ReportWriteSerializer(serializers.Serializer):
    """The report form's fields (programs/forms.py ReportForm checks them again, as on the page)."""

    percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, required=False)
    work_done = _text()
    obstacles = _text()
    next_steps = _text()
    decrease_reason = _text(help_text=_("Required when the percent is lower than the last approved one."))
    indicator_values = IndicatorValueWriteSerializer(
        many=True, required=False, max_length=200,
        help_text=_("Values of the program's indicators (GET /indicators/?assignment=…); those left out keep theirs."),
    )  # fmt: skip
    submit = serializers.BooleanField(
        default=False, help_text=_("Save and submit in one step («save and submit» on the page).")
    )


class ReportCreateSerializer(ReportWriteSerializer):
    assignment = serializers.IntegerField(min_value=1, max_value=2**53)
    period = serializers.IntegerField(min_value=1, max_value=2**53)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT, allow_blank=True, default="", trim_whitespace=False)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=TEXT_LIMIT, allow_blank=True, default="", trim_whitespace=False)


# --- deputies --------------------------------------------------------------------------------


class DeputySerializer(serializers.ModelSerializer):
    """A liaison deputy registration with its personal fields (only for those who may see
    them: the agency's staff and the reviewers of its province)."""

    office_phone = serializers.CharField(source="office_phone_display")

    class Meta:
        model = LiaisonDeputy
        fields = [
            "id", "agency", "state", "full_name", "position", "national_code", "mobile", "email", "office_phone",
            "governorate_reviewed_at", "it_office_reviewed_at", "rejection_reason", "superseded_at", "created_at",
        ]  # fmt: skip


# --- circulars ---------------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = CircularAttachment
        fields = ["id", "name", "size", "uploaded_at"]


class AcknowledgementSerializer(serializers.ModelSerializer):
    acknowledged_by = PersonSerializer(allow_null=True)

    class Meta:
        model = CircularTarget
        fields = ["agency", "acknowledged_at", "acknowledged_by", "had_confirmed_deputy"]


class CircularSerializer(serializers.ModelSerializer):
    class Meta:
        model = Circular
        fields = [
            "id", "province", "number", "date", "subject", "state", "target_mode", "target_group", "acknowledge_by",
            "published_at",
        ]  # fmt: skip


class CircularDetailSerializer(CircularSerializer):
    attachments = AttachmentSerializer(many=True)
    programs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    acknowledgement = AcknowledgementSerializer(
        allow_null=True, help_text=_("Your agency's acknowledgement (agency staff and deputies; null for reviewers).")
    )

    class Meta(CircularSerializer.Meta):
        fields = [*CircularSerializer.Meta.fields, "body", "attachments", "programs", "acknowledgement"]


# --- service channels --------------------------------------------------------------------------


class ServiceChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceChannel
        fields = ["id", "channel", "opened_on"]


class ServiceSerializer(serializers.ModelSerializer):
    channels = ServiceChannelSerializer(many=True)
    programs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Service
        fields = ["id", "agency", "code", "name_fa", "name_en", "is_active", "channels", "programs"]


class CountSerializer(serializers.ModelSerializer):
    service = serializers.IntegerField(source="service_channel.service_id")
    channel = serializers.ChoiceField(source="service_channel.channel", choices=Channel.choices)

    class Meta:
        model = TransactionCount
        fields = ["service_channel", "service", "channel", "count"]


class ChannelReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelReport
        fields = [
            "id", "agency", "period", "state", "review_comment", "created_at", "updated_at", "submitted_at",
            "first_submitted_at", "reviewed_at",
        ]  # fmt: skip


class ChannelReportDetailSerializer(ChannelReportSerializer):
    counts = CountSerializer(many=True, source="counts_list")
    events = EventSerializer(many=True, source="events_list")
    allowed_actions = serializers.ListField(child=serializers.CharField())

    class Meta(ChannelReportSerializer.Meta):
        fields = [*ChannelReportSerializer.Meta.fields, "counts", "events", "allowed_actions"]


class CountWriteSerializer(serializers.Serializer):
    service_channel = serializers.IntegerField(min_value=1, max_value=2**53)
    count = serializers.IntegerField(min_value=0, max_value=2_000_000_000, allow_null=True)


class CountsWriteSerializer(serializers.Serializer):
    period = serializers.IntegerField(min_value=1, max_value=2**53)
    counts = CountWriteSerializer(many=True, help_text=_("One row per service channel; null: not reported."))
    submit = serializers.BooleanField(default=False)


# --- figures (programs/metrics.py, docs/definitions.md) ---------------------------------------

_RATE = {"max_digits": 5, "decimal_places": 1, "allow_null": True}


class FiguresSerializer(serializers.Serializer):
    """The figures of some assignments for one period, as defined in docs/definitions.md."""

    expected = serializers.IntegerField()
    reported = serializers.IntegerField(help_text=_("Submitted or approved: reached the IT office."))
    awaiting_review = serializers.IntegerField()
    approved = serializers.IntegerField()
    returned = serializers.IntegerField()
    awaiting_sign_off = serializers.IntegerField()
    missing = serializers.IntegerField()
    unsent = serializers.IntegerField()
    on_time = serializers.IntegerField()
    progress = serializers.DecimalField(**_RATE, help_text=_("Weighted latest approved percent as of the period."))
    reporting_rate = serializers.DecimalField(**_RATE)
    on_time_rate = serializers.DecimalField(**_RATE)


class FigurePeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.SerializerMethodField()
    opens_on = serializers.DateField()
    due_on = serializers.DateField()

    @extend_schema_field(BilingualSerializer)
    def get_label(self, period) -> dict:
        return bilingual(lambda: period.label)


class TrendPointSerializer(serializers.Serializer):
    period = FigurePeriodSerializer()
    figures = FiguresSerializer()


class ProgramFiguresSerializer(serializers.Serializer):
    program = serializers.IntegerField(source="program.pk")
    number = serializers.IntegerField(source="program.number")
    title_fa = serializers.CharField(source="program.title_fa")
    title_en = serializers.CharField(source="program.title_en")
    it_office = serializers.BooleanField(source="is_it_office")
    figures = FiguresSerializer()


class CellSerializer(serializers.Serializer):
    program = serializers.IntegerField(source="program.pk")
    assigned = serializers.BooleanField()
    percent = serializers.IntegerField(allow_null=True, help_text=_("Latest approved percent as of the period."))
    report = serializers.IntegerField(source="report_id", allow_null=True)
    report_state = serializers.CharField(allow_blank=True)


class AgencyFiguresSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency.pk")
    code = serializers.CharField(source="agency.code")
    name_fa = serializers.CharField(source="agency.name_fa")
    name_en = serializers.CharField(source="agency.name_en")
    rank = serializers.IntegerField()
    figures = FiguresSerializer()


class AgencyHeatmapSerializer(AgencyFiguresSerializer):
    cells = CellSerializer(many=True)


class FiltersSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk", allow_null=True)
    scope = serializers.CharField()
    group = serializers.CharField(allow_blank=True)
    county = serializers.IntegerField(source="county_id", allow_null=True)
    province = serializers.IntegerField(source="province_id", allow_null=True)


class ProvinceFiguresSerializer(serializers.Serializer):
    """The province dashboard: the same figures as the page and its exports."""

    as_of = serializers.DateTimeField(help_text=_("When the figures were computed."))
    period = FigurePeriodSerializer(allow_null=True)
    filters = FiltersSerializer()
    headline = FiguresSerializer()
    programs = ProgramFiguresSerializer(many=True)
    agencies = AgencyHeatmapSerializer(many=True, help_text=_("Ranked; `cells` only with heatmap=true."))
    trend = TrendPointSerializer(many=True)


class ProvinceRowSerializer(serializers.Serializer):
    province = serializers.IntegerField(source="province.pk")
    name_fa = serializers.CharField(source="province.name_fa")
    name_en = serializers.CharField(source="province.name_en")
    rank = serializers.IntegerField()
    figures = FiguresSerializer()


class NationalFiguresSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField()
    period = FigurePeriodSerializer(allow_null=True)
    filters = FiltersSerializer()
    headline = FiguresSerializer()
    programs = ProgramFiguresSerializer(many=True)
    provinces = ProvinceRowSerializer(many=True)


class ProgramDrilldownSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField()
    program = serializers.IntegerField(source="program.pk")
    period = FigurePeriodSerializer(allow_null=True)
    figures = FiguresSerializer()
    agencies = AgencyHeatmapSerializer(many=True)
    trend = TrendPointSerializer(many=True)


class AssignmentFiguresSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment.pk")
    program = serializers.IntegerField(source="assignment.program_id")
    weight = serializers.DecimalField(source="assignment.weight", max_digits=6, decimal_places=2)
    percent = serializers.IntegerField(source="cell.percent", allow_null=True)
    report = serializers.IntegerField(source="cell.report_id", allow_null=True)
    report_state = serializers.CharField(source="cell.report_state", allow_blank=True)


class AgencyDrilldownSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField()
    agency = serializers.IntegerField(source="agency.pk")
    period = FigurePeriodSerializer(allow_null=True)
    figures = FiguresSerializer()
    assignments = AssignmentFiguresSerializer(many=True)
    trend = TrendPointSerializer(many=True)


class RatioSerializer(serializers.Serializer):
    part = serializers.IntegerField()
    whole = serializers.IntegerField()
    percent = serializers.DecimalField(**_RATE)


class AgencyChannelsSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency.pk")
    name_fa = serializers.CharField(source="agency.name_fa")
    name_en = serializers.CharField(source="agency.name_en")
    rank = serializers.IntegerField()
    services = RatioSerializer(help_text=_("Services offered outside the agency's counters ÷ services offered."))
    transactions = RatioSerializer(allow_null=True, help_text=_("Approved transactions outside ÷ all; null: none."))
    report_state = serializers.CharField(allow_blank=True)
    report = serializers.IntegerField(source="report_id", allow_null=True)


class ChannelTotalSerializer(serializers.Serializer):
    channel = serializers.CharField()
    transactions = serializers.IntegerField()
    share = serializers.DecimalField(**_RATE)


class ChannelTrendSerializer(serializers.Serializer):
    period = FigurePeriodSerializer()
    services = RatioSerializer()
    transactions = RatioSerializer()
    agencies_approved = serializers.IntegerField()


class ChannelFiguresSerializer(serializers.Serializer):
    """The service-channel dashboard (docs/channels.md)."""

    as_of = serializers.DateTimeField()
    period = FigurePeriodSerializer(allow_null=True)
    services = RatioSerializer()
    transactions = RatioSerializer()
    agencies_approved = serializers.IntegerField()
    by_channel = ChannelTotalSerializer(many=True)
    agencies = AgencyChannelsSerializer(many=True)
    trend = ChannelTrendSerializer(many=True)
