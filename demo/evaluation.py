"""Demo indicators, targets, values and evaluation cycles for the West Azarbaijan demo.

- Indicators for the 30 demo programs: the IT office's 7 with the e-government, counter-office
  and public-service-office indicators a province watches (one computed from the channel
  counts: the share of transactions outside the agency's own counters), one general indicator
  for each sample program, and a few specific ones (an agency group's, agency A's own).
- Targets for 1404 and the current year: the program's defaults, some groups' and agency A's own.
- Values in the reports of those years (verified values for a few, evidence files where the
  indicator requires them).
- Evaluations: 1403 final (last year's published results, for the change column), 1404 in its
  objection window (computed from the approved 1404 data, with a few objections: one accepted,
  one rejected, two waiting), and the current year open for self-assessment (the score
  simulator on the agency's page).

Idempotent: indicators are found by code, targets by their key, values by report and
indicator, cycles by province and year; every random choice is seeded by those keys. Runs
after demo.province, demo.circulars and demo.channels.
"""

import datetime
import random
from decimal import Decimal

import jdatetime
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, User
from evaluations import services
from evaluations.models import EvaluationCycle, IndicatorScore, Objection, ObjectionAttachment
from programs.models import (
    Evidence,
    Indicator,
    IndicatorLevel,
    IndicatorTarget,
    IndicatorValue,
    Program,
    ProgressReport,
)

EVALUATED_YEAR = 1404
PREVIOUS_YEAR = 1403
G = Agency.Group
K, D, A = Indicator.Kind, Indicator.Direction, Indicator.Aggregation

# number of the IT office's program → its indicators:
# (code, Persian title, English title, kind, direction, aggregation, unit, weight, evidence, target,
#  numerator, denominator, valid range)
IT_INDICATORS = {
    1: [
        ("CO-01", "تعداد خدمات دستگاه قابل ارائه در دفاتر پیشخوان دولت", "Agency services offered at government counter offices",
         K.VALUE, D.HIGHER, A.LATEST, "خدمت", 4, True, 6, "", "", (0, 200)),
        ("CO-02", "سهم درخواست‌های ثبت‌شده در دفاتر پیشخوان از کل درخواست‌ها", "Share of requests filed at counter offices",
         K.RATIO, D.HIGHER, A.SUM, "درصد", 3, False, 35, "درخواست‌های ثبت‌شده در دفاتر پیشخوان", "کل درخواست‌ها", None),
    ],
    2: [
        ("PS-01", "سهم تراکنش‌های خارج از باجه‌های دستگاه", "Share of transactions outside the agency's own counters",
         K.RATIO, D.HIGHER, A.SUM, "درصد", 5, False, 50, "", "", None),
        ("PS-02", "میانگین زمان انتظار مراجعه‌کنندگان حضوری", "Average waiting time of visitors at the counters",
         K.VALUE, D.LOWER, A.AVERAGE, "دقیقه", 2, False, 20, "", "", (0, 600)),
    ],
    3: [
        ("IN-01", "تعداد اطلاعیه‌ها و گزارش‌های منتشرشده درباره تحول اداری", "Notices and reports published on the reform",
         K.VALUE, D.HIGHER, A.SUM, "مورد", 2, True, 12, "", "", (0, 1000)),
        ("IN-02", "روزآمد بودن صفحه شفافیت در پایگاه اینترنتی دستگاه", "Transparency page of the agency's website kept up to date",
         K.YES_NO, D.HIGHER, A.LATEST, "", 1, True, None, "", "", None),
    ],
    4: [
        ("EG-01", "سهم خدمات الکترونیکی‌شده (سطح ۳ و بالاتر)", "Share of services online (level 3 and above)",
         K.RATIO, D.HIGHER, A.LATEST, "درصد", 5, True, 70, "خدمات الکترونیکی سطح ۳ و بالاتر", "کل خدمات شناسنامه‌دار", None),
        ("EG-02", "کیفیت درگاه خدمات الکترونیکی دستگاه", "Quality of the agency's e-services portal",
         K.QUALITATIVE, D.HIGHER, A.LATEST, "", 3, False, None, "", "", None),
    ],
    5: [
        ("DX-01", "تعداد استعلام‌های الکترونیکی جایگزین استعلام کاغذی", "Paper enquiries replaced by electronic ones",
         K.VALUE, D.HIGHER, A.SUM, "استعلام", 3, False, 2000, "", "", (0, 10_000_000)),
    ],
    6: [
        ("PL-01", "سهم مکاتبات اداری الکترونیکی", "Share of electronic correspondence",
         K.RATIO, D.HIGHER, A.SUM, "درصد", 4, False, 85, "نامه‌های الکترونیکی", "کل نامه‌ها", None),
    ],
    7: [
        ("SC-01", "دریافت گواهی امنیت سامانه‌های دستگاه", "Security certificate of the agency's systems",
         K.YES_NO, D.HIGHER, A.LATEST, "", 2, True, None, "", "", None),
        ("SC-02", "تعداد رخدادهای امنیتی گزارش‌شده", "Security incidents reported",
         K.VALUE, D.LOWER, A.SUM, "رخداد", 2, False, 4, "", "", (0, 10_000)),
    ],
}  # fmt: skip
PORTAL_LEVELS = [
    ("ضعیف", "Weak", "0.25"),
    ("متوسط", "Fair", "0.50"),
    ("خوب", "Good", "0.75"),
    ("عالی", "Excellent", "1"),
]
# Specific indicators: (code, program number, Persian, English, kind, aggregation, weight, target, for)
SPECIFIC = [
    ("SP-HW", 4, "سهم نسخه‌ها و پرونده‌های الکترونیک سلامت", "Share of electronic prescriptions and health records",
     K.VALUE, A.LATEST, 4, 75, {"agency_group": G.HEALTH_WELFARE}),
    ("SP-PR", 1, "اتصال به سامانه جامع مجوزهای کسب‌وکار", "Connected to the national business-permit system",
     K.YES_NO, A.LATEST, 3, None, {"agency_group": G.PRODUCTION}),
    ("SP-PR2", 1, "تعداد مجوزهای کسب‌وکار صادرشده به‌صورت برخط", "Business permits issued online",
     K.VALUE, A.SUM, 3, 60, {"agency_group": G.PRODUCTION}),
    ("SP-AGR", 1, "تعداد مجوزهای کشاورزی صادرشده در پنجره واحد", "Agricultural permits issued through the single window",
     K.VALUE, A.SUM, 4, 400, {"agency_code": "AGR"}),
]  # fmt: skip
OBJECTIONS = [
    # (agency suffix, indicator code, reason, claimed value, decision, accepted value)
    ("AGR", "CO-01", "در سه‌ماهه چهارم دو خدمت دیگر نیز به دفاتر پیشخوان واگذار شد؛ صورت‌جلسه پیوست است.", 8,
     "accept", 8),
    ("EDU", "IN-01", "گزارش‌های منتشرشده در کانال رسمی اداره کل در شمارش لحاظ نشده است.", 14, "reject", None),
    ("AGR", "PS-02", "زمان انتظار سه‌ماهه دوم اشتباه ثبت شده است؛ گزارش سامانه نوبت‌دهی پیوست است.", 12, None, None),
    ("EDU", "EG-01", "خدمات جدید سامانه ثبت‌نام دانش‌آموزان در شمارش نیامده است.", 80, None, None),
]  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _suffix(agency) -> str:
    return agency.code.rsplit("-", 1)[-1]


def seed(*, result, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    programs = {program.number: program for program in Program.objects.filter(edition__code="roadmap-1404")}
    agencies = list(
        Agency.objects.filter(kind=Agency.Kind.EXECUTIVE, code__startswith="WAZ-").select_related("province")
    )
    if not programs or not agencies:
        return
    current_year = jdatetime.date.fromgregorian(date=today).year
    with transaction.atomic():
        indicators = _seed_indicators(programs, agencies, result)
        for year in sorted({EVALUATED_YEAR, current_year}):
            _seed_targets(indicators, agencies, year, result)
        _seed_values(indicators, agencies, [EVALUATED_YEAR, current_year], result)
        cycle = _seed_cycles(agencies, current_year, today, result)
    if cycle is not None:
        _seed_objections(cycle, agencies, result)  # through the services, each its own transaction


def _seed_indicators(programs, agencies, result) -> list[Indicator]:
    by_code = {_suffix(agency): agency for agency in agencies}
    found = []

    def make(code, program, defaults, levels=()):
        target = defaults.pop("_target", None)
        indicator, created = Indicator.objects.get_or_create(code=code, defaults={"program": program, **defaults})
        result.add("indicators", created)
        if created:
            for rank, (label_fa, label_en, fraction) in enumerate(levels, start=1):
                IndicatorLevel.objects.create(indicator=indicator, rank=rank, label_fa=label_fa, label_en=label_en,
                                              fraction=Decimal(fraction))  # fmt: skip
        indicator.demo_target = target
        found.append(indicator)

    for number, rows in IT_INDICATORS.items():
        if number not in programs:
            continue
        for code, fa, en, kind, direction, aggregation, unit, weight, evidence, target, num, den, valid in rows:
            defaults = {
                "title_fa": fa, "title_en": en, "kind": kind, "direction": direction, "aggregation": aggregation,
                "unit": unit, "weight": Decimal(weight), "evidence_required": evidence, "numerator_label": num,
                "denominator_label": den, "min_value": valid[0] if valid else None,
                "max_value": valid[1] if valid else None,
                "source": Indicator.Source.OUTSIDE_SHARE if code == "PS-01" else Indicator.Source.TYPED,
                "_target": target,
            }  # fmt: skip
            make(code, programs[number], defaults, PORTAL_LEVELS if kind == K.QUALITATIVE else ())
    for number, program in sorted(programs.items()):
        if number in IT_INDICATORS:
            continue
        make(f"PR-{number:02d}", program, {
            "title_fa": "درصد تحقق اقدامات برنامه عملیاتی", "title_en": "Share of the operational plan's actions done",
            "kind": K.VALUE, "aggregation": A.LATEST, "unit": "درصد", "weight": Decimal(2), "min_value": 0,
            "max_value": 100, "_target": 80,
        })  # fmt: skip
    for code, number, fa, en, kind, aggregation, weight, target, scope in SPECIFIC:
        agency = by_code.get(scope.get("agency_code", ""))
        if number not in programs or ("agency_code" in scope and agency is None):
            continue
        make(code, programs[number], {
            "title_fa": fa, "title_en": en, "kind": kind, "aggregation": aggregation, "weight": Decimal(weight),
            "indicator_set": Indicator.Set.SPECIFIC, "agency": agency, "agency_group": scope.get("agency_group", ""),
            "evidence_required": kind == K.VALUE, "min_value": 0 if kind == K.VALUE else None, "_target": target,
        })  # fmt: skip
    return found


def _seed_targets(indicators, agencies, year, result) -> None:
    for indicator in indicators:
        if indicator.demo_target is None:
            continue
        target = Decimal(indicator.demo_target)
        _, created = IndicatorTarget.objects.get_or_create(
            indicator=indicator, fiscal_year=year, quarter=0, agency=None, agency_group="", defaults={"value": target}
        )
        result.add("indicator targets", created)
    by_code = {indicator.code: indicator for indicator in indicators}
    overrides = [
        ("EG-01", {"agency_group": G.CULTURAL_EDUCATIONAL}, 60),  # fewer services of theirs can go online
        ("CO-02", {"agency_group": G.ECONOMIC_FINANCIAL}, 45),
        ("CO-01", {"agency_code": "AGR"}, 8),  # agency A's own target overrides the program's 6
        ("PS-02", {"agency_code": "AGR"}, 15),
    ]
    by_suffix = {_suffix(agency): agency for agency in agencies}
    for code, scope, value in overrides:
        indicator = by_code.get(code)
        agency = by_suffix.get(scope.get("agency_code", ""))
        if indicator is None or ("agency_code" in scope and agency is None):
            continue
        _, created = IndicatorTarget.objects.get_or_create(
            indicator=indicator, fiscal_year=year, quarter=0, agency=agency,
            agency_group=scope.get("agency_group", ""), defaults={"value": Decimal(value)},
        )  # fmt: skip
        result.add("indicator targets", created)


def _demo_value(indicator, rng, target, index, maturity):
    """A plausible value of one period: (value, numerator, denominator)."""
    if indicator.kind == K.YES_NO:
        return (Decimal(1) if rng.random() < 0.35 + 0.4 * maturity + 0.05 * index else Decimal(0)), None, None
    if indicator.kind == K.QUALITATIVE:
        return Decimal(min(4, 1 + int(maturity * 3 + rng.random() + index * 0.2))), None, None
    if indicator.kind == K.RATIO:
        whole = rng.randint(40, 400)
        share = min(0.98, max(0.02, float(target or 50) / 100 * (0.5 + maturity * 0.7) + rng.uniform(-0.1, 0.1)))
        part = round(whole * share)
        return (Decimal(100) * part / whole).quantize(Decimal("0.0001")), Decimal(part), Decimal(whole)
    target = Decimal(target or 10)
    if indicator.aggregation == A.SUM:
        target /= 4  # a quarter's share of the year's target
    factor = Decimal(str(round(0.45 + maturity * 0.8 + rng.uniform(-0.15, 0.15), 2)))
    if indicator.direction == D.LOWER:
        factor = Decimal(str(round(1.6 - maturity * 0.9 + rng.uniform(-0.1, 0.1), 2)))
    value = max(Decimal(0), (target * factor).quantize(Decimal(1)))
    if indicator.max_value is not None:
        value = min(value, indicator.max_value)
    return value, None, None


def _seed_values(indicators, agencies, years, result) -> None:
    reports = list(
        ProgressReport.objects.filter(
            assignment__agency__in=agencies, period__fiscal_year__in=years, period__kind="quarter"
        ).select_related("assignment__agency", "assignment__program", "period", "created_by", "reviewed_by")
    )
    done = set(IndicatorValue.objects.filter(report__in=reports).values_list("report_id", "indicator_id"))
    targets = {(target.indicator_id, target.fiscal_year): target.value
               for target in IndicatorTarget.objects.filter(agency__isnull=True, agency_group="", quarter=0)}  # fmt: skip
    by_program: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.is_typed:
            by_program.setdefault(indicator.program_id, []).append(indicator)
    created_values, files = [], []
    for report in reports:
        agency = report.assignment.agency
        maturity = random.Random(f"maturity:{agency.code}").random()
        for indicator in by_program.get(report.assignment.program_id, []):
            if not indicator.applies_to(agency) or (report.pk, indicator.pk) in done:
                continue
            rng = random.Random(f"value:{report.pk}:{indicator.code}")
            if report.state == "draft" and rng.random() < 0.4:
                continue  # a draft is not complete yet
            target = targets.get((indicator.pk, report.period.fiscal_year))
            value, numerator, denominator = _demo_value(indicator, rng, target, report.period.number, maturity)
            row = IndicatorValue(
                report=report, indicator=indicator, value=value, numerator=numerator, denominator=denominator,
                note="طبق گزارش سامانه و صورت‌جلسه کمیته تحول اداری" if rng.random() < 0.3 else "",
            )  # fmt: skip
            if report.state == "approved" and indicator.kind == K.VALUE and rng.random() < 0.06:
                row.verified_value = (value * Decimal("0.85")).quantize(Decimal(1))
                row.verified_reason = "با سامانه مرجع تطبیق داده شد؛ تعداد تأییدشده کمتر است."
                row.verified_by = report.reviewed_by
                row.verified_at = report.reviewed_at or timezone.now()
            created_values.append(row)
            if indicator.evidence_required and value > 0 and report.state != "draft":
                files.append((report, indicator))
    IndicatorValue.objects.bulk_create(created_values, batch_size=1000)
    result.add("indicator values", len(created_values))
    for report, indicator in files:
        uploader = report.created_by or _any_staff()
        if uploader is None:
            continue  # seeded without users
        evidence = Evidence(report=report, indicator=indicator, original_name=f"مستند {indicator.code}.pdf", kind="pdf",
                            size=len(PDF), uploaded_by=uploader,
                            uploaded_at=report.first_submitted_at or timezone.now())  # fmt: skip
        evidence.file.save(f"{indicator.code}.pdf", ContentFile(PDF), save=False)
        evidence.save()
        result.add("indicator evidence files")


def _any_staff():
    return User.objects.filter(role=User.Role.AGENCY_STAFF).order_by("pk").first()


def _seed_cycles(agencies, current_year, today, result) -> EvaluationCycle | None:
    """The three cycles; returns the 1404 one when it was just made (its objections come next)."""
    province = agencies[0].province
    office = User.objects.filter(role=User.Role.IT_OFFICE_REVIEWER, agency__province=province).order_by("pk").first()
    if not EvaluationCycle.objects.filter(province=province, fiscal_year=PREVIOUS_YEAR).exists():
        _seed_last_years_results(province, agencies, office)
        result.add("evaluation cycles")
    if not EvaluationCycle.objects.filter(province=province, fiscal_year=EVALUATED_YEAR).exists():
        cycle = EvaluationCycle.objects.create(
            province=province, fiscal_year=EVALUATED_YEAR, state=EvaluationCycle.State.OBJECTIONS, created_by=office,
            objection_opens_on=today - datetime.timedelta(days=3), objection_closes_on=today + datetime.timedelta(days=11),
            published_by=office, published_at=timezone.now() - datetime.timedelta(days=4),
        )  # fmt: skip
        result.add("evaluation cycles")
        result.add("indicator scores", services.store_scores(cycle))
        _record(cycle, office, today)
        made = cycle
    else:
        made = None
    if (
        current_year != EVALUATED_YEAR
        and not EvaluationCycle.objects.filter(province=province, fiscal_year=current_year).exists()
    ):
        cycle = EvaluationCycle.objects.create(province=province, fiscal_year=current_year, created_by=office)
        cycle.events.create(action="evaluation.created", to_state=cycle.state, actor=office)
        result.add("evaluation cycles")
    return made


def _record(cycle, office, today) -> None:
    """The 1404 cycle's history: opened, evaluated, published, objection window opened."""
    steps = [("evaluation.created", "", "self_assessment", 60), ("evaluation.started", "self_assessment",
             "under_evaluation", 20), ("evaluation.published", "under_evaluation", "preliminary", 4),
             ("evaluation.objections_opened", "preliminary", "objection_window", 3)]  # fmt: skip
    for action, before, after, days in steps:
        cycle.events.create(action=action, from_state=before, to_state=after, actor=office,
                            at=timezone.now() - datetime.timedelta(days=days))  # fmt: skip


def _seed_last_years_results(province, agencies, office) -> None:
    """1403's published, final results (as imported from last year's workbook): a score per
    agency and indicator, so that the rankings show the change from last year."""
    cycle = EvaluationCycle.objects.create(
        province=province, fiscal_year=PREVIOUS_YEAR, state=EvaluationCycle.State.FINAL, created_by=office,
        objection_opens_on=datetime.date(2025, 5, 10), objection_closes_on=datetime.date(2025, 5, 24),
        published_by=office, published_at=timezone.now() - datetime.timedelta(days=400),
        finalized_by=office, finalized_at=timezone.now() - datetime.timedelta(days=360),
    )  # fmt: skip
    cycle.events.create(action="evaluation.finalized", from_state="objections_decided", to_state="final",
                        actor=office, comment="نتایج نهایی ارزیابی ۱۴۰۳ از کارنامه استان وارد شد.")  # fmt: skip
    assigned = {}
    for agency_id, program_id in (
        Program.objects.filter(assignments__agency__in=agencies, assignments__is_active=True)
        .values_list("assignments__agency_id", "pk")
    ):  # fmt: skip
        assigned.setdefault(agency_id, set()).add(program_id)
    indicators = list(Indicator.objects.filter(is_active=True, program__edition__code="roadmap-1404"))
    rows = []
    for agency in agencies:
        maturity = random.Random(f"maturity:{agency.code}").random()
        for indicator in indicators:
            if indicator.program_id not in assigned.get(agency.pk, set()) or not indicator.applies_to(agency):
                continue
            rng = random.Random(f"1403:{agency.code}:{indicator.code}")
            achievement = Decimal(str(round(min(1.0, max(0.0, 0.45 + maturity * 0.5 + rng.uniform(-0.2, 0.15))), 4)))
            score = (indicator.weight * achievement).quantize(Decimal("0.01"))
            rows.append(IndicatorScore(
                cycle=cycle, agency=agency, indicator=indicator, indicator_set=indicator.indicator_set,
                weight=indicator.weight, source="declared", achievement=achievement, score=score,
                preliminary_score=score, detail={"imported": True},
            ))  # fmt: skip
    IndicatorScore.objects.bulk_create(rows, batch_size=1000)


def _seed_objections(cycle, agencies, result) -> None:
    """A few objections with their history, as the agencies and the IT office would have left
    them (written directly, like the other demo records: demo data queues no mail); an accepted
    one's score is recomputed by the services' own rule."""
    office = User.objects.filter(role=User.Role.IT_OFFICE_REVIEWER, agency__province=cycle.province).order_by("pk")
    office = office.first()
    by_suffix = {_suffix(agency): agency for agency in agencies}
    staff = {user.agency_id: user for user in User.objects.filter(role=User.Role.AGENCY_STAFF).order_by("-pk")}
    now = timezone.now()
    for number, (suffix, code, reason, claimed, decision, accepted) in enumerate(OBJECTIONS):
        agency = by_suffix.get(suffix)
        score = IndicatorScore.objects.filter(cycle=cycle, agency=agency, indicator__code=code).first()
        filer = staff.get(agency.pk) if agency else None
        if score is None or filer is None or office is None or not score.scored:
            continue
        filed_at = now - datetime.timedelta(days=2, hours=number)
        with transaction.atomic():
            objection = Objection.objects.create(
                score=score, reason=reason, claimed_value=Decimal(claimed), filed_by=filer, filed_at=filed_at
            )
            attachment = ObjectionAttachment(objection=objection, original_name="پیوست اعتراض.pdf", kind="pdf",
                                             size=len(PDF), uploaded_by=filer, uploaded_at=filed_at)  # fmt: skip
            attachment.file.save("objection.pdf", ContentFile(PDF), save=False)
            attachment.save()
            objection.events.create(action="objection.filed", to_state="filed", actor=filer, at=filed_at,
                                    comment=reason)  # fmt: skip
            if decision is not None:
                decided_at = filed_at + datetime.timedelta(hours=20)
                objection.state = Objection.State.ACCEPTED if decision == "accept" else Objection.State.REJECTED
                objection.decision_reason = (
                    "صورت‌جلسه پیوست با سامانه تطبیق داده شد و پذیرفته شد." if decision == "accept"
                    else "گزارش‌های کانال رسمی مستند نیستند؛ شمارش بر اساس پایگاه اینترنتی است."
                )  # fmt: skip
                objection.decided_by, objection.decided_at = office, decided_at
                objection.accepted_value = Decimal(accepted) if accepted is not None else None
                objection.save()
                objection.events.create(action=f"objection.{objection.state}", from_state="filed",
                                        to_state=objection.state, actor=office, at=decided_at,
                                        comment=objection.decision_reason)  # fmt: skip
                if decision == "accept":
                    services.rescore(score, value=Decimal(accepted), waive_late_penalty=False)
        result.add("objections")
