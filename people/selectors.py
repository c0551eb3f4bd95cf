"""What a user has to do now ("my work"), and what waits in review too long."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import LiaisonDeputy, User
from circulars.models import Circular, CircularTarget
from programs.models import ProgressReport
from reform_portal import access
from reform_portal.review.models import ReviewState
from service_channels.models import ChannelReport


@dataclass(frozen=True)
class WorkItem:
    key: str
    label: str
    count: int
    url: str


def my_work(user) -> list[WorkItem]:
    """Each kind of work the user's capabilities give them, with how much of it waits: at
    most one query per kind (five at most), whatever the amount of data."""
    items = []
    own_agency = user.agency_id
    visible = access.agencies_visible_to(user).values("pk")
    if access.has(user, access.WRITE_REPORTS):
        returned = ProgressReport.objects.filter(assignment__agency_id=own_agency, state=ReviewState.RETURNED)
        items.append(
            WorkItem("reports_to_fix", _("Reports returned to you to correct"), returned.count(),
                     reverse("programs:agency", args=[own_agency]))
        )  # fmt: skip
        counts = ChannelReport.objects.filter(agency_id=own_agency, state=ReviewState.RETURNED)
        items.append(
            WorkItem("counts_to_fix", _("Service counts returned to you to correct"), counts.count(),
                     reverse("channels:catalogue", args=[own_agency]))
        )  # fmt: skip
    if access.has(user, access.SIGN_OFF_REPORTS):
        waiting = ProgressReport.objects.filter(assignment__agency_id=own_agency, state=ReviewState.AWAITING_SIGN_OFF)
        items.append(
            WorkItem("reports_to_sign_off", _("Reports waiting for your sign-off"), waiting.count(),
                     reverse("programs:sign_off_queue"))
        )  # fmt: skip
    if access.has(user, access.REVIEW_REPORTS):
        waiting = ProgressReport.objects.filter(assignment__agency__in=visible, state=ReviewState.SUBMITTED)
        items.append(
            WorkItem("reports_to_review", _("Reports waiting for your review"), waiting.count(),
                     reverse("programs:review_queue"))
        )  # fmt: skip
        counts = ChannelReport.objects.filter(agency__in=visible, state=ReviewState.SUBMITTED)
        items.append(
            WorkItem("counts_to_review", _("Service counts waiting for your review"), counts.count(),
                     reverse("channels:review_queue"))
        )  # fmt: skip
    if access.has(user, access.ACKNOWLEDGE_CIRCULARS):
        unacknowledged = CircularTarget.objects.filter(
            agency_id=own_agency, acknowledged_at__isnull=True, circular__state=Circular.State.PUBLISHED
        )
        items.append(
            WorkItem("circulars_to_acknowledge", _("Circulars to acknowledge"), unacknowledged.count(),
                     reverse("circulars:list"))
        )  # fmt: skip
    deputy_states = []
    if access.has(user, access.VERIFY_DEPUTIES):
        deputy_states.append(LiaisonDeputy.State.AWAITING_GOVERNORATE)
    if access.has(user, access.CONFIRM_DEPUTIES):
        deputy_states.append(LiaisonDeputy.State.AWAITING_IT_OFFICE)
    if deputy_states:
        pending = LiaisonDeputy.objects.filter(agency__in=visible, state__in=deputy_states)
        items.append(
            WorkItem("deputies_to_verify", _("Liaison deputies to verify or confirm"), pending.count(),
                     reverse("agencies:deputy_review_list"))
        )  # fmt: skip
    return items


# --- waiting in review too long ------------------------------------------------------------


@dataclass
class Waiting:
    reports: int = 0
    counts: int = 0
    oldest: datetime.datetime | None = None

    @property
    def total(self) -> int:
        return self.reports + self.counts


def waiting_in_review_by_province(*, submitted_before: datetime.datetime) -> dict[int, Waiting]:
    """{province id: reports and counts submitted (waiting for the IT office's decision)
    before `submitted_before`}, for provinces with any. Two queries (programs/metrics.py
    defines «awaiting review» for reports; counts are the same state of ChannelReport)."""
    from programs.metrics import waiting_in_review_by_province as reports_waiting

    waiting: dict[int, Waiting] = {}
    for province_id, (number, oldest) in reports_waiting(submitted_before=submitted_before).items():
        waiting[province_id] = Waiting(reports=number, oldest=oldest)
    counts = (
        ChannelReport.objects.filter(state=ReviewState.SUBMITTED, submitted_at__lt=submitted_before)
        .values("agency__province_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        waiting.setdefault(row["agency__province_id"], Waiting()).counts = row["n"]
    return waiting


def province_reviewers(province_id: int, *, heads: bool = False):
    """The active IT office reviewers of a province (its own and the national ones); with
    `heads`, the active users marked «head of review» of the province or national, whatever
    their role."""
    users = User.objects.filter(is_active=True).filter(Q(agency__isnull=True) | Q(agency__province_id=province_id))
    if heads:
        return users.filter(is_review_head=True)
    return users.filter(role=User.Role.IT_OFFICE_REVIEWER)
