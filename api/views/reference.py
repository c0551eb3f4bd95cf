"""Provinces, agencies, programs, reporting periods and assignments: what the user may see
of them, as on the pages (reform_portal/access.py)."""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from agencies.models import Agency, Province
from agencies.selectors import get_agency_for_user, provinces_visible_to
from api import serializers
from api.filters import DateFilter, IdFilter, YearFilter
from api.views.base import ReadViewSet
from programs.models import Assignment, Program, ReportingPeriod
from programs.selectors import assignments_visible_to, programs_visible_to
from reform_portal.access import agencies_visible_to

LIST, DETAIL = "list", "retrieve"


def _docs(tag: str, listing: str, detail: str):
    return extend_schema_view(
        list=extend_schema(tags=[tag], summary=listing), retrieve=extend_schema(tags=[tag], summary=detail)
    )


# --- provinces -------------------------------------------------------------------------------


class ProvinceFilter(django_filters.FilterSet):
    code = django_filters.CharFilter()

    class Meta:
        model = Province
        fields = ["code"]


@_docs("reference", _("Provinces you may see"), _("A province"))
class ProvinceViewSet(ReadViewSet):
    serializer_class = serializers.ProvinceSerializer
    filterset_class = ProvinceFilter
    ordering_fields = ["id", "code", "name_fa"]
    ordering = ["id"]

    def visible(self, user):
        return provinces_visible_to(user)

    def lookup(self, user, pk):
        try:
            return provinces_visible_to(user).get(pk=pk)
        except Province.DoesNotExist:
            raise Http404 from None


# --- agencies -------------------------------------------------------------------------------


class AgencyFilter(django_filters.FilterSet):
    province = IdFilter(field_name="province_id")
    county = IdFilter(field_name="county_id")
    kind = django_filters.ChoiceFilter(choices=Agency.Kind.choices)
    group = django_filters.ChoiceFilter(choices=Agency.Group.choices)
    is_active = django_filters.BooleanFilter()
    code = django_filters.CharFilter()

    class Meta:
        model = Agency
        fields = ["province", "county", "kind", "group", "is_active", "code"]


@_docs("reference", _("Agencies you may see"), _("An agency"))
class AgencyViewSet(ReadViewSet):
    serializer_class = serializers.AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["id", "code", "name_fa"]
    ordering = ["id"]

    def visible(self, user):
        return agencies_visible_to(user)

    def lookup(self, user, pk):
        return get_agency_for_user(user, pk)


# --- programs -----------------------------------------------------------------------------


class ProgramFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(field_name="edition__code")
    current_edition = django_filters.BooleanFilter(field_name="edition__is_current")
    axis = django_filters.ChoiceFilter(choices=Program.Axis.choices)
    owner = IdFilter(field_name="owner_id")
    it_office = django_filters.BooleanFilter(method="filter_it_office", label=_("Only the IT office's programs"))

    class Meta:
        model = Program
        fields = ["edition", "current_edition", "axis", "owner", "it_office"]

    def filter_it_office(self, queryset, name, value):
        if value is None:
            return queryset
        condition = {"owner__kind": Agency.Kind.IT_OFFICE}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


@_docs("reference", _("Programs"), _("A program"))
class ProgramViewSet(ReadViewSet):
    serializer_class = serializers.ProgramSerializer
    filterset_class = ProgramFilter
    ordering_fields = ["id", "number"]
    ordering = ["id"]

    def visible(self, user):
        return programs_visible_to(user)

    def lookup(self, user, pk):
        try:
            return programs_visible_to(user).get(pk=pk)
        except Program.DoesNotExist:
            raise Http404 from None


# --- periods ---------------------------------------------------------------------------------


class PeriodFilter(django_filters.FilterSet):
    fiscal_year = YearFilter()
    kind = django_filters.ChoiceFilter(choices=ReportingPeriod.Kind.choices)
    open_on = DateFilter(method="filter_open_on", label=_("Periods open on this day (Jalali or ISO)."))
    due_after = DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due on or after (Jalali or ISO)."))
    due_before = DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due on or before (Jalali or ISO)."))
    is_open = django_filters.BooleanFilter(method="filter_is_open", label=_("Open today."))

    class Meta:
        model = ReportingPeriod
        fields = ["fiscal_year", "kind"]

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(opens_on__lte=value, closes_on__gte=value) if value else queryset

    def filter_is_open(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            self.filter_open_on(queryset, name, timezone.localdate())
            if value
            else queryset.exclude(opens_on__lte=timezone.localdate(), closes_on__gte=timezone.localdate())
        )


@_docs("reference", _("Reporting periods"), _("A reporting period"))
class PeriodViewSet(ReadViewSet):
    serializer_class = serializers.PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["id", "opens_on", "due_on"]
    ordering = ["id"]

    def visible(self, user):
        return ReportingPeriod.objects.all()

    def lookup(self, user, pk):
        try:
            return ReportingPeriod.objects.get(pk=pk)
        except ReportingPeriod.DoesNotExist:
            raise Http404 from None


# --- assignments -------------------------------------------------------------------------------


class AssignmentFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id")
    agency = IdFilter(field_name="agency_id")
    province = IdFilter(field_name="agency__province_id")
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Assignment
        fields = ["program", "agency", "province", "is_active"]


@_docs("reference", _("Assignments (program × agency) you may see"), _("An assignment"))
class AssignmentViewSet(ReadViewSet):
    serializer_class = serializers.AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["id"]
    ordering = ["id"]

    def visible(self, user):
        return assignments_visible_to(user)

    def lookup(self, user, pk):
        try:
            return assignments_visible_to(user).get(pk=pk)
        except Assignment.DoesNotExist:
            raise Http404 from None
