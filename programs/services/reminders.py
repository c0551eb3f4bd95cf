"""Reminders to agencies with unsent reports (programs/metrics.py: missing, returned or
awaiting the deputy's sign-off): before the due date, on it, and weekly once overdue; at
most once per agency, period and day."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agencies.selectors import recipients_by_agency
from programs.metrics import unsent_by_agency
from programs.models import Reminder, ReportingPeriod
from reform_portal.notifications import absolute_url, queue_email


def reminder_kind(period: ReportingPeriod, today: datetime.date, days_before: list[int]) -> str | None:
    """Which reminder, if any, is due today for this period: N days before the due
    date, on it, and weekly once overdue until the period closes."""
    if today < period.opens_on or today > period.closes_on:
        return None
    days_left = (period.due_on - today).days
    if days_left in days_before:
        return Reminder.Kind.BEFORE_DUE
    if days_left == 0:
        return Reminder.Kind.DUE_TODAY
    if days_left < 0 and (-days_left - 1) % 7 == 0:
        return Reminder.Kind.OVERDUE
    return None


def send_reminders(*, today: datetime.date | None = None, days_before: list[int] | None = None) -> int:
    """Writes to every agency with unsent reports, telling apart those to write, to correct
    and waiting for the deputy's sign-off; at most once per agency, period and day, so
    running it twice the same day sends nothing twice. Returns the number of reminders recorded."""
    today = today or timezone.localdate()
    days_before = days_before if days_before is not None else settings.REMINDER_DAYS_BEFORE
    sent = 0
    for period in ReportingPeriod.objects.filter(opens_on__lte=today, closes_on__gte=today):
        kind = reminder_kind(period, today, days_before)
        if kind is None:
            continue
        unsent = unsent_by_agency(period)
        already = set(Reminder.objects.filter(period=period, sent_on=today).values_list("agency_id", flat=True))
        for agency_id, reports in unsent.items():
            if agency_id in already:
                continue
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(
                    agency_id=agency_id, period=period, sent_on=today,
                    defaults={"kind": kind, "programs_missing": len(reports)},
                )  # fmt: skip
                if not created:
                    continue
                queue_email(
                    recipients=recipients_by_agency([agency_id], with_deputy=kind == Reminder.Kind.OVERDUE).get(
                        agency_id, []
                    ),
                    template=f"emails/reminder_{kind}",
                    context={
                        "period": period,
                        "to_write": [assignment.program for assignment in reports.to_write],
                        "to_correct": [assignment.program for assignment in reports.to_correct],
                        "awaiting_sign_off": [assignment.program for assignment in reports.awaiting_sign_off],
                        "days_left": (period.due_on - today).days,
                        "days_late": (today - period.due_on).days,
                        "url": absolute_url("/"),
                    },
                )
                sent += 1
    return sent
