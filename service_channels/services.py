"""Every change to the service catalogue and to the transaction counts happens here.

The counts follow the progress reports' life cycle on the review engine
(service_channels/workflows.py holds the table): one durable transaction per action, the
row locked, the state checked, the step recorded. A second click finds the new state and
gets a TransitionError.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from programs.models import ReportingPeriod
from reform_portal import access, review
from reform_portal.review import TransitionError
from service_channels.models import Channel, ChannelReport, Service, ServiceChannel, TransactionCount

__all__ = [
    "TransitionError",
    "approve_counts",
    "can_keep_catalogue",
    "return_counts",
    "save_and_submit_counts",
    "save_counts",
    "save_service",
    "submit_counts",
]

SERVICE_FIELDS = ["code", "name_fa", "name_en", "is_active"]


def can_keep_catalogue(user: User, agency: Agency) -> bool:
    """The agency's own staff keep its catalogue (and write its counts)."""
    return access.can_act_on(user, access.WRITE_REPORTS, agency)


# --- the catalogue -------------------------------------------------------------------


@transaction.atomic
def save_service(
    *,
    agency: Agency,
    by: User,
    data: dict,
    channels: dict[str, datetime.date | None],
    programs=None,
    service: Service | None = None,
) -> Service:
    """Creates or updates a service of the agency's catalogue.

    ``channels`` maps each channel the service is offered through to its opening date
    (None: open since before records were kept); a channel left out is no longer
    offered, which is refused when counts were already reported for it.
    """
    access.require(can_keep_catalogue(by, agency))
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValidationError(_("Unknown channel."), code="unknown_channel")
    if not channels:
        raise ValidationError({"channels": _("Choose at least one channel through which the service is offered.")})
    if service is None:
        service = Service(agency=agency)
    else:
        service = Service.objects.select_for_update().get(pk=service.pk, agency=agency)
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.full_clean()
    service.save()
    if programs is not None:
        service.programs.set(programs)
    existing = {row.channel: row for row in service.channels.all()}
    for channel, opened_on in channels.items():
        row = existing.get(channel)
        if row is None:
            ServiceChannel.objects.create(service=service, channel=channel, opened_on=opened_on)
        elif row.opened_on != opened_on:
            row.opened_on = opened_on
            row.save(update_fields=["opened_on"])
    dropped = [row for channel, row in existing.items() if channel not in channels]
    if dropped:
        used = TransactionCount.objects.filter(service_channel__in=dropped).select_related("service_channel")
        used_channels = {count.service_channel.get_channel_display() for count in used}
        if used_channels:
            raise ValidationError(
                {
                    "channels": _(
                        "Transactions were already reported through “%(channels)s”; that channel cannot be removed."
                    )
                    % {"channels": "، ".join(sorted(str(name) for name in used_channels))}
                },
                code="channel_in_use",
            )
        ServiceChannel.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    return service


# --- transaction counts ----------------------------------------------------------------


def _write_counts(report: ChannelReport, counts: dict[int, int | None]) -> bool:
    """Stores the counts given per ServiceChannel pk (None: not reported) of the
    agency's own services; returns whether anything changed."""
    allowed = set(
        ServiceChannel.objects.filter(pk__in=counts, service__agency_id=report.agency_id).values_list("pk", flat=True)
    )
    if set(counts) - allowed:
        raise ValidationError(_("Counts were sent for a service that is not in your agency's catalogue."))
    for value in counts.values():
        if value is not None and value < 0:
            raise ValidationError(_("A number of transactions cannot be negative."))
    stored = {row.service_channel_id: row for row in report.counts.all()}
    to_create, to_update = [], []
    for service_channel_id, value in counts.items():
        row = stored.get(service_channel_id)
        if row is None:
            to_create.append(TransactionCount(report=report, service_channel_id=service_channel_id, count=value))
        elif row.count != value:
            row.count = value
            to_update.append(row)
    TransactionCount.objects.bulk_create(to_create)
    TransactionCount.objects.bulk_update(to_update, ["count"])
    return bool(to_create or to_update)


def _save_counts(*, agency: Agency, period: ReportingPeriod, by: User, counts: dict[int, int | None]) -> ChannelReport:
    Agency.objects.select_for_update().get(pk=agency.pk)  # one creator at a time
    report = ChannelReport.objects.filter(agency=agency, period=period).first()
    if report is None:
        report = review.apply(ChannelReport(agency=agency, period=period, created_by=by), "create", by=by)
        _write_counts(report, counts)
        return report
    report = review.workflow_for(ChannelReport).lock(report)
    review.find(report, "save", by=by)
    if _write_counts(report, counts):
        review.apply(report, "save", by=by, touched=True)
    return report


def save_counts(*, agency: Agency, period: ReportingPeriod, by: User, counts: dict[int, int | None]) -> ChannelReport:
    """Creates or updates the agency's counts for the period, keeping its state (a new
    report is a draft; a returned one stays returned until resubmitted)."""
    with transaction.atomic(durable=True):
        return _save_counts(agency=agency, period=period, by=by, counts=counts)


def save_and_submit_counts(
    *, agency: Agency, period: ReportingPeriod, by: User, counts: dict[int, int | None]
) -> ChannelReport:
    """Saves and submits in one transaction; a refused submission keeps the save
    (SubmissionRefused says why)."""
    return review.save_then(lambda: _save_counts(agency=agency, period=period, by=by, counts=counts), "submit", by=by)


def submit_counts(*, report: ChannelReport, by: User) -> ChannelReport:
    return review.transition(report, "submit", by=by)


def approve_counts(*, report: ChannelReport, by: User, comment: str = "") -> ChannelReport:
    return review.transition(report, "approve", by=by, reason=comment)


def return_counts(*, report: ChannelReport, by: User, reason: str) -> ChannelReport:
    return review.transition(report, "return", by=by, reason=reason)
