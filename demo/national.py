"""A national-sized data set for benchmarks: `seed_demo --scale national`.

31 provinces, about 430 counties, about 2,000 agencies, 30 programs, 12 assignments
per executive agency, 40 quarterly periods and about a million progress reports.
Rows are written in batches (COPY on PostgreSQL, bulk_create elsewhere). Deterministic:
every random choice is seeded. Seeding again when the national provinces exist does
nothing. No demo logins and no report events are created.
"""

import datetime
import io
import random
from decimal import Decimal

import jdatetime
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, County, Province
from demo.province import EXECUTIVE_AGENCIES, program_catalogue
from programs.models import Assignment, Program, ProgressReport, ReportingPeriod, RoadmapEdition
from programs.services import create_year_periods

PROVINCES = [
    "آذربایجان شرقی", "آذربایجان غربی", "اردبیل", "اصفهان", "البرز", "ایلام", "بوشهر", "تهران",
    "چهارمحال و بختیاری", "خراسان جنوبی", "خراسان رضوی", "خراسان شمالی", "خوزستان", "زنجان", "سمنان",
    "سیستان و بلوچستان", "فارس", "قزوین", "قم", "کردستان", "کرمان", "کرمانشاه", "کهگیلویه و بویراحمد",
    "گلستان", "گیلان", "لرستان", "مازندران", "مرکزی", "هرمزگان", "همدان", "یزد",
]  # fmt: skip
EXECUTIVES_PER_PROVINCE = 62
ASSIGNMENTS_PER_AGENCY = 12
PERIODS = 40
CODE_PREFIX = "N"
BATCH = 20_000
GROUPS = list(Agency.Group.values)


def _quarters_until(today: datetime.date, count: int) -> list[tuple[int, int]]:
    jtoday = jdatetime.date.fromgregorian(date=today)
    year, quarter = jtoday.year, (jtoday.month - 1) // 3 + 1
    quarters = []
    for _ in range(count):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(quarters))


def _periods(today: datetime.date) -> list[ReportingPeriod]:
    by_year: dict[int, list[int]] = {}
    for year, quarter in _quarters_until(today, PERIODS):
        by_year.setdefault(year, []).append(quarter)
    periods = []
    for year, quarters in sorted(by_year.items()):
        created, existing = create_year_periods(fiscal_year=year, quarters=quarters, due_days=15, close_days=30)
        periods += sorted(created + existing, key=lambda period: period.number)
    return periods


def _agencies() -> tuple[list[Agency], Agency, Agency]:
    counties_per_province = [13 + (index % 3) for index in range(len(PROVINCES))]  # 13–15, ≈ 430 in all
    for index, name in enumerate(PROVINCES, start=1):
        province = Province.objects.create(code=f"{CODE_PREFIX}{index:02d}", name_fa=name, name_en=f"Province {index}")
        County.objects.bulk_create(
            County(province=province, code=f"{province.code}-C{number:02d}", name_fa=f"شهرستان {number} {name}")
            for number in range(1, counties_per_province[index - 1] + 1)
        )
    provinces = list(Province.objects.filter(code__startswith=CODE_PREFIX).order_by("code"))
    counties = {}
    for county in County.objects.filter(province__in=provinces).order_by("code"):
        counties.setdefault(county.province_id, []).append(county)
    agencies = []
    for province in provinces:
        agencies.append(Agency(province=province, code=f"{province.code}-GOV", name_fa=f"استانداری {province.name_fa}",
                               kind=Agency.Kind.GOVERNORATE))  # fmt: skip
        agencies.append(Agency(province=province, code=f"{province.code}-ITO", kind=Agency.Kind.IT_OFFICE,
                               name_fa=f"دفتر فناوری اطلاعات استانداری {province.name_fa}"))  # fmt: skip
        for number in range(EXECUTIVES_PER_PROVINCE):
            template = EXECUTIVE_AGENCIES[number % len(EXECUTIVE_AGENCIES)]
            suffix = "" if number < len(EXECUTIVE_AGENCIES) else f" (واحد {number // len(EXECUTIVE_AGENCIES) + 1})"
            agencies.append(
                Agency(
                    province=province,
                    code=f"{province.code}-E{number:02d}",
                    kind=Agency.Kind.EXECUTIVE,
                    name_fa=f"{template[1]} {province.name_fa}{suffix}",
                    name_en=template[2],
                    group=GROUPS[number % len(GROUPS)],
                    county=counties[province.pk][number % len(counties[province.pk])],
                )  # fmt: skip
            )
    Agency.objects.bulk_create(agencies, batch_size=1000)
    agencies = list(Agency.objects.filter(province__in=provinces))
    it_office = next(a for a in agencies if a.code == f"{CODE_PREFIX}01-ITO")
    governorate = next(a for a in agencies if a.code == f"{CODE_PREFIX}01-GOV")
    return [a for a in agencies if a.kind == Agency.Kind.EXECUTIVE], it_office, governorate


def _programs(it_office: Agency, governorate: Agency) -> list[Program]:
    edition, _created = RoadmapEdition.objects.get_or_create(
        code="roadmap-national",
        defaults={"title_fa": "نقشه راه اصلاح نظام اداری (داده ملی آزمایشی)", "start_year": 1395,
                  "is_current": not RoadmapEdition.objects.filter(is_current=True).exists()},
    )  # fmt: skip
    Program.objects.bulk_create(
        Program(
            edition=edition,
            number=number,
            title_fa=fa,
            title_en=en,
            axis=axis,
            owner=owner,
            weight=Decimal(2) if number <= 4 else Decimal(1),
        )  # fmt: skip
        for number, (fa, en, axis, owner) in enumerate(program_catalogue(it_office, governorate), start=1)
    )
    return list(Program.objects.filter(edition=edition).order_by("number"))


def _assignments(executives: list[Agency], programs: list[Program]) -> list[Assignment]:
    it_programs, other_programs = programs[:7], programs[7:]
    rows = []
    for agency in executives:
        rng = random.Random(f"national-assign:{agency.code}")
        chosen = (
            it_programs[:4] + rng.sample(it_programs[4:], 2) + rng.sample(other_programs, ASSIGNMENTS_PER_AGENCY - 6)
        )
        rows.extend(Assignment(program=p, agency=agency, weight=p.weight) for p in chosen)
    Assignment.objects.bulk_create(rows, batch_size=5000)
    return list(Assignment.objects.filter(agency__in=executives).only("pk", "agency_id", "program_id"))


def _state(rng: random.Random, closed: bool) -> str | None:
    roll = rng.random()
    if closed:
        table = ((0.86, "approved"), (0.90, "submitted"), (0.93, "returned"), (0.95, "draft"), (1.0, None))
    else:
        table = ((0.25, "approved"), (0.45, "submitted"), (0.55, "returned"), (0.72, "draft"), (1.0, None))
    return next(state for limit, state in table if roll < limit)


def _report_rows(assignments, periods, today):
    """Yields one dict of column values per report."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    started = [p for p in periods if p.opens_on <= today]
    for assignment in assignments:
        rng = random.Random(f"national-report:{assignment.pk}")
        pace = rng.uniform(1.5, 4)
        for index, period in enumerate(started):
            state = _state(rng, period.closes_on < today)
            if state is None:
                continue
            percent = max(0, min(100, int(pace * (index + 1) + rng.uniform(-3, 3))))
            created_at = datetime.datetime.combine(period.opens_on + datetime.timedelta(days=5), datetime.time(9), tz)
            first_submitted_at = None
            if state != "draft":
                late = rng.random() < 0.15
                day = period.due_on + datetime.timedelta(days=rng.randint(1, 10) if late else -rng.randint(0, 20))
                day = min(max(day, period.opens_on), today)
                first_submitted_at = datetime.datetime.combine(day, datetime.time(11, rng.randint(0, 59)), tz)
            yield {
                "assignment_id": assignment.pk, "period_id": period.pk, "percent": percent, "state": state,
                "status": "done" if percent >= 100 else rng.choice(("on_track", "on_track", "at_risk", "delayed")),
                "work_done": "اجرای برنامه طبق برنامه عملیاتی", "obstacles": rng.choice(("", "کمبود اعتبار")),
                "created_at": created_at, "updated_at": now,
                "submitted_at": first_submitted_at, "first_submitted_at": first_submitted_at,
                "reviewed_at": first_submitted_at + datetime.timedelta(days=3) if state in ("approved", "returned")
                else None,
            }  # fmt: skip


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _write_reports(rows) -> int:
    fields = [f for f in ProgressReport._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    written = 0
    batch = []

    def flush():
        nonlocal written
        if not batch:
            return
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in batch:
                buffer.write("\t".join(_copy_value(row.get(f.attname, defaults[f.attname])) for f in fields))
                buffer.write("\n")
            buffer.seek(0)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            with connection.cursor() as cursor:
                cursor.copy_expert(f"COPY {ProgressReport._meta.db_table} ({columns}) FROM STDIN", buffer)
        else:
            ProgressReport.objects.bulk_create(
                [ProgressReport(**{**defaults, **row}) for row in batch], batch_size=1000
            )
        written += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    return written


def seed(*, today: datetime.date | None = None, stdout=None) -> dict[str, int]:
    """Builds the national data set; does nothing when it exists."""
    today = today or timezone.localdate()
    if Province.objects.filter(code=f"{CODE_PREFIX}01").exists():
        return {}
    with transaction.atomic():
        periods = _periods(today)
        executives, it_office, governorate = _agencies()
        programs = _programs(it_office, governorate)
        assignments = _assignments(executives, programs)
        if stdout:
            stdout.write(f"{len(executives)} executive agencies, {len(assignments)} assignments; writing reports…")
        reports = _write_reports(_report_rows(assignments, periods, today))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # fresh statistics and visibility map (VACUUM is not allowed inside a transaction, e.g. in tests)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return {
        "provinces": len(PROVINCES),
        "agencies": Agency.objects.filter(code__startswith=CODE_PREFIX).count(),
        "programs": len(programs),
        "assignments": len(assignments),
        "periods": len(periods),
        "reports": reports,
    }
