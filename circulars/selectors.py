"""Queries the circular pages share; each runs a fixed number of SQL queries."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from agencies.models import Agency, LiaisonDeputy, User
from circulars.models import Circular, CircularRead, CircularReminder, CircularTarget
from reform_portal import access
from reform_portal.access import agencies_visible_to
from reform_portal.persian import search_key


def circulars_visible_to(user: User) -> QuerySet[Circular]:
    """Agency staff (and their deputy): published circulars addressed to their agency. IT
    office reviewers: their province's, drafts included; governorate reviewers: their
    province's published ones. National reviewers and administrators: every province's."""
    circulars = Circular.objects.all()
    if not access.has(user, access.READ_CIRCULARS):
        return circulars.none()
    if not access.has(user, access.SEE_PROVINCE):
        return circulars.filter(
            state=Circular.State.PUBLISHED,
            pk__in=CircularTarget.objects.filter(agency_id=user.agency_id).values("circular_id"),
        )
    if not access.sees_nation(user):
        circulars = circulars.filter(province_id=access.user_province_id(user))
    if not access.has(user, access.PUBLISH_CIRCULARS):
        circulars = circulars.filter(state=Circular.State.PUBLISHED)
    return circulars


def circulars_managed_by(user: User) -> QuerySet[Circular]:
    """What the user may edit, publish and remind about: the IT office, their province's circulars."""
    if not access.has(user, access.PUBLISH_CIRCULARS):
        return Circular.objects.none()
    return circulars_visible_to(user)


def get_circular_for_user(user: User, pk: int, *, manage: bool = False) -> Circular:
    """Another agency's or another province's circular is a 404, exactly like a missing one."""
    circulars = circulars_managed_by(user) if manage else circulars_visible_to(user)
    try:
        return circulars.select_related("created_by", "published_by").get(pk=pk)
    except Circular.DoesNotExist:
        raise Http404 from None


def _search(circulars: QuerySet[Circular], query: str) -> QuerySet[Circular]:
    key = search_key(query)
    return circulars.filter(search_text__contains=key) if key else circulars


def staff_circular_list(user: User, *, query: str = "") -> list[Circular]:
    """The agency's circulars, each with `is_read` (by this user) and `acknowledged_at`
    (by the agency). One query."""
    target = CircularTarget.objects.filter(circular=OuterRef("pk"), agency_id=user.agency_id)
    return list(
        _search(circulars_visible_to(user), query).annotate(
            is_read=Exists(CircularRead.objects.filter(circular=OuterRef("pk"), user=user)),
            acknowledged_at=Subquery(target.values("acknowledged_at")[:1]),
        )
    )


def office_circular_list(user: User, *, query: str = "", state: str = "") -> list[Circular]:
    """Circulars with `target_count` and `acknowledged_count`. One query."""
    circulars = _search(circulars_visible_to(user), query)
    if state in Circular.State.values:
        circulars = circulars.filter(state=state)
    return list(
        circulars.select_related("published_by").annotate(
            target_count=Count("targets"),
            acknowledged_count=Count("targets", filter=Q(targets__acknowledged_at__isnull=False)),
        )
    )


def circular_detail_parts(circular: Circular) -> dict:
    """Attachments and related programs of a circular. Two queries."""
    return {
        "attachments": list(circular.attachments.all()),
        "programs": list(circular.programs.select_related("edition")),
    }


def acknowledgement_status(circular: Circular) -> dict:
    """What the IT office sees: the rate, who acknowledged, who has not, reminders. Two queries."""
    targets = list(circular.targets.select_related("agency", "acknowledged_by").order_by("agency__name_fa"))
    acknowledged = [t for t in targets if t.acknowledged_at is not None]
    pending = [t for t in targets if t.acknowledged_at is None]
    return {
        "targets": targets,
        "acknowledged": acknowledged,
        "pending": pending,
        "total": len(targets),
        "rate": (100 * len(acknowledged) / len(targets)) if targets else None,
        "reminders": list(
            CircularReminder.objects.filter(circular=circular).select_related("sent_by").order_by("-sent_at")
        ),
    }


def publish_preview(circular: Circular) -> dict:
    """The agencies publishing would address, and those among them without a confirmed deputy."""
    agencies = list(
        resolve_targets(circular)
        .annotate(
            has_deputy=Exists(LiaisonDeputy.objects.filter(agency=OuterRef("pk"), state=LiaisonDeputy.State.CONFIRMED)),
            staff_count=Count("users", filter=Q(users__role=User.Role.AGENCY_STAFF, users__is_active=True)),
        )
        .order_by("name_fa")
    )
    return {"agencies": agencies, "without_deputy": [a for a in agencies if not a.has_deputy]}


def selectable_agencies(user: User) -> QuerySet[Agency]:
    """Agencies a circular may be addressed to: active executive agencies the user sees."""
    return agencies_visible_to(user).filter(kind=Agency.Kind.EXECUTIVE, is_active=True).order_by("name_fa")


def resolve_targets(circular: Circular) -> QuerySet[Agency]:
    """The active executive agencies a circular is addressed to, within its province
    (every province for a national circular)."""
    agencies = Agency.objects.filter(kind=Agency.Kind.EXECUTIVE, is_active=True)
    if circular.province_id is not None:
        agencies = agencies.filter(province_id=circular.province_id)
    if circular.target_mode == Circular.TargetMode.GROUP:
        return agencies.filter(group=circular.target_group)
    if circular.target_mode == Circular.TargetMode.SELECTED:
        return agencies.filter(pk__in=circular.selected_agencies.values("pk"))
    return agencies
