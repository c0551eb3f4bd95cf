"""Small hand-made data whose every figure is worked out by hand in the tests.

Period Q2 (the chosen one) is due on 1405/04/15 (2026-07-06). Active assignments:

| assignment | weight | Q1 report        | Q2 report                                  | Q3 report     |
|------------|--------|------------------|--------------------------------------------|---------------|
| A × p1 (IT)| 2      | approved 40 %    | approved 60 %, first sent due day 23:30    | approved 100 %|
| A × p2     | 1      | approved 30 %    | submitted 50 %, first sent the day after   |               |
| B × p1 (IT)| 1      | —                | returned 20 %, first sent the day after    |               |
| C × p2     | 1      | approved 0 %     | draft 10 %                                 |               |

Not counted: B × p2 (inactive assignment, approved 90 % in Q2) and D × p1 (inactive agency).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies.models import Agency, County
from programs.models import ProgressReport
from tests import factories


@dataclass
class Province:
    a: Agency
    b: Agency
    c: Agency
    d: Agency
    p1: object
    p2: object
    q1: object
    q2: object
    q3: object
    reports: dict


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_period(year, number, opens_on, due_on, closes_on):
    return factories.PeriodFactory(
        fiscal_year=year, number=number, opens_on=opens_on, due_on=due_on, closes_on=closes_on
    )


def make_report(assignment, period, percent, state, first_submitted_at=None):
    return factories.ReportFactory(
        assignment=assignment, period=period, percent=percent, state=state, first_submitted_at=first_submitted_at,
        submitted_at=first_submitted_at, work_done=f"کار {percent}", obstacles="کمبود اعتبار",
    )  # fmt: skip


@pytest.fixture
def province(db):
    home = factories.ProvinceFactory()
    county_1 = County.objects.create(province=home, code="C1", name_fa="ارومیه")
    county_2 = County.objects.create(province=home, code="C2", name_fa="خوی")
    it_office = factories.AgencyFactory(kind=Agency.Kind.IT_OFFICE, group="", name_fa="دفتر فناوری")
    governorate = factories.AgencyFactory(kind=Agency.Kind.GOVERNORATE, group="", name_fa="استانداری")
    a = factories.AgencyFactory(name_fa="الف", group=Agency.Group.PRODUCTION, county=county_1)
    b = factories.AgencyFactory(name_fa="ب", group=Agency.Group.HEALTH_WELFARE, county=county_2)
    c = factories.AgencyFactory(name_fa="پ", group=Agency.Group.PRODUCTION, county=county_2)
    d = factories.AgencyFactory(name_fa="ت", group=Agency.Group.PRODUCTION, county=county_1, is_active=False)
    p1 = factories.ProgramFactory(number=1, owner=it_office, title_fa="دولت الکترونیک")
    p2 = factories.ProgramFactory(number=2, owner=governorate, title_fa="آموزش کارکنان")
    q1 = make_period(1405, 1, datetime.date(2026, 3, 21), datetime.date(2026, 4, 5), datetime.date(2026, 4, 20))
    q2 = make_period(1405, 2, datetime.date(2026, 6, 22), datetime.date(2026, 7, 6), datetime.date(2026, 7, 21))
    q3 = make_period(1405, 3, datetime.date(2026, 9, 23), datetime.date(2026, 10, 7), datetime.date(2026, 10, 22))
    a1 = factories.AssignmentFactory(agency=a, program=p1, weight=Decimal(2))
    a2 = factories.AssignmentFactory(agency=a, program=p2, weight=Decimal(1))
    b1 = factories.AssignmentFactory(agency=b, program=p1, weight=Decimal(1))
    b2 = factories.AssignmentFactory(agency=b, program=p2, weight=Decimal(5), is_active=False)
    c2 = factories.AssignmentFactory(agency=c, program=p2, weight=Decimal(1))
    d1 = factories.AssignmentFactory(agency=d, program=p1, weight=Decimal(1))
    S = ProgressReport.State
    due = q2.due_on
    reports = {
        "a1q1": make_report(a1, q1, 40, S.APPROVED, _at(q1.due_on, 9)),
        "a1q2": make_report(a1, q2, 60, S.APPROVED, _at(due, 23, 30)),
        "a1q3": make_report(a1, q3, 100, S.APPROVED, _at(q3.due_on, 9)),
        "a2q1": make_report(a2, q1, 30, S.APPROVED, _at(q1.due_on, 9)),
        "a2q2": make_report(a2, q2, 50, S.SUBMITTED, _at(due + datetime.timedelta(days=1), 0, 30)),
        "b1q2": make_report(b1, q2, 20, S.RETURNED, _at(due + datetime.timedelta(days=1), 8)),
        "b2q2": make_report(b2, q2, 90, S.APPROVED, _at(due, 8)),
        "c2q1": make_report(c2, q1, 0, S.APPROVED, _at(q1.due_on, 9)),
        "c2q2": make_report(c2, q2, 10, S.DRAFT),
        "d1q2": make_report(d1, q2, 70, S.APPROVED, _at(due, 8)),
    }
    return Province(a=a, b=b, c=c, d=d, p1=p1, p2=p2, q1=q1, q2=q2, q3=q3, reports=reports)


@pytest.fixture
def reviewer(province):
    it_office = Agency.objects.get(kind=Agency.Kind.IT_OFFICE)
    return factories.UserFactory(username="ito_reviewer", role="it_office_reviewer", agency=it_office)
