"""Queries about agencies that pages share, and permission-checked lookups."""

from django.db.models import Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from agencies.models import Agency, DeputyEvent, LiaisonDeputy, Province, User
from reform_portal.access import agencies_visible_to
from reform_portal.notifications import Recipient


def get_agency_for_user(user: User, pk: int) -> Agency:
    """Another agency's page is a 404, exactly like a missing one."""
    try:
        return agencies_visible_to(user).get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None


def recipients_by_agency(agency_ids, *, with_deputy: bool = True) -> dict[int, list[Recipient]]:
    """Who an agency's emails go to: its confirmed liaison deputy (in Persian) and its
    active users, staff and the deputy's account (each in their own language). Two queries for any number of
    agencies; agencies without anyone are left out."""
    agency_ids = list(agency_ids)
    recipients: dict[int, list[Recipient]] = {}
    if with_deputy:
        for deputy in LiaisonDeputy.objects.filter(agency_id__in=agency_ids, state=LiaisonDeputy.State.CONFIRMED):
            recipients.setdefault(deputy.agency_id, []).append(
                Recipient(email=deputy.email, language="fa", name=deputy.full_name)
            )
    staff = User.objects.filter(
        agency_id__in=agency_ids, role__in=[User.Role.AGENCY_STAFF, User.Role.LIAISON_DEPUTY], is_active=True
    )
    for user in staff.order_by("pk"):
        recipients.setdefault(user.agency_id, []).append(Recipient.for_user(user))
    return recipients


def review_recipients(province_id: int) -> list[Recipient]:
    """The IT office reviewers who review a province's reports: the province's own and
    the national ones (without an agency), each in their own language."""
    reviewers = User.objects.filter(role=User.Role.IT_OFFICE_REVIEWER, is_active=True).filter(
        Q(agency__isnull=True) | Q(agency__province_id=province_id)
    )
    return [Recipient.for_user(user) for user in reviewers.order_by("pk")]


def _signing_deputies(agency_id: int):
    return User.objects.filter(
        role=User.Role.LIAISON_DEPUTY, is_active=True, agency_id=agency_id,
        deputy_registrations__state=LiaisonDeputy.State.CONFIRMED,
    )  # fmt: skip


def has_signing_deputy(agency_id: int) -> bool:
    """The agency has a confirmed liaison deputy with a portal account, who can sign off."""
    return _signing_deputies(agency_id).exists()


def signing_deputy_recipients(agency_id: int) -> list[Recipient]:
    return [Recipient.for_user(user) for user in _signing_deputies(agency_id).distinct().order_by("pk")]


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


def provinces_visible_to(user: User) -> QuerySet[Province]:
    """Every province for national viewers, else the province(s) of the agencies the user sees."""
    return Province.objects.filter(pk__in=agencies_visible_to(user).values("province_id"))
