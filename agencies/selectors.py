"""Queries about agencies that pages share, and permission-checked lookups."""

from django.db.models import Case, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import Http404

from agencies.models import Agency, DeputyEvent, LiaisonDeputy, User
from reform_portal.notifications import Recipient


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    """Agency staff see their own agency; reviewers their province (a reviewer without
    an agency: every province); superusers all. Staff without a portal role (data entry)
    work in the admin site on base data and see no agency's reports here."""
    agencies = Agency.objects.select_related("province", "county")
    if user.is_superuser:
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


def recipients_by_agency(agency_ids, *, with_deputy: bool = True) -> dict[int, list[Recipient]]:
    """Who an agency's emails go to: its confirmed liaison deputy (in Persian) and its
    active agency-staff users (each in their own language). Two queries for any number of
    agencies; agencies without anyone are left out."""
    agency_ids = list(agency_ids)
    recipients: dict[int, list[Recipient]] = {}
    if with_deputy:
        for deputy in LiaisonDeputy.objects.filter(agency_id__in=agency_ids, state=LiaisonDeputy.State.CONFIRMED):
            recipients.setdefault(deputy.agency_id, []).append(
                Recipient(email=deputy.email, language="fa", name=deputy.full_name)
            )
    staff = User.objects.filter(agency_id__in=agency_ids, role=User.Role.AGENCY_STAFF, is_active=True)
    for user in staff.order_by("pk"):
        recipients.setdefault(user.agency_id, []).append(Recipient.for_user(user))
    return recipients


def current_deputy(agency: Agency) -> LiaisonDeputy | None:
    return agency.deputies.filter(state=LiaisonDeputy.State.CONFIRMED).first()


DEPUTY_STATES = ("none", "awaiting_governorate", "awaiting_it_office", "confirmed")


def agencies_by_deputy_state(user: User) -> list[Agency]:
    """Executive agencies the reviewer sees, each annotated with `deputy_state` (one of
    DEPUTY_STATES: a registration under review comes first), `pending_id`,
    `pending_name`, `confirmed_name`. One query."""
    pending = LiaisonDeputy.objects.filter(agency=OuterRef("pk"), state__in=LiaisonDeputy.PENDING_STATES).order_by(
        "-created_at"
    )
    confirmed = LiaisonDeputy.objects.filter(agency=OuterRef("pk"), state=LiaisonDeputy.State.CONFIRMED)
    return list(
        agencies_visible_to(user)
        .filter(kind=Agency.Kind.EXECUTIVE, is_active=True)
        .annotate(
            pending_id=Subquery(pending.values("pk")[:1]),
            pending_state=Subquery(pending.values("state")[:1]),
            pending_name=Subquery(pending.values("full_name")[:1]),
            confirmed_id=Subquery(confirmed.values("pk")[:1]),
            confirmed_name=Subquery(confirmed.values("full_name")[:1]),
        )
        .annotate(
            deputy_state=Case(
                When(pending_state__isnull=False, then=F("pending_state")),
                When(confirmed_id__isnull=False, then=Value("confirmed")),
                default=Value("none"),
            )
        )
        .order_by("name_fa")
    )


def agency_deputy_history(agency: Agency) -> list[LiaisonDeputy]:
    """Every registration of the agency, newest first, with its events. Two queries."""
    return list(
        LiaisonDeputy.objects.filter(agency=agency)
        .select_related("submitted_by", "governorate_reviewed_by", "it_office_reviewed_by")
        .prefetch_related(Prefetch("events", queryset=DeputyEvent.objects.select_related("actor")))
        .order_by("-created_at", "-pk")
    )


def get_deputy_for_user(user: User, pk: int) -> LiaisonDeputy:
    """A deputy registration of an agency the user may see; otherwise a 404."""
    try:
        return (
            LiaisonDeputy.objects.filter(agency__in=agencies_visible_to(user))
            .select_related("agency", "submitted_by", "governorate_reviewed_by", "it_office_reviewed_by")
            .get(pk=pk)
        )
    except LiaisonDeputy.DoesNotExist:
        raise Http404 from None
