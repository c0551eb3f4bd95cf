"""Demo service catalogues and transaction counts for the West Azarbaijan demo agencies.

Idempotent: services are found by agency + code, channels by service + channel, and
counts are written only for an agency and period that have none yet. Every random
choice is seeded by those keys, so a second run creates nothing. Runs after
demo.province.seed (it needs the agencies, programs, periods and users).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, User
from programs.models import Program, ReportingPeriod
from reform_portal.persian import jalali_month_bounds
from service_channels.models import (
    OUTSIDE_CHANNELS,
    Channel,
    ChannelReport,
    ChannelReportEvent,
    Service,
    ServiceChannel,
    TransactionCount,
)
from service_channels.selectors import reference_date

# agency code suffix → services (code, Persian name, English name, the programs' numbers)
CATALOGUES = {
    "AGR": [
        ("101", "صدور پروانه بهره‌برداری واحدهای کشاورزی", "Operating licence for farm units", [1, 4]),
        ("102", "صدور مجوز حفر چاه کشاورزی", "Permit to dig an agricultural well", [1]),
        ("103", "ثبت درخواست بیمه محصولات کشاورزی", "Crop insurance application", [2, 4]),
        ("104", "صدور کارت شناسایی کشاورزان", "Farmer identity card", [4]),
        ("105", "صدور گواهی قرنطینه نباتی", "Plant quarantine certificate", [1]),
    ],
    "SMT": [
        ("201", "صدور پروانه بهره‌برداری صنعتی", "Industrial operating licence", [1, 4]),
        ("202", "صدور کارت بازرگانی", "Commercial card", [1, 4]),
        ("203", "صدور جواز تأسیس واحد صنعتی", "Industrial establishment permit", [1]),
    ],
    "RWC": [
        ("301", "صدور پروانه بهره‌برداری از آب", "Water use permit", [2]),
        ("302", "رسیدگی به درخواست انشعاب آب کشاورزی", "Agricultural water connection", [2]),
    ],
    "GAS": [
        ("401", "درخواست انشعاب گاز", "Gas connection request", [2, 4]),
        ("402", "پرداخت و پیگیری قبض گاز", "Gas bill payment and follow-up", [2, 4]),
        ("403", "تغییر نام مشترک", "Change of subscriber name", [2]),
    ],
    "PWR": [
        ("501", "درخواست انشعاب برق", "Electricity connection request", [2, 4]),
        ("502", "افزایش قدرت انشعاب", "Connection capacity increase", [2]),
        ("503", "پرداخت و پیگیری قبض برق", "Electricity bill payment and follow-up", [2, 4]),
    ],
    "TAX": [
        ("601", "ثبت‌نام و تشکیل پرونده مالیاتی", "Tax registration", [1, 4]),
        ("602", "صدور گواهی مفاصاحساب مالیاتی", "Tax clearance certificate", [1, 4]),
        ("603", "ارائه اظهارنامه مالیاتی", "Tax return filing", [4]),
    ],
    "DRG": [
        ("701", "صدور سند مالکیت تک‌برگ", "Single-sheet title deed", [1, 4]),
        ("702", "استعلام وضعیت ملک", "Property status enquiry", [4, 5]),
    ],
    "WEL": [
        ("801", "صدور کارت معلولیت", "Disability card", [1]),
        ("802", "ثبت درخواست مستمری", "Pension application", [1, 4]),
    ],
    "SSO": [
        ("901", "صدور سابقه بیمه", "Insurance record statement", [1, 4]),
        ("902", "ثبت‌نام بیمه اختیاری", "Voluntary insurance enrolment", [1]),
        ("903", "تمدید دفترچه درمانی", "Health booklet renewal", [4]),
    ],
    "HIN": [
        ("911", "ثبت‌نام بیمه سلامت همگانی", "Universal health insurance enrolment", [1, 4]),
        ("912", "صدور معرفی‌نامه درمانی", "Treatment referral letter", [4]),
    ],
    "CRG": [
        ("921", "صدور شناسنامه", "Birth certificate", [1]),
        ("922", "صدور کارت ملی هوشمند", "Smart national ID card", [1, 4]),
        ("923", "ثبت واقعه وفات", "Death registration", [1]),
    ],
    "EDU": [
        ("931", "ثبت‌نام دانش‌آموزان", "Pupil enrolment", [4]),
        ("932", "صدور گواهی تحصیلی", "School certificate", [1, 4]),
        ("933", "تأیید مدارک تحصیلی", "Certification of school records", [4, 5]),
    ],
    "ROD": [
        ("941", "صدور پروانه اشتغال مهندسی", "Engineering practice licence", [1, 4]),
        ("942", "استعلام کاربری زمین", "Land use enquiry", [5]),
    ],
    "RMT": [
        ("951", "صدور کارت هوشمند ناوگان", "Fleet smart card", [1, 4]),
        ("952", "صدور بارنامه", "Bill of lading", [4]),
    ],
}
#: Every other executive agency keeps a short generic catalogue.
GENERIC = [
    ("G01", "رسیدگی به شکایات و درخواست‌های مردمی", "Citizens' complaints and requests", [3]),
    ("G02", "پاسخ به استعلام‌های اداری", "Answers to administrative enquiries", [5]),
    ("G03", "صدور مجوز فعالیت", "Activity permit", [1, 4]),
]
NO_CURRENT_COUNTS = ("AGR",)  # staff1's agency: the current period is left for the demo user to fill in


def _suffix(agency: Agency) -> str:
    return agency.code.rsplit("-", 1)[-1]


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def seed(*, result, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    agencies = list(Agency.objects.filter(kind=Agency.Kind.EXECUTIVE, code__startswith="WAZ-").order_by("code"))
    if not agencies:
        return
    programs = {program.number: program for program in Program.objects.filter(edition__code="roadmap-1404")}
    catalogue = {agency.pk: _seed_catalogue(agency, programs, today, result) for agency in agencies}
    periods = list(
        ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.QUARTER, opens_on__lte=today).order_by("opens_on")
    )
    staff = {user.agency_id: user for user in User.objects.filter(role=User.Role.AGENCY_STAFF).order_by("pk")}
    reviewer = User.objects.filter(role=User.Role.IT_OFFICE_REVIEWER).order_by("pk").first()
    existing = set(ChannelReport.objects.filter(agency__in=agencies).values_list("agency_id", "period_id"))
    for agency in agencies:
        for index, period in enumerate(periods):
            if (agency.pk, period.pk) in existing:
                continue
            _seed_counts(agency, period, index, catalogue[agency.pk], staff.get(agency.pk), reviewer, today, result)


def _seed_catalogue(agency, programs, today, result) -> list[Service]:
    rng = random.Random(f"channels:{agency.code}")
    maturity = rng.random()  # how far the agency has moved its services off its counters
    start = jalali_month_bounds(1403, 1)[0]
    services = []
    for code, name_fa, name_en, numbers in CATALOGUES.get(_suffix(agency), GENERIC):
        service, created = Service.objects.get_or_create(
            agency=agency,
            code=f"{_suffix(agency)}-{code}",
            defaults={"name_fa": name_fa, "name_en": name_en},
        )
        result.add("channel services", created)
        if created:
            service.programs.set([programs[n] for n in numbers if n in programs])
        service_rng = random.Random(f"channels:{agency.code}:{code}")
        wanted = {Channel.IN_PERSON: None}
        for channel in OUTSIDE_CHANNELS:
            if service_rng.random() < 0.1 + 0.45 * maturity:
                days = service_rng.randint(0, max((today - start).days - 30, 1))
                wanted[channel] = start + datetime.timedelta(days=days) if service_rng.random() < 0.8 else None
        for channel, opened_on in wanted.items():
            _row, created = ServiceChannel.objects.get_or_create(
                service=service, channel=channel, defaults={"opened_on": opened_on}
            )
            result.add("service channels", created)
        services.append(service)
    return list(Service.objects.filter(pk__in=[s.pk for s in services]).prefetch_related("channels"))


def _plan_state(rng, period, today, agency) -> str | None:
    if period.closes_on < today:
        return "approved" if rng.random() < 0.9 else "submitted"
    if _suffix(agency) in NO_CURRENT_COUNTS:
        return None
    roll = rng.random()
    table = [(0.3, "approved"), (0.6, "submitted"), (0.7, "returned"), (0.85, "draft"), (1.0, None)]
    return next(state for limit, state in table if roll < limit)


def _seed_counts(agency, period, index, services, staff, reviewer, today, result) -> None:
    rng = random.Random(f"channels:{agency.code}:{period.fiscal_year}:{period.number}")
    state = _plan_state(rng, period, today, agency)
    if state is None:
        return
    day = reference_date(period, today)
    created_on = min(period.opens_on + datetime.timedelta(days=rng.randint(3, 20)), today)
    submitted_on = min(period.due_on - datetime.timedelta(days=rng.randint(0, 10)), today)
    reviewed_on = min(submitted_on + datetime.timedelta(days=rng.randint(1, 7)), today)
    report = ChannelReport.objects.create(
        agency=agency,
        period=period,
        state=state,
        created_by=staff,
        created_at=_aware(created_on),
        submitted_by=staff if state != "draft" else None,
        submitted_at=_aware(submitted_on) if state != "draft" else None,
        first_submitted_at=_aware(submitted_on) if state != "draft" else None,
        reviewed_by=reviewer if state in ("approved", "returned") else None,
        reviewed_at=_aware(reviewed_on) if state in ("approved", "returned") else None,
        review_comment="تعداد مراجعات حضوری با گزارش سامانه همخوانی ندارد؛ اصلاح شود." if state == "returned" else "",
    )
    counts = []
    for service in services:
        volume = rng.randint(80, 2500)
        open_channels = [row for row in service.channels.all() if row.is_open_on(day)]
        outside = [row for row in open_channels if row.is_outside]
        # The share moved off the counters grows a little each period.
        moved = min(0.15 + 0.08 * index + rng.random() * 0.3, 0.9) if outside else 0.0
        for row in open_channels:
            if rng.random() < 0.05:
                value = None  # not reported
            elif row.is_outside:
                value = round(volume * moved * rng.uniform(0.6, 1.4) / len(outside))
            else:
                value = round(volume * (1 - moved))
            counts.append(TransactionCount(report=report, service_channel=row, count=value))
    TransactionCount.objects.bulk_create(counts)
    result.add("channel reports")
    result.add("transaction counts", len(counts))
    events = [("created", "", "draft", staff, created_on, "")]
    if state != "draft":
        events.append(("submitted", "draft", "submitted", staff, submitted_on, ""))
    if state in ("approved", "returned"):
        events.append((state, "submitted", state, reviewer, reviewed_on, report.review_comment))
    ChannelReportEvent.objects.bulk_create(
        ChannelReportEvent(
            report=report,
            action=f"counts.{action}",
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            at=_aware(on),
            comment=comment,
        )  # fmt: skip
        for action, from_state, to_state, actor, on, comment in events
    )
