"""Admin actions: open/close periods, the periods of a year, assigning a program to a group."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from programs.admin import close_period, create_year_periods, open_period
from programs.models import Assignment, ReportingPeriod
from reform_portal.persian import format_jalali_date, jalali_month_bounds
from tests import factories

DAY = datetime.timedelta(days=1)


def period(opens, due, closes, **kwargs):
    today = timezone.localdate()
    return factories.PeriodFactory(
        opens_on=today + opens * DAY, due_on=today + due * DAY, closes_on=today + closes * DAY, **kwargs
    )


# --- open / close ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ((5, 10, 20), (0, 10, 20)),  # not open yet: opens today
        ((-30, -20, -10), (-30, -20, 0)),  # closed: closes today, due date unchanged
        ((-5, 5, 10), (-5, 5, 10)),  # already open: unchanged
    ],
)
def test_open_period_makes_today_fall_inside_keeping_the_order(db, window, expected):
    today = timezone.localdate()
    p = period(*window)
    open_period(p, today=today)
    p.refresh_from_db()
    assert (p.opens_on, p.due_on, p.closes_on) == tuple(today + n * DAY for n in expected)
    assert p.is_open(today)


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ((-30, -10, 20), (-30, -10, -1)),  # due in the past: only the closing moves
        ((-30, 10, 20), (-30, -1, -1)),  # not due yet: the due date moves back too
        ((5, 10, 20), (-1, -1, -1)),  # not open yet: everything moves to yesterday
        ((-30, -20, -10), (-30, -20, -10)),  # already closed: unchanged
    ],
)
def test_close_period_ends_it_yesterday(db, window, expected):
    today = timezone.localdate()
    p = period(*window)
    close_period(p, today=today)
    p.refresh_from_db()
    assert (p.opens_on, p.due_on, p.closes_on) == tuple(today + n * DAY for n in expected)
    assert not p.is_open(today)


def test_open_and_close_actions_through_the_changelist(admin_client):
    p = period(5, 10, 20)
    url = reverse("admin:programs_reportingperiod_changelist")
    response = admin_client.post(url, {"action": "open_now", ACTION_CHECKBOX_NAME: [p.pk], "index": 0}, follow=True)
    p.refresh_from_db()
    assert p.is_open()
    message = str(next(iter(response.context["messages"])))
    assert format_jalali_date(p.due_on) in message  # the message says the due date stays
    admin_client.post(url, {"action": "close_now", ACTION_CHECKBOX_NAME: [p.pk], "index": 0})
    p.refresh_from_db()
    assert not p.is_open()
    assert p.closes_on == timezone.localdate() - DAY


# --- the periods of a year --------------------------------------------------------------


def test_create_year_periods_quarters_and_months_idempotent(db):
    created, existing = create_year_periods(fiscal_year=1405, quarters=[1, 2, 3, 4], months=[12], due_days=10,
                                            close_days=30)  # fmt: skip
    assert (len(created), len(existing)) == (5, 0)
    q1 = ReportingPeriod.objects.get(fiscal_year=1405, kind="quarter", number=1)
    start, _end = jalali_month_bounds(1405, 1)
    _start, end = jalali_month_bounds(1405, 3)
    assert (q1.opens_on, q1.due_on, q1.closes_on) == (start, end + 10 * DAY, end + 30 * DAY)
    esfand = ReportingPeriod.objects.get(fiscal_year=1405, kind="month", number=12)
    assert esfand.opens_on == jalali_month_bounds(1405, 12)[0]

    q1.due_on += DAY
    q1.save()
    created, existing = create_year_periods(fiscal_year=1405, quarters=[1, 2, 3, 4], months=[12], due_days=5,
                                            close_days=6)  # fmt: skip
    assert (len(created), len(existing)) == (0, 5)
    assert ReportingPeriod.objects.count() == 5
    q1.refresh_from_db()
    assert q1.due_on == end + 11 * DAY  # existing periods are left untouched


def test_create_year_view(admin_client):
    url = reverse("admin:programs_reportingperiod_create_year")
    response = admin_client.get(url)
    assert response.status_code == 200
    data = {"fiscal_year": "۱۴۰۶", "quarters": ["1", "2"], "due_days": "۱۰", "close_days": "20"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(fiscal_year=1406, kind="quarter").count() == 2
    response = admin_client.post(url, data)
    assert ReportingPeriod.objects.filter(fiscal_year=1406).count() == 2


def test_create_year_view_rejects_closing_before_due(admin_client):
    url = reverse("admin:programs_reportingperiod_create_year")
    response = admin_client.post(url, {"fiscal_year": "1406", "months": ["1"], "due_days": "20", "close_days": "10"})
    assert response.status_code == 200
    assert "close_days" in response.context["form"].errors
    response = admin_client.post(url, {"fiscal_year": "1406", "due_days": "1", "close_days": "2"})
    assert response.context["form"].non_field_errors()
    assert not ReportingPeriod.objects.exists()


def test_create_year_view_needs_add_permission(data_entry_client, client, db):
    url = reverse("admin:programs_reportingperiod_create_year")
    assert data_entry_client.get(url).status_code == 200
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get(url).status_code == 403


# --- assign a program to a group ----------------------------------------------------------


def test_assign_to_group_action(admin_client):
    production = [factories.AgencyFactory(group=Agency.Group.PRODUCTION) for _ in range(3)]
    inactive = factories.AgencyFactory(group=Agency.Group.PRODUCTION, is_active=False)
    other = factories.AgencyFactory(group=Agency.Group.HEALTH_WELFARE)
    program = factories.ProgramFactory()
    existing = factories.AssignmentFactory(program=program, agency=production[0], weight=3, target="قبلی")
    url = reverse("admin:programs_program_changelist")

    response = admin_client.post(url, {"action": "assign_to_group", ACTION_CHECKBOX_NAME: [program.pk], "index": 0})
    assert response.status_code == 200  # the intermediate form
    assert "form" in response.context

    response = admin_client.post(
        url,
        {
            "action": "assign_to_group",
            ACTION_CHECKBOX_NAME: [program.pk],
            "apply": "1",
            "group": "production",
            "target": "هدف",
            "weight": "2",
        },
        follow=True,
    )
    assert response.status_code == 200
    agencies = set(Assignment.objects.filter(program=program).values_list("agency_id", flat=True))
    assert agencies == {agency.pk for agency in production}
    assert inactive.pk not in agencies and other.pk not in agencies
    existing.refresh_from_db()
    assert (existing.weight, existing.target) == (3, "قبلی")  # untouched

    admin_client.post(
        url,
        {"action": "assign_to_group", ACTION_CHECKBOX_NAME: [program.pk], "apply": "1", "group": "production",
         "weight": "1"},
    )  # fmt: skip
    assert Assignment.objects.filter(program=program).count() == 3


def test_data_entry_user_can_assign_to_group(data_entry_client):
    factories.AgencyFactory(group=Agency.Group.PRODUCTION)
    program = factories.ProgramFactory()
    url = reverse("admin:programs_program_changelist")
    data = {"action": "assign_to_group", ACTION_CHECKBOX_NAME: [program.pk], "apply": "1", "group": "production",
            "weight": "1"}  # fmt: skip
    data_entry_client.post(url, data)
    assert Assignment.objects.filter(program=program).count() == 1
