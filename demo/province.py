"""Demo data for West Azarbaijan: realistic, deterministic and idempotent.

`seed_demo` calls `seed()`; running it twice changes nothing, because every row is
found by its natural key before it is created and every random choice is seeded by
that key.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

import jdatetime
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, County, LiaisonDeputy, Province, User
from agencies.validators import is_valid_national_code
from programs.models import Assignment, Program, ProgressReport, ReportEvent, ReportingPeriod, RoadmapEdition
from programs.services import create_year_periods
from reform_portal.persian import jalali_month_bounds

DEMO_PASSWORD = "reform1404"
PROVINCE = ("WAZ", "آذربایجان غربی", "West Azarbaijan")
COUNTIES = [
    ("urmia", "ارومیه", "Urmia"),
    ("khoy", "خوی", "Khoy"),
    ("mahabad", "مهاباد", "Mahabad"),
    ("miandoab", "میاندوآب", "Miandoab"),
    ("bukan", "بوکان", "Bukan"),
    ("salmas", "سلماس", "Salmas"),
    ("naqadeh", "نقده", "Naqadeh"),
    ("maku", "ماکو", "Maku"),
    ("piranshahr", "پیرانشهر", "Piranshahr"),
    ("sardasht", "سردشت", "Sardasht"),
]
G = Agency.Group
EXECUTIVE_AGENCIES = [
    # code, Persian name, English name, group, county code
    ("AGR", "سازمان جهاد کشاورزی آذربایجان غربی", "Agriculture Jihad Organization", G.PRODUCTION, "urmia"),
    ("SMT", "سازمان صنعت، معدن و تجارت", "Industry, Mine and Trade Organization", G.PRODUCTION, "urmia"),
    (
        "NRW",
        "اداره کل منابع طبیعی و آبخیزداری",
        "Natural Resources and Watershed Administration",
        G.PRODUCTION,
        "urmia",
    ),
    ("RWC", "شرکت آب منطقه‌ای آذربایجان غربی", "Regional Water Company", G.PRODUCTION, "urmia"),
    ("GAS", "شرکت گاز استان آذربایجان غربی", "Provincial Gas Company", G.PRODUCTION, "urmia"),
    ("PWR", "شرکت توزیع نیروی برق آذربایجان غربی", "Electricity Distribution Company", G.PRODUCTION, "urmia"),
    (
        "ECO",
        "اداره کل امور اقتصادی و دارایی",
        "Economic Affairs and Finance Administration",
        G.ECONOMIC_FINANCIAL,
        "urmia",
    ),
    ("TAX", "اداره کل امور مالیاتی", "Tax Affairs Administration", G.ECONOMIC_FINANCIAL, "urmia"),
    ("MPO", "سازمان مدیریت و برنامه‌ریزی", "Management and Planning Organization", G.ECONOMIC_FINANCIAL, "urmia"),
    ("CUS", "اداره کل گمرک بازرگان", "Bazargan Customs Administration", G.ECONOMIC_FINANCIAL, "maku"),
    (
        "DRG",
        "اداره کل ثبت اسناد و املاک",
        "Deeds and Property Registration Administration",
        G.ECONOMIC_FINANCIAL,
        "urmia",
    ),
    ("MED", "دانشگاه علوم پزشکی ارومیه", "Urmia University of Medical Sciences", G.HEALTH_WELFARE, "urmia"),
    ("WEL", "اداره کل بهزیستی", "Welfare Administration", G.HEALTH_WELFARE, "urmia"),
    (
        "LAB",
        "اداره کل تعاون، کار و رفاه اجتماعی",
        "Cooperatives, Labour and Social Welfare Administration",
        G.HEALTH_WELFARE,
        "urmia",
    ),
    ("HIN", "اداره کل بیمه سلامت", "Health Insurance Administration", G.HEALTH_WELFARE, "urmia"),
    ("SSO", "اداره کل تأمین اجتماعی", "Social Security Administration", G.HEALTH_WELFARE, "urmia"),
    ("IKR", "کمیته امداد امام خمینی (ره)", "Imam Khomeini Relief Committee", G.HEALTH_WELFARE, "khoy"),
    ("ROD", "اداره کل راه و شهرسازی", "Roads and Urban Development Administration", G.GENERAL_SECURITY, "urmia"),
    ("CRG", "اداره کل ثبت احوال", "Civil Registration Administration", G.GENERAL_SECURITY, "urmia"),
    ("ENV", "اداره کل حفاظت محیط زیست", "Environmental Protection Administration", G.GENERAL_SECURITY, "urmia"),
    ("HSG", "بنیاد مسکن انقلاب اسلامی", "Housing Foundation", G.GENERAL_SECURITY, "mahabad"),
    (
        "RMT",
        "اداره کل راهداری و حمل و نقل جاده‌ای",
        "Road Maintenance and Transportation Administration",
        G.GENERAL_SECURITY,
        "miandoab",
    ),
    ("EDU", "اداره کل آموزش و پرورش", "Education Administration", G.CULTURAL_EDUCATIONAL, "urmia"),
    (
        "CUL",
        "اداره کل فرهنگ و ارشاد اسلامی",
        "Culture and Islamic Guidance Administration",
        G.CULTURAL_EDUCATIONAL,
        "urmia",
    ),
    (
        "CHT",
        "اداره کل میراث فرهنگی، گردشگری و صنایع دستی",
        "Cultural Heritage, Tourism and Handicrafts Administration",
        G.CULTURAL_EDUCATIONAL,
        "urmia",
    ),
    ("SPY", "اداره کل ورزش و جوانان", "Sports and Youth Administration", G.CULTURAL_EDUCATIONAL, "bukan"),
    ("LIB", "اداره کل کتابخانه‌های عمومی", "Public Libraries Administration", G.CULTURAL_EDUCATIONAL, "salmas"),
    (
        "TVT",
        "اداره کل آموزش فنی و حرفه‌ای",
        "Technical and Vocational Training Administration",
        G.CULTURAL_EDUCATIONAL,
        "naqadeh",
    ),
]
A = Program.Axis
IT_OFFICE_PROGRAMS = [
    ("انجام امور دستگاه‌های اجرایی از طریق دفاتر پیشخوان دولت و پیگیری آن در این دفاتر",
     "Carrying out agencies' work through government counter offices and following it up there", A.PUBLIC_SERVICES),
    ("واگذاری خدمات به مشترکین از طریق دفاتر خدمات عمومی و کاهش مراجعه حضوری به ادارات",
     "Handing services to subscribers through public service offices so fewer people visit agencies",
     A.PUBLIC_SERVICES),
    ("اطلاع‌رسانی در راستای توسعه تحول نظام اداری",
     "Information dissemination on the administrative reform", A.TRANSPARENCY),
    ("توسعه دولت الکترونیک", "Developing e-government", A.E_GOVERNMENT),
    ("تبادل الکترونیکی داده میان دستگاه‌های اجرایی و حذف استعلام‌های کاغذی",
     "Electronic data exchange between agencies instead of paper enquiries", A.E_GOVERNMENT),
    ("الکترونیکی کردن مکاتبات اداری و حذف کاغذ از گردش کار",
     "Paperless correspondence and workflows", A.E_GOVERNMENT),
    ("ارتقای زیرساخت و امنیت فناوری اطلاعات دستگاه‌های اجرایی",
     "Strengthening agencies' IT infrastructure and security", A.E_GOVERNMENT),
]  # fmt: skip
SAMPLE_PROGRAMS = [
    ("بازنگری ساختار سازمانی دستگاه‌ها", "Reviewing agencies' organisational structure", A.GOVERNMENT_STRUCTURE),
    ("کاهش لایه‌های مدیریتی", "Fewer management layers", A.GOVERNMENT_STRUCTURE),
    ("واگذاری امور تصدی‌گری به بخش غیردولتی", "Handing operational tasks to the private sector", A.GOVERNMENT_STRUCTURE),
    ("استانداردسازی فرایندهای ارائه خدمات", "Standardising service processes", A.PUBLIC_SERVICES),
    ("سنجش رضایت مردم از خدمات دستگاه‌ها", "Measuring citizens' satisfaction with services", A.PUBLIC_SERVICES),
    ("آموزش کارکنان دولت", "Training civil servants", A.HUMAN_CAPITAL),
    ("شایسته‌گزینی مدیران", "Merit-based selection of managers", A.HUMAN_CAPITAL),
    ("ارزیابی عملکرد کارکنان", "Staff performance appraisal", A.HUMAN_CAPITAL),
    ("ساماندهی نیروی انسانی", "Rationalising the workforce", A.HUMAN_CAPITAL),
    ("استقرار نظام مدیریت عملکرد", "A performance management system", A.MANAGEMENT_SYSTEMS),
    ("بودجه‌ریزی عملیاتی", "Performance-based budgeting", A.MANAGEMENT_SYSTEMS),
    ("استقرار نظام مدیریت دانش", "A knowledge management system", A.MANAGEMENT_SYSTEMS),
    ("ترویج فرهنگ تکریم ارباب رجوع", "A culture of respect for clients", A.ORGANISATIONAL_CULTURE),
    ("اخلاق حرفه‌ای در نظام اداری", "Professional ethics in the administration", A.ORGANISATIONAL_CULTURE),
    ("صیانت از حقوق شهروندی در نظام اداری", "Protecting citizens' rights in the administration", A.CITIZENS_RIGHTS),
    ("سامانه رسیدگی به شکایات مردمی", "A public complaints system", A.CITIZENS_RIGHTS),
    ("کاهش زمان پاسخگویی به مکاتبات مردمی", "Faster answers to citizens' letters", A.CITIZENS_RIGHTS),
    ("انتشار اطلاعات عمومی و شفافیت", "Publishing public information", A.TRANSPARENCY),
    ("پیشگیری از فساد اداری", "Preventing administrative corruption", A.TRANSPARENCY),
    ("شفافیت قراردادها و معاملات دولتی", "Transparent public contracts", A.TRANSPARENCY),
    ("ارتقای بهره‌وری نیروی انسانی", "Workforce productivity", A.PRODUCTIVITY),
    ("مدیریت مصرف انرژی در ساختمان‌های اداری", "Energy management in public buildings", A.PRODUCTIVITY),
    ("پایش شاخص‌های تحول اداری", "Monitoring reform indicators", A.MONITORING),
]  # fmt: skip
SAMPLE_SUFFIX_FA = " (عنوان نمونه)"
SAMPLE_SUFFIX_EN = " (sample title)"
DEPUTY_NAMES = [
    ("رضا", "محمدی"), ("علی", "حسین‌زاده"), ("مریم", "رسولی"), ("حسن", "قاسمی"), ("فاطمه", "عباسی"),
    ("محمود", "کریمی"), ("زهرا", "نوروزی"), ("یوسف", "احمدی"), ("سارا", "جعفری"), ("ابراهیم", "رحیمی"),
]  # fmt: skip
POSITIONS = ["معاون توسعه مدیریت و منابع", "معاون برنامه‌ریزی و توسعه", "معاون اداری و مالی"]


def program_catalogue(it_office: Agency, governorate: Agency) -> list[tuple[str, str, str, Agency]]:
    """The 30 demo programs in order: (Persian title, English title, axis, owner). The IT
    office's 7 first; the other 23 are marked as sample titles."""
    return [(t_fa, t_en, axis, it_office) for t_fa, t_en, axis in IT_OFFICE_PROGRAMS] + [
        (t_fa + SAMPLE_SUFFIX_FA, t_en + SAMPLE_SUFFIX_EN, axis, governorate) for t_fa, t_en, axis in SAMPLE_PROGRAMS
    ]


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int = 1) -> None:
        self.created[name] = self.created.get(name, 0) + count


def make_national_code(rng: random.Random, *, leading_zero: bool = False) -> str:
    """A valid national code with a correct check digit."""
    while True:
        body = ("0" if leading_zero else str(rng.randint(1, 9))) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        s = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
        code = body + str(s if s < 2 else 11 - s)
        if is_valid_national_code(code):
            return code


def _aware(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def seed(*, with_users: bool = True, today: datetime.date | None = None) -> SeedResult:
    today = today or timezone.localdate()
    result = SeedResult()

    province, created = Province.objects.get_or_create(
        code=PROVINCE[0], defaults={"name_fa": PROVINCE[1], "name_en": PROVINCE[2]}
    )
    result.add("provinces", created)
    counties = {}
    for code, name_fa, name_en in COUNTIES:
        counties[code], created = County.objects.get_or_create(
            code=f"{PROVINCE[0]}-{code}", defaults={"province": province, "name_fa": name_fa, "name_en": name_en}
        )
        result.add("counties", created)

    def agency(code, name_fa, name_en, kind, group="", county=None):
        obj, created = Agency.objects.get_or_create(
            code=f"{PROVINCE[0]}-{code}",
            defaults={
                "province": province, "name_fa": name_fa, "name_en": name_en, "kind": kind,
                "group": group, "county": county,
            },
        )  # fmt: skip
        result.add("agencies", created)
        return obj

    governorate = agency("GOV", "استانداری آذربایجان غربی", "West Azarbaijan Governorate", Agency.Kind.GOVERNORATE)
    it_office = agency(
        "ITO", "دفتر فناوری اطلاعات استانداری آذربایجان غربی", "Governorate IT Office", Agency.Kind.IT_OFFICE
    )
    executives = [
        agency(code, name_fa, name_en, Agency.Kind.EXECUTIVE, group, counties[county])
        for code, name_fa, name_en, group, county in EXECUTIVE_AGENCIES
    ]

    edition, created = RoadmapEdition.objects.get_or_create(
        code="roadmap-1404",
        defaults={
            "title_fa": "نقشه راه اصلاح نظام اداری (برنامه‌های ۱۴۰۴ به بعد)",
            "title_en": "Administrative reform roadmap (programs from 1404)",
            "start_year": 1404,
            "is_current": not RoadmapEdition.objects.filter(is_current=True).exists(),
        },
    )
    result.add("editions", created)
    programs = []
    for number, (title_fa, title_en, axis, owner) in enumerate(program_catalogue(it_office, governorate), start=1):
        program, created = Program.objects.get_or_create(
            edition=edition,
            number=number,
            defaults={
                "title_fa": title_fa, "title_en": title_en, "axis": axis, "owner": owner,
                "weight": Decimal("2") if owner == it_office and number <= 4 else Decimal("1"),
                "start_date": jalali_month_bounds(1404, 1)[0],
                "end_date": jalali_month_bounds(1407, 12)[1],
            },
        )  # fmt: skip
        result.add("programs", created)
        programs.append(program)

    assignments = _seed_assignments(executives, programs, result)
    periods = _seed_periods(today, result)
    users = _seed_users(executives, governorate, it_office, result) if with_users else {}
    _seed_reports(assignments, periods, users, today, result)
    _seed_deputies(executives, users, result)
    return result


def _seed_assignments(executives, programs, result) -> list[Assignment]:
    existing = {(a.program_id, a.agency_id): a for a in Assignment.objects.filter(agency__in=executives)}
    it_programs, other_programs = programs[:7], programs[7:]
    to_create = []
    for agency in executives:
        rng = random.Random(f"assign:{agency.code}")
        chosen = it_programs[:4] + rng.sample(it_programs[4:], 2) + rng.sample(other_programs, 4)
        for program in chosen:
            if (program.pk, agency.pk) not in existing:
                to_create.append(Assignment(program=program, agency=agency, weight=program.weight, target=""))
    Assignment.objects.bulk_create(to_create)
    result.add("assignments", len(to_create))
    return list(Assignment.objects.filter(agency__in=executives).select_related("agency", "program"))


def _seed_periods(today, result) -> list[ReportingPeriod]:
    periods = []
    for year in sorted({1404, jdatetime.date.fromgregorian(date=today).year}):
        created, existing = create_year_periods(fiscal_year=year, quarters=range(1, 5), due_days=15, close_days=30)
        result.add("periods", len(created))
        periods += sorted(created + existing, key=lambda period: period.number)
    return periods


def _seed_users(executives, governorate, it_office, result) -> dict[str, User]:
    specs = [
        ("staff1", "کارشناس", "جهاد کشاورزی", User.Role.AGENCY_STAFF, executives[0], False),
        ("staff2", "کارشناس", "آموزش و پرورش", User.Role.AGENCY_STAFF, _by_code(executives, "EDU"), False),
        ("governorate", "کارشناس", "استانداری", User.Role.GOVERNORATE_REVIEWER, governorate, False),
        ("itoffice", "کارشناس", "دفتر فناوری اطلاعات", User.Role.IT_OFFICE_REVIEWER, it_office, False),
        ("admin", "مدیر", "سامانه", User.Role.NONE, None, True),
    ]
    users = {}
    for username, first, last, role, agency, is_admin in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first, "last_name": last, "role": role, "agency": agency,
                "email": f"{username}@example.ir", "is_staff": is_admin, "is_superuser": is_admin,
            },
        )  # fmt: skip
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        result.add("users", created)
        users[username] = user
    return users


def _by_code(agencies, code):
    return next(a for a in agencies if a.code.endswith(f"-{code}"))


def _plan_state(rng: random.Random, period: ReportingPeriod, today) -> str | None:
    """The state a demo report is in, or None for a missing report."""
    roll = rng.random()
    if period.closes_on < today:
        table = [(0.82, "approved"), (0.87, "submitted"), (0.90, "returned"), (1.0, None)]
    else:
        table = [(0.25, "approved"), (0.45, "submitted"), (0.55, "returned"), (0.72, "draft"), (1.0, None)]
    return next(state for limit, state in table if roll < limit)


def _seed_reports(assignments, periods, users, today, result) -> None:
    started = [p for p in periods if p.opens_on <= today]
    existing = set(
        ProgressReport.objects.filter(period__in=started, assignment__in=assignments).values_list(
            "assignment_id", "period_id"
        )
    )
    staff_by_agency = {u.agency_id: u for u in users.values() if u.is_agency_staff}
    reviewer = users.get("itoffice")
    showcase = users.get("staff1")
    showcase_states = ["draft", "returned", "submitted", "approved"]
    current = max(started, key=lambda p: p.opens_on) if started else None

    reports, event_specs = [], []
    for assignment in assignments:
        base_rng = random.Random(f"pace:{assignment.agency.code}:{assignment.program.number}")
        pace = base_rng.uniform(4, 14)
        for index, period in enumerate(sorted(started, key=lambda p: p.opens_on)):
            rng = random.Random(f"report:{assignment.agency.code}:{assignment.program.number}:{period.pk}")
            state = _plan_state(rng, period, today)
            if showcase and period == current and assignment.agency_id == showcase.agency_id:
                rank = sorted(a.program.number for a in assignments if a.agency_id == showcase.agency_id)
                position = rank.index(assignment.program.number)
                state = showcase_states[position] if position < len(showcase_states) else None
            if state is None or (assignment.pk, period.pk) in existing:
                continue
            percent = min(100, int(pace * (index + 1) + rng.uniform(-3, 3)))
            percent = max(percent, 0)
            staff = staff_by_agency.get(assignment.agency_id)
            created_at = _aware(period.opens_on + datetime.timedelta(days=rng.randint(5, 60)))
            report = ProgressReport(
                assignment=assignment, period=period, percent=percent, state=state,
                status=_status_for(percent, rng),
                work_done=f"پیشرفت در «{assignment.program.title_fa}» طبق برنامه عملیاتی و مستندات پیوست.",
                obstacles=rng.choice(["", "کمبود اعتبار", "نبود زیرساخت شبکه در شهرستان‌ها", "کمبود نیروی متخصص"]),
                next_steps="ادامه اجرا و گزارش در دوره بعد.",
                created_by=staff, created_at=created_at,
            )  # fmt: skip
            events = [("created", "", "draft", staff, created_at, "")]
            if state != "draft":
                late = rng.random() < 0.2
                due = period.due_on
                submit_day = (
                    due + datetime.timedelta(days=rng.randint(1, 10))
                    if late
                    else due - datetime.timedelta(days=rng.randint(0, 20))
                )
                submit_day = min(max(submit_day, period.opens_on), today)
                submitted_at = max(_aware(submit_day, 11, rng.randint(0, 59)), created_at)
                report.first_submitted_at = report.submitted_at = submitted_at
                report.submitted_by = staff
                events.append(("submitted", "draft", "submitted", staff, submitted_at, ""))
                if state in ("approved", "returned"):
                    reviewed_at = submitted_at + datetime.timedelta(days=rng.randint(1, 5))
                    report.reviewed_by, report.reviewed_at = reviewer, reviewed_at
                    if state == "returned":
                        report.review_comment = "مستندات پیوست کافی نیست؛ لطفاً صورت‌جلسه و گزارش تصویری را اضافه کنید."
                        events.append(
                            ("returned", "submitted", "returned", reviewer, reviewed_at, report.review_comment)
                        )
                    else:
                        events.append(("approved", "submitted", "approved", reviewer, reviewed_at, ""))
            reports.append(report)
            event_specs.append(events)
    created_reports = ProgressReport.objects.bulk_create(reports)
    ReportEvent.objects.bulk_create(
        ReportEvent(report=report, action=f"report.{a}", from_state=f, to_state=t, actor=actor, at=at, comment=c)
        for report, events in zip(created_reports, event_specs, strict=True)
        for a, f, t, actor, at, c in events
    )
    result.add("reports", len(created_reports))


def _status_for(percent: int, rng: random.Random) -> str:
    if percent >= 100:
        return ProgressReport.Status.DONE
    return rng.choice(
        [ProgressReport.Status.ON_TRACK] * 3 + [ProgressReport.Status.AT_RISK, ProgressReport.Status.DELAYED]
    )


def _seed_deputy_account(deputy: LiaisonDeputy, result) -> None:
    """«deputy1»: the portal account of agency A's confirmed deputy, who signs off its reports
    once the province requires it (admin: Provinces → «reports need the liaison deputy's sign-off»)."""
    first, _, last = deputy.full_name.partition(" ")
    user, created = User.objects.get_or_create(
        username="deputy1",
        defaults={"first_name": first, "last_name": last, "role": User.Role.LIAISON_DEPUTY, "agency": deputy.agency,
                  "email": deputy.email},
    )  # fmt: skip
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if deputy.user_id != user.pk:
        deputy.user = user
        deputy.save(update_fields=["user"])
    result.add("users", created)


def _seed_deputies(executives, users, result) -> None:
    plan = ["confirmed"] * 4 + ["awaiting_governorate", "awaiting_it_office", "rejected"]
    governorate, it_office = users.get("governorate"), users.get("itoffice")
    for index, agency in enumerate(executives):
        if index % 9 == 8:
            continue  # a few agencies have never registered a deputy
        rng = random.Random(f"deputy:{agency.code}")
        state = plan[index % len(plan)]
        records = [(state, index == 0)]
        if state == "confirmed" and index % 3 == 0:
            records.insert(0, ("superseded", False))
        for number, (record_state, leading_zero) in enumerate(records):
            first, last = DEPUTY_NAMES[(index + number) % len(DEPUTY_NAMES)]
            code = make_national_code(rng, leading_zero=leading_zero)
            deputy, created = LiaisonDeputy.objects.get_or_create(
                agency=agency,
                national_code=code,
                defaults={
                    "full_name": f"{first} {last}", "position": rng.choice(POSITIONS),
                    "mobile": f"0914{rng.randint(1000000, 9999999)}", "email": f"deputy.{agency.code.lower()}@example.ir",
                    "office_phone": f"0443{rng.randint(1000000, 9999999)}", "state": record_state,
                    "submitted_by": users.get("staff1") if agency.pk == getattr(users.get("staff1"), "agency_id", 0) else None,
                },
            )  # fmt: skip
            if created and record_state in ("awaiting_it_office", "confirmed", "superseded"):
                deputy.governorate_reviewed_by, deputy.governorate_reviewed_at = governorate, timezone.now()
                if record_state != "awaiting_it_office":
                    deputy.it_office_reviewed_by, deputy.it_office_reviewed_at = it_office, timezone.now()
                deputy.save()
            if created and record_state == "rejected":
                deputy.governorate_reviewed_by, deputy.governorate_reviewed_at = governorate, timezone.now()
                deputy.rejection_reason = "شماره همراه با سامانه ثبت احوال مطابقت ندارد."
                deputy.save()
            if record_state == "confirmed" and users and agency.pk == users["staff1"].agency_id:
                _seed_deputy_account(deputy, result)
            result.add("deputies", created)
