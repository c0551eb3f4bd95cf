"""Queries the channel pages share; each runs a fixed number of SQL queries.

The figures are defined in docs/channels.md; `channel_dashboard` computes them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DateField, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from agencies.models import Agency, User
from programs.models import ReportingPeriod
from programs.selectors import queue_ordering
from reform_portal.access import agencies_visible_to
from reform_portal.search import search
from service_channels.models import OUTSIDE_CHANNELS, Channel, ChannelReport, Service, ServiceChannel, TransactionCount

TREND_LENGTH = 6
_ONE_DECIMAL = Decimal("0.1")
#: An opening date left empty means "open before records were kept".
_LONG_AGO = datetime.date(1, 1, 1)


def reference_date(period: ReportingPeriod, today: datetime.date | None = None) -> datetime.date:
    """The day a period's catalogue is read on: its due date, or today while it is not due yet."""
    return min(period.due_on, today or timezone.localdate())


# --- permission-checked lookups ------------------------------------------------------


def services_visible_to(user: User) -> QuerySet[Service]:
    return Service.objects.filter(agency__in=agencies_visible_to(user))


def get_service_for_user(user: User, pk: int) -> Service:
    """Another agency's service is a 404, exactly like a missing one."""
    try:
        return services_visible_to(user).select_related("agency").get(pk=pk)
    except Service.DoesNotExist:
        raise Http404 from None


def channel_reports_visible_to(user: User) -> QuerySet[ChannelReport]:
    return ChannelReport.objects.filter(agency__in=agencies_visible_to(user))


def get_channel_report_for_user(user: User, pk: int) -> ChannelReport:
    """Another agency's counts are a 404, exactly like missing ones."""
    try:
        return (
            channel_reports_visible_to(user)
            .select_related("agency", "period", "created_by", "submitted_by", "reviewed_by")
            .get(pk=pk)
        )
    except ChannelReport.DoesNotExist:
        raise Http404 from None


# --- the agency's pages ----------------------------------------------------------------


def agency_catalogue(agency: Agency) -> list[Service]:
    """The agency's services with their channels (`channel_cells`: one per Channel, the
    ServiceChannel or None) and programs. Three queries."""
    services = list(
        Service.objects.filter(agency=agency).prefetch_related("channels", "programs").order_by("-is_active", "code")
    )
    for service in services:
        by_channel = {row.channel: row for row in service.channels.all()}
        service.channel_cells = [by_channel.get(channel) for channel in Channel.values]
    return services


def agency_channel_reports(agency: Agency) -> list[dict]:
    """The periods that have opened, newest first, each with the agency's report (or None). Two queries."""
    today = timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(opens_on__lte=today).order_by("-opens_on")[:12])
    reports = {report.period_id: report for report in ChannelReport.objects.filter(agency=agency, period__in=periods)}
    return [
        {"period": period, "report": reports.get(period.pk), "is_open": period.is_open(today)} for period in periods
    ]


@dataclass
class SheetCell:
    service_channel: ServiceChannel
    count: int | None


@dataclass
class SheetRow:
    service: Service
    cells: list[SheetCell | None]  # one per Channel, None when the service is not offered there


def count_sheet(agency: Agency, period: ReportingPeriod, report: ChannelReport | None) -> list[SheetRow]:
    """The rows of the counts form or page: each active service with the channels open on
    the period's reference date (and any channel that already has a count). Three queries."""
    counts = {}
    if report is not None:
        counts = {row.service_channel_id: row.count for row in TransactionCount.objects.filter(report=report)}
    day = reference_date(period)
    rows = []
    services = Service.objects.filter(agency=agency).prefetch_related("channels").order_by("code")
    for service in services:
        cells = []
        for channel in Channel.values:
            row = next((c for c in service.channels.all() if c.channel == channel), None)
            if row is not None and (row.pk in counts or (service.is_active and row.is_open_on(day))):
                cells.append(SheetCell(row, counts.get(row.pk)))
            else:
                cells.append(None)
        if any(cells):
            rows.append(SheetRow(service, cells))
    return rows


#: The states the counts queue can show (its tabs), the first by default.
CHANNEL_QUEUE_STATES = (ChannelReport.State.SUBMITTED, ChannelReport.State.RETURNED, ChannelReport.State.APPROVED)
CHANNEL_QUEUE_SORTS = {
    "submitted": ("submitted_at",),
    "agency": ("agency__name_fa",),
    "period": ("period__opens_on", "period__due_on"),
}


def _channel_queue_scope(user: User, *, period=None, query=""):
    reports = channel_reports_visible_to(user)
    if period is not None:
        reports = reports.filter(period=period)
    return search(reports, ["agency__name_fa", "agency__name_en", "agency__code"], query)


def channel_review_queue(
    user: User, *, state=ChannelReport.State.SUBMITTED, period=None, query="", sort="submitted"
) -> QuerySet[ChannelReport]:
    """Counts the user may see in one state (by default submitted, waiting for review), searched
    by agency name or code, in the chosen order (by default the oldest submission first)."""
    ordering = queue_ordering(CHANNEL_QUEUE_SORTS, sort, default="submitted")
    return (
        _channel_queue_scope(user, period=period, query=query)
        .filter(state=state)
        .select_related("agency", "period", "submitted_by")
        .order_by(*ordering)
    )


def channel_queue_counts(user: User, *, period=None, query="") -> dict[str, int]:
    """How many counts of each queue state the same filters and search find. One query."""
    counts = dict.fromkeys(CHANNEL_QUEUE_STATES, 0)
    rows = (
        _channel_queue_scope(user, period=period, query=query)
        .filter(state__in=CHANNEL_QUEUE_STATES)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["state"]] = row["n"]
    return counts


# --- the dashboard -----------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal | None:
    """100 × part / whole with one decimal (half up); None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Ratio:
    part: int = 0
    whole: int = 0

    @property
    def percent(self) -> Decimal | None:
        return share(self.part, self.whole)

    def add(self, other: "Ratio") -> None:
        self.part += other.part
        self.whole += other.whole


@dataclass
class AgencyChannels:
    agency: Agency
    services: Ratio  # services offered outside / services offered, on the period's reference date
    transactions: Ratio | None  # outside / all transactions of the approved counts; None: none approved
    report_state: str  # the state of the period's counts, "" when there are none
    report_id: int | None
    trend: list[Decimal | None] = field(default_factory=list)  # transaction share per trend period
    rank: int | None = None


@dataclass
class TrendPoint:
    period: ReportingPeriod
    services: Ratio
    transactions: Ratio
    agencies_approved: int


@dataclass
class ChannelDashboard:
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]  # the trend's periods, oldest first
    services: Ratio
    transactions: Ratio
    by_channel: list[tuple[str, int, Decimal | None]]  # (label, transactions, share of all) in the period
    agencies: list[AgencyChannels]
    trend: list[TrendPoint]
    agencies_approved: int = 0


def _service_counts(agencies: QuerySet[Agency], days: list[datetime.date]) -> dict[int, list[Ratio]]:
    """Per agency and per day: (active services with an outside channel open that day,
    active services with any channel open that day). One query."""
    opened = Coalesce("opened_on", Value(_LONG_AGO, output_field=DateField()))
    first_any = (
        ServiceChannel.objects.filter(service=OuterRef("pk"))
        .values("service")
        .annotate(first=Min(opened))
        .values("first")
    )
    first_outside = (
        ServiceChannel.objects.filter(service=OuterRef("pk"), channel__in=OUTSIDE_CHANNELS)
        .values("service")
        .annotate(first=Min(opened))
        .values("first")
    )
    aggregates = {}
    for index, day in enumerate(days):
        aggregates[f"any_{index}"] = Count("pk", filter=Q(first_any__lte=day))
        aggregates[f"out_{index}"] = Count("pk", filter=Q(first_outside__lte=day))
    rows = (
        Service.objects.filter(agency__in=agencies, is_active=True)
        .alias(first_any=Subquery(first_any[:1]), first_outside=Subquery(first_outside[:1]))
        .values("agency_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {
        row["agency_id"]: [Ratio(row[f"out_{index}"], row[f"any_{index}"]) for index in range(len(days))]
        for row in rows
    }


def _transaction_counts(agencies: QuerySet[Agency], periods: list[ReportingPeriod]) -> dict:
    """{(agency_id, period_id): {channel: transactions}} of approved counts. One query."""
    rows = (
        TransactionCount.objects.filter(
            report__state=ChannelReport.State.APPROVED,
            report__period__in=periods,
            report__agency__in=agencies,
            count__isnull=False,
        )
        .values("report__agency_id", "report__period_id", "service_channel__channel")
        .annotate(total=Sum("count"))
        .order_by()
    )
    sums: dict = {}
    for row in rows:
        key = (row["report__agency_id"], row["report__period_id"])
        sums.setdefault(key, {})[row["service_channel__channel"]] = row["total"]
    return sums


def _ratio_of(by_channel: dict[str, int]) -> Ratio:
    return Ratio(
        part=sum(total for channel, total in by_channel.items() if channel in OUTSIDE_CHANNELS),
        whole=sum(by_channel.values()),
    )


def _sort_key(row: AgencyChannels):
    transactions = row.transactions.percent if row.transactions else None
    services = row.services.percent
    return (
        transactions is None,
        -(transactions or 0),
        services is None,
        -(services or 0),
        row.agency.name_fa,
    )


def channel_dashboard(user: User, period: ReportingPeriod | None, *, today: datetime.date | None = None):
    """Service and transaction shares per agency and province-wide for `period`, with the
    trend over the periods up to it. Four queries whatever the number of agencies,
    services, periods or counts."""
    today = today or timezone.localdate()
    empty = ChannelDashboard(period, [], Ratio(), Ratio(), [], [], [])
    if period is None:
        return empty
    periods = list(
        ReportingPeriod.objects.filter(kind=period.kind, opens_on__lte=period.opens_on)
        .exclude(pk=period.pk)
        .order_by("-opens_on")[: TREND_LENGTH - 1]
    )[::-1] + [period]
    agencies_qs = agencies_visible_to(user).filter(kind=Agency.Kind.EXECUTIVE, is_active=True)
    agencies = list(agencies_qs.order_by("name_fa"))
    days = [reference_date(p, today) for p in periods]
    services = _service_counts(agencies_qs, days)
    sums = _transaction_counts(agencies_qs, periods)
    reports = {
        agency_id: (state, pk)
        for agency_id, state, pk in ChannelReport.objects.filter(period=period, agency__in=agencies_qs).values_list(
            "agency_id", "state", "pk"
        )
    }
    current = len(periods) - 1
    rows = []
    trend = [TrendPoint(p, Ratio(), Ratio(), 0) for p in periods]
    for agency in agencies:
        service_ratios = services.get(agency.pk) or [Ratio() for _ in periods]
        agency_trend = []
        for index, point in enumerate(trend):
            point.services.add(service_ratios[index])
            by_channel = sums.get((agency.pk, point.period.pk))
            if by_channel is None:
                agency_trend.append(None)
                continue
            ratio = _ratio_of(by_channel)
            point.transactions.add(ratio)
            point.agencies_approved += 1
            agency_trend.append(ratio.percent)
        by_channel = sums.get((agency.pk, period.pk))
        state, report_id = reports.get(agency.pk, ("", None))
        rows.append(
            AgencyChannels(
                agency=agency,
                services=service_ratios[current],
                transactions=_ratio_of(by_channel) if by_channel is not None else None,
                report_state=state,
                report_id=report_id,
                trend=agency_trend,
            )
        )
    rows.sort(key=_sort_key)
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    channel_totals = dict.fromkeys(Channel.values, 0)
    for (_agency_id, period_id), by_channel in sums.items():
        if period_id == period.pk:
            for channel, total in by_channel.items():
                channel_totals[channel] += total
    all_transactions = sum(channel_totals.values())
    by_channel_rows = [
        (Channel(channel).label, total, share(total, all_transactions)) for channel, total in channel_totals.items()
    ]
    latest = trend[current]
    return ChannelDashboard(
        period=period,
        periods=periods,
        services=latest.services,
        transactions=latest.transactions,
        by_channel=by_channel_rows,
        agencies=rows,
        trend=trend,
        agencies_approved=latest.agencies_approved,
    )


def outside_share_values(agency_ids, periods: list[ReportingPeriod]) -> dict:
    """The computed indicator «share of transactions outside the agency's own counters»
    (programs.Indicator.Source.OUTSIDE_SHARE) per (agency id, period id): the transaction
    share of docs/channels.md as a ratio, outside ÷ all approved transactions, late when the
    counts first reached the IT office after the period's due date. Periods without approved
    counts are left out (no value, never 0). One query."""
    from programs.indicators import ComputedValue
    from programs.metrics import is_late

    by_period = {period.pk: period for period in periods}
    rows = (
        TransactionCount.objects.filter(
            report__state=ChannelReport.State.APPROVED,
            report__period__in=list(by_period),
            report__agency_id__in=list(agency_ids),
            count__isnull=False,
        )
        .values("report__agency_id", "report__period_id", "report__first_submitted_at", "service_channel__channel")
        .annotate(total=Sum("count"))
        .order_by()
    )
    sums: dict = {}
    for row in rows:
        key = (row["report__agency_id"], row["report__period_id"])
        entry = sums.setdefault(key, {"channels": {}, "first": row["report__first_submitted_at"]})
        entry["channels"][row["service_channel__channel"]] = row["total"]
    values = {}
    for (agency_id, period_id), entry in sums.items():
        ratio = _ratio_of(entry["channels"])
        if ratio.whole:
            values[(agency_id, period_id)] = ComputedValue(
                numerator=Decimal(ratio.part), denominator=Decimal(ratio.whole),
                late=is_late(entry["first"], by_period[period_id]),
            )  # fmt: skip
    return values
