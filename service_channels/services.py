"""Every change to the service catalogue and to the transaction counts happens here.

The counts follow the progress reports' life cycle (programs/workflow.py): one
transaction per action, the row locked, the state checked, saved with
`update_fields`, the step recorded in `ChannelReportEvent`. A second click finds the
new state and gets a `TransitionError`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from programs import workflow
from programs.models import ReportingPeriod
from programs.workflow import TransitionError
from service_channels.models import (
    Channel,
    ChannelReport,
    ChannelReportEvent,
    Service,
    ServiceChannel,
    TransactionCount,
)

State = ChannelReport.State
Action = ChannelReportEvent.Action

__all__ = [
    "TransitionError",
    "approve_counts",
    "can_edit_agency",
    "can_review",
    "return_counts",
    "save_counts",
    "save_service",
    "submit_counts",
]

SERVICE_FIELDS = ["code", "name_fa", "name_en", "is_active"]


# --- who may do what -------------------------------------------------------------


def can_edit_agency(user: User, *, agency_id: int) -> bool:
    """The agency's own staff keep its catalogue and write its counts."""
    return workflow.can_edit(user, agency_id=agency_id)


def can_review(user: User) -> bool:
    return workflow.can_review(user)


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
    workflow.require(can_edit_agency(by, agency_id=agency.pk))
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


def _lock(report: ChannelReport) -> ChannelReport:
    return workflow.lock(ChannelReport.objects, report.pk, related=("agency", "period"))


def _record(report: ChannelReport, *, action, from_state, by, comment="", at=None) -> ChannelReportEvent:
    return workflow.record(
        ChannelReportEvent, obj=report, action=action, from_state=from_state, by=by, comment=comment, at=at
    )


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


@transaction.atomic
def save_counts(*, agency: Agency, period: ReportingPeriod, by: User, counts: dict[int, int | None]) -> ChannelReport:
    """Creates or updates the agency's counts for the period, keeping its state (a new
    report is a draft; a returned one stays returned until resubmitted)."""
    workflow.require(can_edit_agency(by, agency_id=agency.pk))
    Agency.objects.select_for_update().get(pk=agency.pk)  # one creator at a time
    report = ChannelReport.objects.filter(agency=agency, period=period).first()
    if report is None:
        workflow.check_period_open(period, state=State.DRAFT)
        report = ChannelReport.objects.create(agency=agency, period=period, created_by=by, state=State.DRAFT)
        _write_counts(report, counts)
        _record(report, action=Action.CREATED, from_state="", by=by)
        return report
    report = _lock(report)
    workflow.check_editable(report)
    workflow.check_period_open(period, state=report.state)
    if _write_counts(report, counts):
        report.save(update_fields=["updated_at"])
        _record(report, action=Action.SAVED, from_state=report.state, by=by)
    return report


@transaction.atomic
def submit_counts(*, report: ChannelReport, by: User) -> ChannelReport:
    workflow.require(can_edit_agency(by, agency_id=report.agency_id))
    report = _lock(report)
    workflow.check_editable(report)
    workflow.check_period_open(report.period, state=report.state)
    if not report.counts.filter(count__isnull=False).exists():
        raise ValidationError(
            _("Enter the number of transactions of at least one service before submitting."), code="no_counts"
        )
    from_state = report.state
    now = timezone.now()
    report.save(update_fields=workflow.mark_submitted(report, by=by, now=now))
    _record(report, action=Action.SUBMITTED, from_state=from_state, by=by, at=now)
    return report


@transaction.atomic
def approve_counts(*, report: ChannelReport, by: User, comment: str = "") -> ChannelReport:
    workflow.require(can_review(by))
    report = _lock(report)
    workflow.check_submitted(report)
    now = timezone.now()
    comment = (comment or "").strip()
    report.save(update_fields=workflow.mark_reviewed(report, state=State.APPROVED, by=by, now=now, comment=comment))
    _record(report, action=Action.APPROVED, from_state=State.SUBMITTED, by=by, comment=comment, at=now)
    return report


@transaction.atomic
def return_counts(*, report: ChannelReport, by: User, reason: str) -> ChannelReport:
    workflow.require(can_review(by))
    reason = workflow.required_reason(reason, message=_("Write the reason for returning the report."))
    report = _lock(report)
    workflow.check_submitted(report)
    now = timezone.now()
    report.save(update_fields=workflow.mark_reviewed(report, state=State.RETURNED, by=by, now=now, comment=reason))
    _record(report, action=Action.RETURNED, from_state=State.SUBMITTED, by=by, comment=reason, at=now)
    return report
