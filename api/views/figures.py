"""The dashboards' figures, for BI tools: the same selectors as the pages
(dashboards/selectors.py over programs/metrics.py; docs/definitions.md), cached under the
same data version (dashboards/cache.py), so a figure here is the figure on the page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from agencies.models import Agency
from agencies.selectors import get_agency_for_user
from api import serializers
from api.errors import ApiError, in_both, validated
from api.filters import MAX_ID
from api.views.base import ApiView, object_id
from dashboards import selectors
from dashboards.cache import EVERY_PROVINCE, cached, provinces_shown
from dashboards.selectors import SCOPE_ALL, SCOPE_IT_OFFICE, Filters
from programs.models import Program, ReportingPeriod
from programs.selectors import current_period
from reform_portal import access
from service_channels.models import Channel
from service_channels.selectors import channel_dashboard

TAG = "figures"
SORTS = ("score", "reporting", "on_time")
_ERRORS = {code: OpenApiResponse(serializers.ErrorSerializer) for code in (400, 403, 404)}


class FiguresQuery(drf.Serializer):
    period = drf.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("A reporting period's id; default: the current one.")
    )
    scope = drf.ChoiceField(
        choices=[SCOPE_ALL, SCOPE_IT_OFFICE],
        default=SCOPE_ALL,
        help_text=_("it_office: the IT office's programs only."),
    )
    group = drf.ChoiceField(choices=Agency.Group.choices, required=False)
    county = drf.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    province = drf.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text=_("National viewers."))
    sort = drf.ChoiceField(choices=SORTS, default="score", help_text=_("How agencies (provinces) are ranked."))
    heatmap = drf.BooleanField(default=False, help_text=_("Include each agency's cells (latest approved percents)."))


def _field_error(field: str, message) -> ApiError:
    return ApiError(
        status_code=400,
        code="invalid",
        message=_("The request was not accepted; the fields named in “errors” say why."),
        errors={field: [{"code": "invalid_choice", "message": in_both(message)}]},
    )


def read_filters(request, query: dict, choices: dict) -> Filters:
    """The filters of the query, checked against what the user may choose (as the pages'
    filters, which fall back to the defaults instead: an API says what was wrong)."""
    user = request.user
    period = choices["current"]
    if "period" in query:
        period = next((p for p in choices["periods"] if p.pk == query["period"]), None)
        if period is None:
            raise _field_error("period", _("There is no reporting period with this id."))
    province_id = query.get("province")
    if province_id is not None:
        if access.sees_nation(user):
            if province_id not in {province.pk for province in choices["provinces"]}:
                raise _field_error("province", _("Choose a province you may see."))
        elif province_id == access.user_province_id(user):
            province_id = None  # their own province is all they see anyway
        else:
            raise _field_error("province", _("Choose a province you may see."))
    county_id = query.get("county")
    if county_id is not None and county_id not in {county.pk for county in choices["counties"]}:
        raise _field_error("county", _("Choose a county you may see."))
    return Filters(
        period=period,
        scope=query["scope"],
        group=query.get("group", ""),
        county_id=county_id,
        province_id=province_id,
    )


def _ranked(rows, key: str):
    return [{key: getattr(row, key), "figures": row.figures, "rank": rank, "cells": getattr(row, "cells", [])}
            for rank, row in enumerate(rows, start=1)]  # fmt: skip


class FiguresView(ApiView):
    capabilities = {"*": (access.SEE_DASHBOARDS,)}

    def query(self, request) -> tuple[dict, dict, Filters]:
        query = validated(FiguresQuery, data=request.query_params)
        user = request.user
        choices = cached(request, ("choices",), lambda: selectors.filter_choices(user), provinces=provinces_shown(user))
        return query, choices, read_filters(request, query, choices)

    @staticmethod
    def key(filters: Filters, *parts) -> tuple:
        return ("api", *parts, tuple(sorted(filters.query_params().items())))


class ProvinceFiguresView(FiguresView):
    @extend_schema(
        tags=[TAG],
        summary=_("The province dashboard's figures"),
        description=_(
            "Headline figures, programs, agencies ranked and the trend of the chosen period (default: the current "
            "one) — the figures of the dashboard page and its exports. A national viewer without `province` gets "
            "every province's agencies together."
        ),
        parameters=[FiguresQuery],
        responses={200: serializers.ProvinceFiguresSerializer, **_ERRORS},
    )
    def get(self, request):
        query, choices, filters = self.query(request)
        user = request.user

        def build():
            data = selectors.province_dashboard(user, filters, periods=choices["periods"], sort=query["sort"])
            agencies = _ranked(data.agencies, "agency")
            if not query["heatmap"]:
                for row in agencies:
                    row["cells"] = []
            return serializers.ProvinceFiguresSerializer(
                {
                    "as_of": timezone.now(),
                    "period": filters.period,
                    "filters": filters,
                    "headline": data.headline,
                    "programs": data.programs,
                    "agencies": agencies,
                    "trend": data.trend,
                }  # fmt: skip
            ).data

        key = self.key(filters, "province", query["sort"], query["heatmap"])
        return Response(cached(request, key, build, provinces=provinces_shown(user, filters.province_id)))


class NationalFiguresView(FiguresView):
    @extend_schema(
        tags=[TAG],
        summary=_("Every province side by side (national viewers)"),
        parameters=[FiguresQuery],
        responses={200: serializers.NationalFiguresSerializer, **_ERRORS},
    )
    def get(self, request):
        if not access.sees_nation(request.user):
            raise Http404
        query, choices, filters = self.query(request)
        user = request.user

        def build():
            data = selectors.national_overview(user, filters, periods=choices["periods"], sort=query["sort"])
            return serializers.NationalFiguresSerializer(
                {
                    "as_of": timezone.now(),
                    "period": data.filters.period,
                    "filters": data.filters,
                    "headline": data.headline,
                    "programs": data.programs,
                    "provinces": _ranked(data.provinces, "province"),
                }  # fmt: skip
            ).data

        return Response(cached(request, self.key(filters, "national", query["sort"]), build, provinces=EVERY_PROVINCE))


class ProgramFiguresView(FiguresView):
    @extend_schema(
        tags=[TAG],
        summary=_("One program's figures, per agency, and its trend"),
        parameters=[FiguresQuery],
        responses={200: serializers.ProgramDrilldownSerializer, **_ERRORS},
    )
    def get(self, request, pk):
        program = get_object_or_404(Program.objects.select_related("owner", "edition"), pk=object_id(pk))
        query, choices, filters = self.query(request)
        user = request.user

        def build():
            data = selectors.program_drilldown(user, program, filters, periods=choices["periods"])
            return serializers.ProgramDrilldownSerializer(
                {
                    "as_of": timezone.now(),
                    "program": program,
                    "period": filters.period,
                    "figures": data.figures,
                    "agencies": _ranked(data.agencies, "agency"),
                    "trend": data.trend,
                }  # fmt: skip
            ).data

        key = self.key(filters, "program", program.pk)
        return Response(cached(request, key, build, provinces=provinces_shown(user, filters.province_id)))


class AgencyFiguresView(FiguresView):
    #: as the agency's dashboard page: its own staff and deputy, and the reviewers
    capabilities = {"*": (access.SEE_DASHBOARDS, access.SEE_AGENCY)}

    @extend_schema(
        tags=[TAG],
        summary=_("One agency's figures, its assignments' latest approved percents, and its trend"),
        parameters=[FiguresQuery],
        responses={200: serializers.AgencyDrilldownSerializer, **_ERRORS},
    )
    def get(self, request, pk):
        agency = get_agency_for_user(request.user, object_id(pk))
        query, choices, filters = self.query(request)
        user = request.user

        def build():
            data = selectors.agency_drilldown(user, agency, filters, periods=choices["periods"])
            return serializers.AgencyDrilldownSerializer(
                {
                    "as_of": timezone.now(),
                    "agency": agency,
                    "period": filters.period,
                    "figures": data.figures,
                    "assignments": data.assignments,
                    "trend": data.trend,
                }  # fmt: skip
            ).data

        key = self.key(filters, "agency", agency.pk)
        return Response(cached(request, key, build, provinces=(agency.province_id,)))


class ChannelsQuery(drf.Serializer):
    period = drf.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class ChannelFiguresView(ApiView):
    capabilities = {"*": (access.SEE_DASHBOARDS,)}

    @extend_schema(
        tags=[TAG],
        summary=_("The service channels' dashboard (docs/channels.md)"),
        parameters=[ChannelsQuery],
        responses={200: serializers.ChannelFiguresSerializer, **_ERRORS},
    )
    def get(self, request):
        query = validated(ChannelsQuery, data=request.query_params)
        period = current_period()
        if "period" in query:
            period = ReportingPeriod.objects.filter(pk=query["period"]).first()
            if period is None:
                raise _field_error("period", _("There is no reporting period with this id."))
        data = channel_dashboard(request.user, period)
        totals = [  # by_channel holds one row per channel, in Channel's order (or none without a period)
            {"channel": code, "transactions": total, "share": share}
            for code, (_label, total, share) in zip(Channel.values, data.by_channel, strict=False)
        ]
        return Response(
            serializers.ChannelFiguresSerializer(
                {
                    "as_of": timezone.now(),
                    "period": data.period,
                    "services": data.services,
                    "transactions": data.transactions,
                    "agencies_approved": data.agencies_approved,
                    "by_channel": totals,
                    "agencies": data.agencies,
                    "trend": data.trend,
                }  # fmt: skip
            ).data
        )
