"""A small hand-made province for the evaluation's tests; its figures are worked out by hand.

Year 1403 (four closed quarters). Program p1 (the IT office's) is assigned to agencies A and
B (production) and C (health and welfare); p2 only to A. Indicators of p1:

| code | kind        | direction | aggregation | weight | set                    | target (1403)               |
|------|-------------|-----------|-------------|--------|------------------------|-----------------------------|
| I1   | value       | higher    | sum         | 5      | general, evidence      | 100; A's own 120            |
| I2   | ratio       | higher    | latest      | 3      | general                | 60                          |
| I3   | value       | lower     | latest      | 2      | general                | 20                          |
| I4   | yes/no      | higher    | latest      | 1      | specific: production   | —                           |
| I5   | qualitative | higher    | latest      | 2      | specific: agency C     | — (levels ¼, ½, ¾, 1)       |

Approved values: A: I1 40 (Q1) + 50 (Q2) = 90 → 90 ÷ 120 = 0.75 → 3.75; I2 30/50 in Q2 = 60 %
→ 1 → 3.00; I3 25 (Q2) → 20 ÷ 25 = 0.8 → 1.60; I4 yes (Q2) → 1.00. General 8.35 ÷ 10 × 1000 =
835.0, specific 1000.0, overall 917.5 (excellent).
B: I1 100 (Q1) → 1 → 5.00; I2 none → 0; I3 10 (Q1) → 1 → 2.00; I4 no → 0. General 7 ÷ 10 =
700.0, specific 0.0, overall 350.0.
C: I1 60 (Q1, first submitted late) → 0.6 × 5 × 0.9 = 2.70; I2 45/50 → 90 % → 1 → 3.00; I3
none → 0; I5 level 3 → 0.75 × 2 = 1.50. General 5.70 ÷ 10 = 570.0, specific 750.0, overall
660.0.
Ranking: A (917.5), C (660.0), B (350.0).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies.models import Agency
from evaluations.models import EvaluationCycle
from programs.models import Indicator, IndicatorLevel, IndicatorTarget, IndicatorValue, ProgressReport
from programs.services import create_year_periods
from tests import factories

YEAR = 1403
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class World:
    province: object
    a: Agency
    b: Agency
    c: Agency
    p1: object
    p2: object
    indicators: dict
    periods: list
    users: dict
    assignments: dict


def approved_report(assignment, period, *, late=False):
    submitted = timezone.make_aware(
        datetime.datetime.combine(period.due_on + datetime.timedelta(days=3 if late else -3), datetime.time(10))
    )
    report, _created = ProgressReport.objects.get_or_create(
        assignment=assignment, period=period,
        defaults={"percent": 50, "state": "approved", "work_done": "انجام شد", "first_submitted_at": submitted,
                  "submitted_at": submitted},
    )  # fmt: skip
    return report


def value(report, indicator, number=None, *, numerator=None, denominator=None):
    if numerator is not None:
        number = (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))
    return IndicatorValue.objects.create(
        report=report, indicator=indicator, value=number, numerator=numerator, denominator=denominator
    )


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    province = factories.ProvinceFactory()
    province2 = factories.ProvinceFactory(code="TST2", name_fa="استان دوم")
    it_office = factories.AgencyFactory(province=province, kind="it_office", group="", name_fa="دفتر فناوری")
    governorate = factories.AgencyFactory(province=province, kind="governorate", group="", name_fa="استانداری")
    a = factories.AgencyFactory(province=province, code="EV-A", name_fa="الف", group=Agency.Group.PRODUCTION)
    b = factories.AgencyFactory(province=province, code="EV-B", name_fa="ب", group=Agency.Group.PRODUCTION)
    c = factories.AgencyFactory(province=province, code="EV-C", name_fa="پ", group=Agency.Group.HEALTH_WELFARE)
    p1 = factories.ProgramFactory(number=1, owner=it_office, title_fa="توسعه دولت الکترونیک")
    p2 = factories.ProgramFactory(number=2, owner=governorate, title_fa="آموزش کارکنان")
    assignments = {
        "a1": factories.AssignmentFactory(agency=a, program=p1),
        "b1": factories.AssignmentFactory(agency=b, program=p1),
        "c1": factories.AssignmentFactory(agency=c, program=p1),
        "a2": factories.AssignmentFactory(agency=a, program=p2),
    }
    make = Indicator.objects.create
    indicators = {
        "I1": make(program=p1, code="I1", title_fa="خدمات الکترونیکی‌شده", kind="value", direction="higher",
                   aggregation="sum", weight=5, evidence_required=True, unit="خدمت"),
        "I2": make(program=p1, code="I2", title_fa="سهم خدمات برخط", kind="ratio", direction="higher",
                   aggregation="latest", weight=3, numerator_label="خدمات برخط", denominator_label="همه خدمات"),
        "I3": make(program=p1, code="I3", title_fa="زمان انتظار", kind="value", direction="lower",
                   aggregation="latest", weight=2, unit="دقیقه", min_value=0, max_value=600),
        "I4": make(program=p1, code="I4", title_fa="درگاه یکپارچه", kind="yes_no", aggregation="latest", weight=1,
                   indicator_set="specific", agency_group=Agency.Group.PRODUCTION),
        "I5": make(program=p1, code="I5", title_fa="کیفیت پاسخگویی", kind="qualitative", aggregation="latest",
                   weight=2, indicator_set="specific", agency=c),
    }  # fmt: skip
    for rank, (label, fraction) in enumerate([("ضعیف", "0.25"), ("متوسط", "0.5"), ("خوب", "0.75"), ("عالی", "1")], 1):
        IndicatorLevel.objects.create(indicator=indicators["I5"], rank=rank, label_fa=label, fraction=Decimal(fraction))
    for code, target in (("I1", 100), ("I2", 60), ("I3", 20)):
        IndicatorTarget.objects.create(indicator=indicators[code], fiscal_year=YEAR, value=target)
    IndicatorTarget.objects.create(indicator=indicators["I1"], fiscal_year=YEAR, agency=a, value=120)
    created, _existing = create_year_periods(fiscal_year=YEAR, quarters=range(1, 5), due_days=15, close_days=30)
    q1, q2 = sorted(created, key=lambda period: period.number)[:2]
    i = indicators
    ra1, ra2 = approved_report(assignments["a1"], q1), approved_report(assignments["a1"], q2)
    value(ra1, i["I1"], 40)
    value(ra2, i["I1"], 50)
    value(ra2, i["I2"], numerator=30, denominator=50)
    value(ra2, i["I3"], 25)
    value(ra2, i["I4"], 1)
    rb1 = approved_report(assignments["b1"], q1)
    value(rb1, i["I1"], 100)
    value(rb1, i["I3"], 10)
    value(rb1, i["I4"], 0)
    rc1 = approved_report(assignments["c1"], q1, late=True)
    value(rc1, i["I1"], 60)
    rc2 = approved_report(assignments["c1"], q2)
    value(rc2, i["I2"], numerator=45, denominator=50)
    value(rc2, i["I5"], 3)
    users = {
        "staff_a": factories.UserFactory(
            username="ev_staff_a", email="ev_staff_a@example.ir", role="agency_staff", agency=a
        ),
        "staff_b": factories.UserFactory(
            username="ev_staff_b", email="ev_staff_b@example.ir", role="agency_staff", agency=b
        ),
        "deputy_a": factories.UserFactory(
            username="ev_deputy_a", email="ev_deputy_a@example.ir", role="liaison_deputy", agency=a
        ),
        "it": factories.UserFactory(
            username="ev_it", email="ev_it@example.ir", role="it_office_reviewer", agency=it_office
        ),
        "gov": factories.UserFactory(
            username="ev_gov", email="ev_gov@example.ir", role="governorate_reviewer", agency=governorate
        ),
        "it2": factories.UserFactory(
            username="ev_it2",
            role="it_office_reviewer",
            agency=factories.AgencyFactory(province=province2, kind="it_office", group=""),
        ),  # fmt: skip
        "admin": factories.UserFactory(username="ev_admin", is_staff=True, is_superuser=True),
    }
    return World(province, a, b, c, p1, p2, indicators, sorted(created, key=lambda p: p.number), users, assignments)


def open_cycle(world, *, state=EvaluationCycle.State.SELF_ASSESSMENT, **fields):
    today = timezone.localdate()
    defaults = {
        "objection_opens_on": today - datetime.timedelta(days=1),
        "objection_closes_on": today + datetime.timedelta(days=10),
    }
    return EvaluationCycle.objects.create(province=world.province, state=state, **{"fiscal_year": YEAR, **defaults,
                                                                                   **fields})  # fmt: skip


@pytest.fixture
def published(world):
    """The 1403 cycle with its preliminary results published and its objection window open."""
    from evaluations import services

    cycle = open_cycle(world, state=EvaluationCycle.State.UNDER_EVALUATION)
    services.publish_preliminary(cycle=cycle, by=world.users["it"])
    services.open_objections(cycle=cycle, by=world.users["it"])
    cycle.refresh_from_db()
    return cycle
