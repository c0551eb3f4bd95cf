"""Indicators and evaluations for the national data set (`seed_demo --scale national`).

Two general indicators per program of the national edition (a value and a ratio), the
program's default targets, values in every approved report of the two latest fiscal years
with periods (COPY on PostgreSQL), and for every province an evaluation of each of those years:
the earlier one final, the later one in its objection window, both with their scores computed
as publication computes them (evaluations.services.store_scores). Deterministic; seeding again
when the indicators exist does nothing.
"""

import datetime
import io
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Province
from demo.national import CODE_PREFIX
from evaluations import services
from evaluations.models import EvaluationCycle
from programs.models import Indicator, IndicatorTarget, IndicatorValue, Program, ProgressReport, ReportingPeriod

BATCH = 20_000
K, A = Indicator.Kind, Indicator.Aggregation


def _years() -> list[int]:
    """The two latest fiscal years with periods, the complete ones first choice."""
    years: dict[int, int] = {}
    for year in ReportingPeriod.objects.values_list("fiscal_year", flat=True):
        years[year] = years.get(year, 0) + 1
    complete = sorted(year for year, count in years.items() if count >= 4)
    chosen = complete[-2:] if len(complete) >= 2 else sorted(years)[-2:]
    return chosen


def _indicators(programs: list[Program]) -> list[Indicator]:
    rows = []
    for program in programs:
        rows.append(Indicator(
            program=program, code=f"{CODE_PREFIX}-{program.number:02d}-A", title_fa="درصد تحقق اقدامات برنامه",
            kind=K.VALUE, aggregation=A.LATEST, weight=Decimal(2), unit="درصد", min_value=0, max_value=100,
        ))  # fmt: skip
        rows.append(Indicator(
            program=program, code=f"{CODE_PREFIX}-{program.number:02d}-B", title_fa="سهم خدمات الکترونیکی‌شده",
            kind=K.RATIO, aggregation=A.SUM, weight=Decimal(1), unit="درصد", numerator_label="خدمات الکترونیکی",
            denominator_label="همه خدمات",
        ))  # fmt: skip
    Indicator.objects.bulk_create(rows)
    return list(Indicator.objects.filter(code__startswith=f"{CODE_PREFIX}-").select_related("program"))


def _value_rows(indicators: list[Indicator], years: list[int]):
    by_program: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_program.setdefault(indicator.program_id, []).append(indicator)
    reports = (
        ProgressReport.objects.filter(state="approved", period__fiscal_year__in=years)
        .values_list("pk", "assignment__program_id", "percent")
        .order_by("pk")
        .iterator(chunk_size=10_000)
    )
    for report_id, program_id, percent in reports:
        rng = random.Random(f"national-value:{report_id}")
        for indicator in by_program.get(program_id, []):
            if indicator.kind == K.RATIO:
                whole = rng.randint(10, 200)
                part = min(whole, max(0, round(whole * min(1.0, percent / 100 + rng.uniform(-0.1, 0.2)))))
                value = (Decimal(100) * part / whole).quantize(Decimal("0.0001"))
                yield (report_id, indicator.pk, value, Decimal(part), Decimal(whole))
            else:
                yield (report_id, indicator.pk, Decimal(min(100, max(0, percent + rng.randint(-10, 10)))), None, None)


def _copy_values(rows) -> int:
    written, batch = 0, []

    def flush():
        nonlocal written
        if not batch:
            return
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for report_id, indicator_id, value, numerator, denominator in batch:
                cells = [report_id, indicator_id, value, numerator, denominator]
                buffer.write("\t".join(r"\N" if cell is None else str(cell) for cell in cells) + "\t\t\n")
            buffer.seek(0)
            table = IndicatorValue._meta.db_table
            with connection.cursor() as cursor:
                cursor.copy_expert(
                    f"COPY {table} (report_id, indicator_id, value, numerator, denominator, note, verified_reason) "
                    "FROM STDIN",
                    buffer,
                )
        else:
            IndicatorValue.objects.bulk_create(
                [
                    IndicatorValue(report_id=r, indicator_id=i, value=v, numerator=n, denominator=d)
                    for r, i, v, n, d in batch
                ],  # fmt: skip
                batch_size=1000,
            )
        written += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    return written


def seed(*, stdout=None, today: datetime.date | None = None) -> dict[str, int]:
    """Indicators, targets, values and evaluations of the national data set; {} when they exist."""
    today = today or timezone.localdate()
    if Indicator.objects.filter(code__startswith=f"{CODE_PREFIX}-").exists():
        return {}
    programs = list(Program.objects.filter(edition__code="roadmap-national").order_by("number"))
    years = _years()
    if not programs or not years:
        return {}
    with transaction.atomic():
        indicators = _indicators(programs)
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(
                indicator=indicator, fiscal_year=year, value=Decimal(80 if indicator.kind == K.VALUE else 60)
            )
            for indicator in indicators
            for year in years
        )  # fmt: skip
        if stdout:
            stdout.write(f"{len(indicators)} indicators; writing their values of {', '.join(map(str, years))}…")
        values = _copy_values(_value_rows(indicators, years))
        cycles = scores = 0
        provinces = list(Province.objects.filter(code__startswith=CODE_PREFIX).order_by("code"))
        for province in provinces:
            for position, year in enumerate(years):
                last = position == len(years) - 1
                cycle = EvaluationCycle.objects.create(
                    province=province, fiscal_year=year,
                    state=EvaluationCycle.State.OBJECTIONS if last else EvaluationCycle.State.FINAL,
                    objection_opens_on=today - datetime.timedelta(days=3 if last else 380),
                    objection_closes_on=today + datetime.timedelta(days=11 if last else -366),
                    published_at=timezone.now(),
                )  # fmt: skip
                scores += services.store_scores(cycle)
                cycles += 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return {"indicators": len(indicators), "indicator values": values, "evaluation cycles": cycles,
            "indicator scores": scores}  # fmt: skip
