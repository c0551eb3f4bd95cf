"""Circulars and their acknowledgements: read as on the circular pages, and acknowledged
through circulars/services (as the «acknowledge receipt» button does)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from api import serializers
from api.actions import perform
from api.filters import DateFilter, IdFilter
from api.views.base import ReadViewSet
from circulars import selectors, services
from circulars.models import Circular, CircularTarget
from reform_portal import access
from reform_portal.persian import search_key

TAG = "circulars"


class CircularFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Circular.State.choices)
    province = IdFilter(field_name="province_id")
    date_from = DateFilter(field_name="date", lookup_expr="gte")
    date_to = DateFilter(field_name="date", lookup_expr="lte")
    program = IdFilter(field_name="programs")
    q = django_filters.CharFilter(method="search", max_length=200, label=_("Search subject, number and body"))

    class Meta:
        model = Circular
        fields = ["state", "province", "date_from", "date_to", "program", "q"]

    def search(self, queryset, name, value):
        """As the archive's search: letter variants, the ZWNJ, spaces and diacritics ignored."""
        key = search_key(value)
        return queryset.filter(search_text__contains=key) if key else queryset


class AcknowledgementFilter(django_filters.FilterSet):
    """(No model: it filters a circular's targets, not the circulars the view lists.)"""

    acknowledged = django_filters.BooleanFilter(field_name="acknowledged_at", lookup_expr="isnull", exclude=True)


def _agency_reader(user) -> bool:
    return not access.has(user, access.SEE_PROVINCE)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Circulars you may read")),
    retrieve=extend_schema(tags=[TAG], summary=_("A circular, its attachments and your agency's acknowledgement")),
)
class CircularViewSet(ReadViewSet):
    serializer_class = serializers.CircularSerializer
    filterset_class = CircularFilter
    ordering_fields = ["id", "date"]
    ordering = ["id"]
    capabilities = {
        "acknowledge": (access.ACKNOWLEDGE_CIRCULARS,),
        "acknowledgements": (access.SEE_PROVINCE,),
        "*": (access.READ_CIRCULARS,),
    }

    def get_serializer_class(self):
        return serializers.CircularSerializer if self.action == "list" else serializers.CircularDetailSerializer

    def visible(self, user):
        return selectors.circulars_visible_to(user).distinct()

    def lookup(self, user, pk):
        return selectors.get_circular_for_user(user, pk)

    def _detail(self, circular):
        user = self.request.user
        circular = Circular.objects.prefetch_related("attachments", "programs").get(pk=circular.pk)
        circular.acknowledgement = None
        if _agency_reader(user):
            circular.acknowledgement = (
                CircularTarget.objects.filter(circular=circular, agency_id=user.agency_id)
                .select_related("acknowledged_by")
                .first()
            )
        return Response(serializers.CircularDetailSerializer(circular).data)

    def retrieve(self, request, *args, **kwargs):
        """Unlike the page, reading through the API does not mark the circular read."""
        return self._detail(self.get_object())

    @extend_schema(
        tags=[TAG],
        summary=_("Acknowledge receipt for your agency"),
        request=None,
        responses={
            200: serializers.CircularDetailSerializer,
            **{code: OpenApiResponse(serializers.ErrorSerializer) for code in (403, 404, 409)},
        },
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        circular = self.get_object()

        def run():
            return services.acknowledge_circular(circular=circular, by=request.user)

        # An acknowledgement is never undone, so the refusal ("already acknowledged, by …, on
        # …") is final: taking the action again changes nothing and raises it in each language.
        perform(run, explained=run)
        return self._detail(circular)

    @extend_schema(
        tags=[TAG],
        summary=_("The target agencies and their acknowledgements (reviewers)"),
        responses={200: serializers.AcknowledgementSerializer(many=True)},
    )
    @action(
        detail=True, methods=["get"], filterset_class=AcknowledgementFilter, ordering_fields=["id", "acknowledged_at"],
        ordering=["id"], serializer_class=serializers.AcknowledgementSerializer,
    )  # fmt: skip
    def acknowledgements(self, request, pk=None):
        """A published circular's target agencies (as acknowledgement_status lists them), the
        ones that acknowledged with who and when; a draft has none."""
        circular = self.get_object()
        targets = CircularTarget.objects.filter(circular=circular).select_related("agency", "acknowledged_by")
        page = self.paginate_queryset(self.filter_queryset(targets))
        return self.get_paginated_response(serializers.AcknowledgementSerializer(page, many=True).data)
