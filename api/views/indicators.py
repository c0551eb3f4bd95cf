"""The results framework's indicators: what each program measures, how it is scored, and for
whom; their values are read and written with the reports (api/views/reports.py)."""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from api import serializers
from api.filters import IdFilter
from api.views.base import ReadViewSet
from programs.indicators import applies_to
from programs.models import Assignment, Indicator
from programs.selectors import assignments_visible_to, indicators_visible_to


class IndicatorFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id")
    agency = IdFilter(field_name="agency_id")
    set = django_filters.ChoiceFilter(field_name="indicator_set", choices=Indicator.Set.choices)
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices)
    source = django_filters.ChoiceFilter(choices=Indicator.Source.choices)
    is_active = django_filters.BooleanFilter()
    code = django_filters.CharFilter()
    assignment = IdFilter(
        method="filter_assignment", label=_("Only the indicators a report of this assignment carries.")
    )

    class Meta:
        model = Indicator
        fields = ["program", "agency", "set", "kind", "source", "is_active", "code"]

    def filter_assignment(self, queryset, name, value):
        if value is None:
            return queryset
        try:
            assignment = assignments_visible_to(self.request.user).select_related("agency").get(pk=value)
        except Assignment.DoesNotExist:
            raise Http404 from None
        return queryset.filter(applies_to(assignment.agency), program_id=assignment.program_id, is_active=True)


@extend_schema_view(
    list=extend_schema(tags=["reference"], summary=_("Indicators you may see")),
    retrieve=extend_schema(tags=["reference"], summary=_("An indicator")),
)
class IndicatorViewSet(ReadViewSet):
    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["id", "code"]
    ordering = ["id"]

    def visible(self, user):
        return indicators_visible_to(user)

    def lookup(self, user, pk):
        try:
            return indicators_visible_to(user).get(pk=pk)
        except Indicator.DoesNotExist:
            raise Http404 from None
