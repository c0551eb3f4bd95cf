"""Liaison deputy registrations, with their personal fields (national code, mobile, email,
office phone): for those who see them on the pages, the agency's own staff and the
reviewers of its province. Others get 403, as on the deputy pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from agencies.models import LiaisonDeputy
from agencies.selectors import get_deputy_for_user
from api import serializers
from api.filters import IdFilter
from api.views.base import ReadViewSet
from reform_portal import access
from reform_portal.access import agencies_visible_to


class DeputyFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    province = IdFilter(field_name="agency__province_id")
    state = django_filters.MultipleChoiceFilter(choices=LiaisonDeputy.State.choices)

    class Meta:
        model = LiaisonDeputy
        fields = ["agency", "province", "state"]


@extend_schema_view(
    list=extend_schema(tags=["deputies"], summary=_("Liaison deputy registrations you may see")),
    retrieve=extend_schema(tags=["deputies"], summary=_("A liaison deputy registration")),
)
class DeputyViewSet(ReadViewSet):
    serializer_class = serializers.DeputySerializer
    filterset_class = DeputyFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["id"]
    #: the deputy pages': the agency's staff (agencies:deputy) and reviewers (agencies:deputy_review)
    capabilities = {"*": (access.REGISTER_DEPUTY, access.SEE_PROVINCE)}

    def visible(self, user):
        return LiaisonDeputy.objects.filter(agency__in=agencies_visible_to(user))

    def lookup(self, user, pk):
        return get_deputy_for_user(user, pk)
