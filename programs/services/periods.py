"""Reporting periods: the admin's actions (open now, close now, create a year's periods)
and the demo seeders use these."""

import datetime

from django.db import transaction

from programs.models import ReportingPeriod
from reform_portal.persian import jalali_month_bounds


def open_period(period: ReportingPeriod, *, today: datetime.date) -> list[str]:
    """Makes today fall within the period's window; the due date never moves.

    The opening moves back to today if it is later, the closing forward to today if it
    is earlier (a due date is never after the closing, so the order holds). Returns the
    fields changed.
    """
    changed = []
    if period.opens_on > today:
        period.opens_on = today
        changed.append("opens_on")
    if period.closes_on < today:
        period.closes_on = today
        changed.append("closes_on")
    if changed:
        period.save(update_fields=changed)
    return changed


def close_period(period: ReportingPeriod, *, today: datetime.date) -> list[str]:
    """Closes the period yesterday if it closes later; a due date (and opening) after
    yesterday moves back to yesterday too, since a period cannot be due after it closes."""
    yesterday = today - datetime.timedelta(days=1)
    changed = []
    for name in ("closes_on", "due_on", "opens_on"):
        if getattr(period, name) > yesterday:
            setattr(period, name, yesterday)
            changed.append(name)
    if changed:
        period.save(update_fields=changed)
    return changed


def period_bounds(year: int, kind: str, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last Gregorian day of a Jalali quarter or month."""
    if kind == ReportingPeriod.Kind.QUARTER:
        first_month = (number - 1) * 3 + 1
        return jalali_month_bounds(year, first_month)[0], jalali_month_bounds(year, first_month + 2)[1]
    return jalali_month_bounds(year, number)


def create_year_periods(
    *, fiscal_year: int, quarters=(), months=(), due_days: int, close_days: int
) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
    """Creates the chosen quarters and months of a Jalali fiscal year; existing ones are left alone.

    Opens on the first day, due ``due_days`` and closes ``close_days`` after the last day.
    Returns (created, existing).
    """
    wanted = [(ReportingPeriod.Kind.QUARTER, n) for n in sorted(quarters)]
    wanted += [(ReportingPeriod.Kind.MONTH, n) for n in sorted(months)]
    created, existing = [], []
    with transaction.atomic():
        have = {
            (period.kind, period.number): period
            for period in ReportingPeriod.objects.select_for_update().filter(fiscal_year=fiscal_year)
        }
        for kind, number in wanted:
            if (kind, number) in have:
                existing.append(have[(kind, number)])
                continue
            start, end = period_bounds(fiscal_year, kind, number)
            period = ReportingPeriod(
                fiscal_year=fiscal_year,
                kind=kind,
                number=number,
                opens_on=start,
                due_on=end + datetime.timedelta(days=due_days),
                closes_on=end + datetime.timedelta(days=close_days),
            )
            period.full_clean()
            period.save()
            created.append(period)
    return created, existing
