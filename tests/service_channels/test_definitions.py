"""The figures of docs/channels.md on hand-made data, with exact numbers."""

import datetime
from decimal import Decimal

import pytest

from service_channels.models import Channel
from service_channels.selectors import Ratio, channel_dashboard, reference_date, share
from tests.service_channels.conftest import make_report, make_service

IN, CO, PS, ON = Channel.IN_PERSON, Channel.COUNTER_OFFICE, Channel.PUBLIC_SERVICE_OFFICE, Channel.ONLINE


@pytest.fixture
def province(agency_a, agency_b, period, past_period, today):
    # Agency A: S1 online only since 60 days ago (after the past period's due date).
    s1 = make_service(agency_a, "S1", {IN: None, ON: today - datetime.timedelta(days=60)})
    s2 = make_service(agency_a, "S2", {IN: None, CO: None})
    s3 = make_service(agency_a, "S3", {IN: None})
    make_service(agency_a, "S4", {ON: None}, is_active=False)  # no longer offered: not counted
    make_service(agency_a, "S5", {})  # no channel at all: not counted
    make_service(agency_a, "S6", {IN: None, PS: today + datetime.timedelta(days=5)})  # opens later: inside only
    # Agency B: one service, through a counter office only.
    b1 = make_service(agency_b, "B1", {CO: None})
    make_report(
        agency_a,
        period,
        {(s1, IN): 300, (s1, ON): 100, (s2, IN): 50, (s2, CO): 50, (s3, IN): None},  # S3 not reported
    )
    make_report(agency_b, period, {(b1, CO): 999}, state="submitted")  # not approved: not counted
    make_report(agency_b, past_period, {(b1, CO): 40})
    return {"s1": s1, "b1": b1}


def test_share_rounds_half_up_to_one_decimal_and_has_no_value_without_a_whole():
    assert share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5")
    assert share(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert share(0, 5) == Decimal("0.0")
    assert share(0, 0) is None


def test_reference_date_is_the_due_date_or_today_before_it(period, past_period, today):
    assert reference_date(past_period, today) == past_period.due_on
    assert reference_date(period, today) == today


def test_agency_figures(province, it_office_user, agency_a, agency_b, period):
    dashboard = channel_dashboard(it_office_user, period)
    rows = {row.agency.pk: row for row in dashboard.agencies}
    a, b = rows[agency_a.pk], rows[agency_b.pk]
    # A: S1 (online), S2 (counter office) of S1, S2, S3, S6 → 2 of 4.
    assert (a.services.part, a.services.whole, a.services.percent) == (2, 4, Decimal("50.0"))
    # A: outside = 100 online + 50 counter office; all = 500 (S3's "not reported" is no zero).
    assert (a.transactions.part, a.transactions.whole, a.transactions.percent) == (150, 500, Decimal("30.0"))
    assert a.report_state == "approved"
    assert (b.services.part, b.services.whole, b.services.percent) == (1, 1, Decimal("100.0"))
    assert b.transactions is None  # submitted, not approved
    assert b.report_state == "submitted"


def test_province_figures_pool_the_agencies(province, it_office_user, period):
    dashboard = channel_dashboard(it_office_user, period)
    assert (dashboard.services.part, dashboard.services.whole) == (3, 5)
    assert dashboard.services.percent == Decimal("60.0")
    assert (dashboard.transactions.part, dashboard.transactions.whole) == (150, 500)
    assert dashboard.transactions.percent == Decimal("30.0")
    assert dashboard.agencies_approved == 1
    assert dashboard.by_channel == [
        (Channel.IN_PERSON.label, 350, Decimal("70.0")),
        (Channel.COUNTER_OFFICE.label, 50, Decimal("10.0")),
        (Channel.PUBLIC_SERVICE_OFFICE.label, 0, Decimal("0.0")),
        (Channel.ONLINE.label, 100, Decimal("20.0")),
    ]


def test_ranking_puts_agencies_without_approved_counts_last(province, it_office_user, agency_a, agency_b, period):
    dashboard = channel_dashboard(it_office_user, period)
    assert [(row.rank, row.agency.pk) for row in dashboard.agencies] == [(1, agency_a.pk), (2, agency_b.pk)]


def test_trend_reads_each_period_on_its_own_reference_date(
    province, it_office_user, agency_a, agency_b, period, past_period
):
    dashboard = channel_dashboard(it_office_user, period)
    assert [point.period for point in dashboard.trend] == [past_period, period]
    past, current = dashboard.trend
    # In the past period S1's online channel had not opened: A 1 of 4 (S2), B 1 of 1.
    assert (past.services.part, past.services.whole, past.services.percent) == (2, 5, Decimal("40.0"))
    assert (past.transactions.part, past.transactions.whole, past.transactions.percent) == (40, 40, Decimal("100.0"))
    assert past.agencies_approved == 1
    assert (current.services.part, current.services.whole) == (3, 5)
    rows = {row.agency.pk: row for row in dashboard.agencies}
    assert rows[agency_a.pk].trend == [None, Decimal("30.0")]
    assert rows[agency_b.pk].trend == [Decimal("100.0"), None]


def test_zero_transactions_approved_has_no_share_but_counts_as_reported(agency_a, it_office_user, period):
    s1 = make_service(agency_a, "Z1", {IN: None, ON: None})
    make_report(agency_a, period, {(s1, IN): 0, (s1, ON): 0})
    row = channel_dashboard(it_office_user, period).agencies[0]
    assert row.transactions == Ratio(0, 0)
    assert row.transactions.percent is None


def test_selecting_an_earlier_period_shows_its_figures(province, it_office_user, agency_b, past_period):
    dashboard = channel_dashboard(it_office_user, past_period)
    assert [point.period for point in dashboard.trend] == [past_period]
    assert dashboard.agencies[0].agency.pk == agency_b.pk
    assert dashboard.transactions.percent == Decimal("100.0")


def test_reviewers_see_their_province_only(province, it_office_user, period):
    from tests import factories

    other = factories.AgencyFactory(province=factories.ProvinceFactory(code="OTHER", name_fa="دیگر"))
    make_service(other, "O1", {ON: None})
    dashboard = channel_dashboard(it_office_user, period)
    assert other.pk not in {row.agency.pk for row in dashboard.agencies}
    assert dashboard.services.whole == 5


def test_no_period_gives_an_empty_dashboard(it_office_user):
    dashboard = channel_dashboard(it_office_user, None)
    assert dashboard.agencies == [] and dashboard.services.percent is None
