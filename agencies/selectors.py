"""Queries about agencies that pages share, and permission-checked lookups."""

from django.db.models import QuerySet
from django.http import Http404

from agencies.models import Agency, LiaisonDeputy, User


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    """Agency staff see their own agency; reviewers their province; admins all."""
    agencies = Agency.objects.select_related("province", "county")
    if user.is_superuser or (user.is_staff and not user.role):
        return agencies
    if user.is_agency_staff:
        return agencies.filter(pk=user.agency_id)
    if user.is_reviewer:
        if user.agency_id is None:
            return agencies
        return agencies.filter(province_id=user.agency.province_id)
    return agencies.none()


def get_agency_for_user(user: User, pk: int) -> Agency:
    """Another agency's page is a 404, exactly like a missing one."""
    try:
        return agencies_visible_to(user).get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None


def current_deputy(agency: Agency) -> LiaisonDeputy | None:
    return agency.deputies.filter(state=LiaisonDeputy.State.CONFIRMED).first()
