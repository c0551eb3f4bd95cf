"""Progress reports: read them as the pages show them, and take the pages' actions on them
(save, submit, sign off, send back, approve, return) through programs/services."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.models import Agency
from api import serializers
from api.actions import explain, perform
from api.errors import refused, validated
from api.filters import DateTimeFilter, IdFilter
from api.views.base import ReadViewSet, object_id
from programs import indicators as indicator_rules
from programs import services
from programs.forms import ReportForm
from programs.models import Evidence, IndicatorValue, ProgressReport, ReportEvent, ReportingPeriod
from programs.selectors import get_assignment_for_user, get_report_for_user, reports_visible_to
from reform_portal import access, review

TAG = "reports"
DETAIL_ACTIONS = ("save", "submit", "sign_off", "send_back", "approve", "return")


class ReportFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    assignment = IdFilter(field_name="assignment_id")
    program = IdFilter(field_name="assignment__program_id")
    agency = IdFilter(field_name="assignment__agency_id")
    province = IdFilter(field_name="assignment__agency__province_id")
    state = django_filters.MultipleChoiceFilter(choices=ProgressReport.State.choices)
    it_office = django_filters.BooleanFilter(method="filter_it_office", label=_("Only the IT office's programs"))
    updated_since = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    submitted_since = DateTimeFilter(field_name="submitted_at", lookup_expr="gte")

    class Meta:
        model = ProgressReport
        fields = ["period", "assignment", "program", "agency", "province", "state"]

    def filter_it_office(self, queryset, name, value):
        if value is None:
            return queryset
        condition = {"assignment__program__owner__kind": Agency.Kind.IT_OFFICE}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


def _typed(number) -> str | None:
    """A number as the form's inputs take it: 1, not 1.0000 (a level's rank, yes/no)."""
    return None if number is None else format(number.normalize(), "f")


def indicator_form_data(indicators, current: dict, values: list[dict]) -> dict:
    """The report form's indicator inputs: the values sent, and for the indicators not sent
    the report's current ones (left out is kept, as on the page). An indicator that does not
    apply to the report is refused."""
    typed = {indicator.pk: indicator for indicator in indicators if indicator.is_typed}
    sent = {}
    for item in values:
        if item["indicator"] not in typed:
            message = _("Indicator %(id)s is not one this report carries (or it is computed).")
            raise refused(
                ValidationError({"indicator_values": ValidationError(
                    message, code="unknown_indicator", params={"id": item["indicator"]})})
            )  # fmt: skip
        sent[item["indicator"]] = item
    fields = {}
    for pk in typed:
        if pk in sent:
            item = sent[pk]
            parts = {part: _typed(item.get(part)) for part in ("value", "numerator", "denominator")}
            parts["note"] = item.get("note", "")
        elif pk in current:
            row = current[pk]
            parts = {"value": _typed(row.value), "numerator": _typed(row.numerator),
                     "denominator": _typed(row.denominator), "note": row.note}  # fmt: skip
        else:
            continue
        for part, value in parts.items():
            if value is not None:
                fields[indicator_rules.field_name(pk, part)] = value
    return fields


def report_detail(report: ProgressReport, *, by) -> ProgressReport:
    """The report with its timeline, its indicator values, its evidence files and what `by` may
    do with it now. Three queries (the lookup made the others)."""
    report.events_list = list(ReportEvent.objects.filter(report=report).select_related("actor"))
    report.evidence_list = list(
        Evidence.objects.filter(report=report, removed_at__isnull=True).select_related("uploaded_by")
    )
    report.indicator_values_list = list(
        IndicatorValue.objects.filter(report=report)
        .select_related("indicator", "verified_by")
        .order_by("indicator__code")
    )
    report.allowed_actions = sorted(review.allowed(report, by=by, names=DETAIL_ACTIONS))
    return report


Detail = serializers.ReportDetailSerializer
_ERRORS = {code: OpenApiResponse(serializers.ErrorSerializer) for code in (400, 403, 404, 409)}


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Reports you may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("A report, its timeline and evidence files")),
)
class ReportViewSet(ReadViewSet):
    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["id", "updated_at", "created_at"]
    ordering = ["id"]
    capabilities = {
        "create": (access.WRITE_REPORTS,),
        "partial_update": (access.WRITE_REPORTS,),
        "submit": (access.WRITE_REPORTS,),
        "sign_off": (access.SIGN_OFF_REPORTS,),
        "send_back": (access.SIGN_OFF_REPORTS,),
        "approve": (access.REVIEW_REPORTS,),
        "return_report": (access.REVIEW_REPORTS,),
        "*": (access.USE_API,),
    }

    def get_serializer_class(self):
        return serializers.ReportSerializer if self.action == "list" else Detail

    def visible(self, user):
        return reports_visible_to(user).select_related(
            "assignment", "period", "submitted_by", "signed_off_by", "reviewed_by"
        )

    def lookup(self, user, pk):
        return get_report_for_user(user, pk)

    def _answer(self, report, status=200):
        report = get_report_for_user(self.request.user, report.pk)
        return Response(Detail(report_detail(report, by=self.request.user)).data, status=status)

    def retrieve(self, request, *args, **kwargs):
        return Response(Detail(report_detail(self.get_object(), by=request.user)).data)

    # --- writing, as the report form does -----------------------------------------------

    def _save(self, *, assignment, period, report, data: dict):
        """The page's report form: ReportForm checks and cleans the fields and the indicator
        values, then save_draft or save_and_submit (programs/services) saves, and submits."""
        user = self.request.user
        indicators = indicator_rules.indicators_for(assignment)
        current = {row.indicator_id: row for row in report.indicator_values.all()} if report else {}
        fields = {name: data[name] for name in services.REPORT_FIELDS if name in data}
        fields |= indicator_form_data(indicators, current, data.get("indicator_values", []))

        def checked() -> ReportForm:
            form = ReportForm(data=fields, indicators=indicators, indicator_values=current)
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            return form

        try:
            form = checked()
        except ValidationError as error:  # checked again in each language, for the messages
            raise refused(error, explain=checked) from None
        record = report or ProgressReport(assignment=assignment, period=period)
        submitting = data.get("submit", False)
        service = services.save_and_submit if submitting else services.save_draft

        def explained():  # the refusal of the save, else of the submission
            explain(record, "save" if report else "create", by=user)()
            current = ProgressReport.objects.filter(assignment=assignment, period=period).first()
            if submitting and current is not None:
                explain(current, "submit", by=user)()

        saved = perform(
            lambda: service(
                assignment=assignment, period=period, by=user, data=form.report_data(), files=(),
                indicator_values=form.indicator_data(),
            ),
            explained=explained,
        )  # fmt: skip
        return self._answer(saved, status=201 if report is None else 200)

    @extend_schema(
        tags=[TAG],
        summary=_("Save a report (a draft), or save and submit it"),
        description=_(
            "Creates the agency's report of the assignment for the period, or saves it again when it exists "
            "(the page's «save draft»; with `submit`: «save and submit»). The same checks as the report form."
        ),
        request=serializers.ReportCreateSerializer,
        responses={201: Detail, 200: Detail, **_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        data = validated(serializers.ReportCreateSerializer, data=request.data)
        assignment = get_assignment_for_user(request.user, object_id(data["assignment"]))
        try:
            period = ReportingPeriod.objects.get(pk=object_id(data["period"]))
        except ReportingPeriod.DoesNotExist:
            raise Http404 from None
        report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
        if report is not None:
            current = {name: getattr(report, name) for name in services.REPORT_FIELDS}
            data = {**current, **data}
        return self._save(assignment=assignment, period=period, report=report, data=data)

    @extend_schema(
        tags=[TAG],
        summary=_("Change a draft or returned report (and optionally submit it)"),
        request=serializers.ReportWriteSerializer,
        responses={200: Detail, **_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(serializers.ReportWriteSerializer, data=request.data)
        current = {name: getattr(report, name) for name in services.REPORT_FIELDS}
        return self._save(assignment=report.assignment, period=report.period, report=report, data={**current, **data})

    # --- the life cycle's other actions -----------------------------------------------------

    def _act(self, name: str, service, **kwargs):
        user = self.request.user
        report = self.get_object()
        serializer = kwargs.pop("serializer", None)
        extra = validated(serializer, data=self.request.data) if serializer else {}
        saved = perform(lambda: service(report=report, by=user, **extra), explained=explain(report, name, by=user))
        return self._answer(saved)

    @extend_schema(tags=[TAG], summary=_("Submit a report"), request=None, responses={200: Detail, **_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act("submit", services.submit_report)

    @extend_schema(
        tags=[TAG],
        summary=_("Sign a report off (the liaison deputy)"),
        request=None,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, pk=None):
        return self._act("sign_off", services.sign_off_report)

    @extend_schema(
        tags=[TAG],
        summary=_("Send a report back to the staff (the liaison deputy), with the reason"),
        request=serializers.ReasonSerializer,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="send-back", url_name="send-back")
    def send_back(self, request, pk=None):
        return self._act("send_back", services.send_back_report, serializer=serializers.ReasonSerializer)

    @extend_schema(
        tags=[TAG],
        summary=_("Approve a report (the IT office), with an optional comment"),
        request=serializers.CommentSerializer,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act("approve", services.approve_report, serializer=serializers.CommentSerializer)

    @extend_schema(
        tags=[TAG],
        summary=_("Return a report to the agency (the IT office), with the reason"),
        request=serializers.ReasonSerializer,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        return self._act("return", services.return_report, serializer=serializers.ReasonSerializer)
