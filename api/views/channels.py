"""Service catalogues and transaction counts: read as on the channel pages; counts saved,
submitted, approved and returned through service_channels/services, with the checks of the
counts form (only the cells of the period's sheet; at least one count for new counts)."""

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from api import serializers
from api.actions import explain, perform
from api.errors import refused, validated
from api.filters import DateTimeFilter, IdFilter
from api.views.base import ReadViewSet, object_id
from programs.models import ReportingPeriod
from reform_portal import access, review
from service_channels import services
from service_channels.forms import CountsForm
from service_channels.models import ChannelReport, ChannelReportEvent, Service, TransactionCount
from service_channels.selectors import (
    channel_reports_visible_to,
    count_sheet,
    get_channel_report_for_user,
    get_service_for_user,
    services_visible_to,
)

Detail = serializers.ChannelReportDetailSerializer
_ERRORS = {code: OpenApiResponse(serializers.ErrorSerializer) for code in (400, 403, 404, 409)}
COUNT_ACTIONS = ("save", "submit", "approve", "return")


class ServiceFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    is_active = django_filters.BooleanFilter()
    program = IdFilter(field_name="programs")

    class Meta:
        model = Service
        fields = ["agency", "is_active", "program"]


@extend_schema_view(
    list=extend_schema(tags=["channels"], summary=_("Services (and their channels) you may see")),
    retrieve=extend_schema(tags=["channels"], summary=_("A service and its channels")),
)
class ServiceViewSet(ReadViewSet):
    serializer_class = serializers.ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["id", "code"]
    ordering = ["id"]

    def visible(self, user):
        return services_visible_to(user).prefetch_related("channels", "programs").distinct()

    def lookup(self, user, pk):
        get_service_for_user(user, pk)
        return Service.objects.prefetch_related("channels", "programs").get(pk=pk)


class ChannelReportFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    agency = IdFilter(field_name="agency_id")
    province = IdFilter(field_name="agency__province_id")
    state = django_filters.MultipleChoiceFilter(choices=ChannelReport.State.choices)
    updated_since = DateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = ChannelReport
        fields = ["period", "agency", "province", "state"]


def counts_detail(report: ChannelReport, *, by) -> ChannelReport:
    report.counts_list = list(
        TransactionCount.objects.filter(report=report).select_related("service_channel").order_by("service_channel")
    )
    report.events_list = list(ChannelReportEvent.objects.filter(report=report).select_related("actor"))
    report.allowed_actions = sorted(review.allowed(report, by=by, names=COUNT_ACTIONS))
    return report


@extend_schema_view(
    list=extend_schema(tags=["channels"], summary=_("Transaction counts you may see")),
    retrieve=extend_schema(tags=["channels"], summary=_("An agency's transaction counts for a period")),
)
class ChannelReportViewSet(ReadViewSet):
    serializer_class = serializers.ChannelReportSerializer
    filterset_class = ChannelReportFilter
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]
    capabilities = {
        "create": (access.WRITE_REPORTS,),
        "submit": (access.WRITE_REPORTS,),
        "approve": (access.REVIEW_REPORTS,),
        "return_counts": (access.REVIEW_REPORTS,),
        "*": (access.USE_API,),
    }

    def get_serializer_class(self):
        return serializers.ChannelReportSerializer if self.action == "list" else Detail

    def visible(self, user):
        return channel_reports_visible_to(user)

    def lookup(self, user, pk):
        return get_channel_report_for_user(user, pk)

    def _answer(self, report, status=200):
        report = get_channel_report_for_user(self.request.user, report.pk)
        return Response(Detail(counts_detail(report, by=self.request.user)).data, status=status)

    def retrieve(self, request, *args, **kwargs):
        return Response(Detail(counts_detail(self.get_object(), by=request.user)).data)

    @extend_schema(
        tags=["channels"],
        summary=_("Save the agency's counts for a period (a draft), or save and submit them"),
        description=_("As the counts form: one row per service channel of the period's sheet; null: not reported."),
        request=serializers.CountsWriteSerializer,
        responses={201: Detail, 200: Detail, **_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        user = request.user
        data = validated(serializers.CountsWriteSerializer, data=request.data)
        try:
            period = ReportingPeriod.objects.get(pk=object_id(data["period"]))
        except ReportingPeriod.DoesNotExist:
            raise Http404 from None
        agency = user.agency
        report = ChannelReport.objects.filter(agency=agency, period=period).select_related("agency__province").first()
        record = report or ChannelReport(agency=agency, period=period)
        record.agency = agency
        checked = explain(record, "save" if report else "create", by=user)
        perform(checked, explained=checked)  # the page's refusal first: the period, the state
        sent = {row["service_channel"]: row["count"] for row in data["counts"]}
        sheet = count_sheet(agency, period, report)
        cells = [cell for row in sheet for cell in row.cells if cell]
        if set(sent) - {cell.service_channel.pk for cell in cells}:
            raise refused(
                ValidationError(
                    {
                        "counts": ValidationError(
                            _("Counts were sent for a service channel that is not on this period's sheet."),
                            code="not_on_sheet",
                        )
                    }
                )
            )
        # the page's form, with the counts not sent kept as they are
        fields = {}
        for cell in cells:
            count = sent.get(cell.service_channel.pk, cell.count)
            if count is not None:
                fields[CountsForm.field_name(cell.service_channel.pk)] = str(count)
        form = CountsForm(fields, sheet=sheet, new=report is None)
        if not form.is_valid():
            errors = form.errors.as_data()
            errors["counts"] = errors.pop(NON_FIELD_ERRORS, [])
            raise refused(ValidationError({key: value for key, value in errors.items() if value}))
        counts = {pk: count for pk, count in form.counts().items() if pk in sent}
        service = services.save_and_submit_counts if data["submit"] else services.save_counts

        def explained():
            checked()
            current = ChannelReport.objects.filter(agency=agency, period=period).first()
            if data["submit"] and current is not None:
                explain(current, "submit", by=user)()

        saved = perform(lambda: service(agency=agency, period=period, by=user, counts=counts), explained=explained)
        return self._answer(saved, status=201 if report is None else 200)

    def _act(self, name: str, service, serializer=None):
        user = self.request.user
        report = self.get_object()
        extra = validated(serializer, data=self.request.data) if serializer else {}
        saved = perform(lambda: service(report=report, by=user, **extra), explained=explain(report, name, by=user))
        return self._answer(saved)

    @extend_schema(tags=["channels"], summary=_("Submit counts"), request=None, responses={200: Detail, **_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act("submit", services.submit_counts)

    @extend_schema(
        tags=["channels"],
        summary=_("Approve counts (the IT office)"),
        request=serializers.CommentSerializer,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act("approve", services.approve_counts, serializers.CommentSerializer)

    @extend_schema(
        tags=["channels"],
        summary=_("Return counts to the agency (the IT office), with the reason"),
        request=serializers.ReasonSerializer,
        responses={200: Detail, **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_counts(self, request, pk=None):
        return self._act("return", services.return_counts, serializers.ReasonSerializer)
