"""Each definition of docs/definitions.md on the hand-made province of conftest.py."""

from dataclasses import replace
from decimal import Decimal

import pytest

from dashboards import selectors
from dashboards.selectors import Filters, all_periods

pytestmark = pytest.mark.django_db


def _dashboard(user, **filters):
    periods = all_periods()
    return selectors.province_dashboard(user, Filters(**filters), periods=periods)


def test_headline_figures_for_the_chosen_period(province, reviewer):
    headline = _dashboard(reviewer, period=province.q2).headline
    assert headline.expected == 4  # inactive assignment and inactive agency left out
    assert (headline.submitted, headline.approved, headline.returned, headline.missing) == (1, 1, 1, 1)
    assert headline.reporting_rate == Decimal("50.0")  # A×p1 approved + A×p2 submitted
    assert headline.on_time_rate == Decimal("25.0")  # only A×p1, first sent on the due day at 23:30 Tehran
    # (2×60 + 1×30 + 1×0 + 1×0) ÷ 5: Q3's 100 % is later than Q2; A×p2 keeps Q1's 30 %
    assert headline.progress == Decimal("30.0")


def test_latest_approved_percent_looks_back_no_further_than_the_period(province, reviewer):
    q1 = _dashboard(reviewer, period=province.q1).headline
    assert q1.progress == Decimal("22.0")  # (2×40 + 30 + 0 + 0) ÷ 5
    q3 = _dashboard(reviewer, period=province.q3).headline
    assert q3.progress == Decimal("46.0")  # (2×100 + 30 + 0 + 0) ÷ 5
    assert q3.reporting_rate == Decimal("25.0")
    assert q3.missing == 3


def test_program_progress(province, reviewer):
    rows = {row.program: row.figures for row in _dashboard(reviewer, period=province.q2).programs}
    assert rows[province.p1].progress == Decimal("40.0")  # (2×60 + 1×0) ÷ 3
    assert rows[province.p2].progress == Decimal("15.0")  # (1×30 + 1×0) ÷ 2
    assert rows[province.p1].reporting_rate == Decimal("50.0")
    assert rows[province.p2].on_time_rate == Decimal("0.0")


def test_agency_score_with_its_rates(province, reviewer):
    rows = {row.agency: row.figures for row in _dashboard(reviewer, period=province.q2).agencies}
    assert set(rows) == {province.a, province.b, province.c}
    assert (rows[province.a].progress, rows[province.a].reporting_rate, rows[province.a].on_time_rate) == (
        Decimal("50.0"), Decimal("100.0"), Decimal("50.0"),
    )  # fmt: skip
    assert (rows[province.b].progress, rows[province.b].reporting_rate, rows[province.b].on_time_rate) == (
        Decimal("0.0"), Decimal("0.0"), Decimal("0.0"),
    )  # fmt: skip
    assert rows[province.c].progress == Decimal("0.0")


def test_ranking_sorts_by_the_chosen_figure(province, reviewer):
    periods = all_periods()
    filters = Filters(period=province.q2)
    by_score = selectors.province_dashboard(reviewer, filters, periods=periods, sort="score").agencies
    assert [row.agency for row in by_score] == [province.a, province.b, province.c]  # ties by name
    report = province.reports["b1q2"]
    report.first_submitted_at = report.first_submitted_at.replace(day=1)
    report.save()
    by_on_time = selectors.province_dashboard(reviewer, filters, periods=periods, sort="on_time").agencies
    assert [row.agency for row in by_on_time] == [province.b, province.a, province.c]


def test_it_office_scope_and_filters(province, reviewer):
    it = _dashboard(reviewer, period=province.q2, scope="it_office")
    assert it.headline.expected == 2
    assert it.headline.progress == Decimal("40.0")
    assert [row.program for row in it.programs] == [province.p1]
    assert [row.program for row in it.it_office_programs] == [province.p1]
    production = _dashboard(reviewer, period=province.q2, group="production")
    assert {row.agency for row in production.agencies} == {province.a, province.c}
    assert production.headline.progress == Decimal("37.5")  # (120 + 30 + 0) ÷ 4
    county = _dashboard(reviewer, period=province.q2, county_id=province.b.county_id)
    assert {row.agency for row in county.agencies} == {province.b, province.c}


def test_heatmap_tells_unassigned_no_report_and_zero_apart(province, reviewer):
    dashboard = _dashboard(reviewer, period=province.q2)
    cells = {row.agency: dict(zip([p.program for p in dashboard.programs], row.cells, strict=True))
             for row in dashboard.agencies}  # fmt: skip
    a1, b1, c1, c2 = (
        cells[province.a][province.p1], cells[province.b][province.p1],
        cells[province.c][province.p1], cells[province.c][province.p2],
    )  # fmt: skip
    assert (a1.kind, a1.percent, a1.url) == ("percent", 60, province.reports["a1q2"].get_absolute_url())
    assert (b1.kind, b1.percent, b1.url) == ("no_report", None, province.reports["b1q2"].get_absolute_url())
    assert (c1.kind, c1.url) == ("unassigned", "")
    assert (c2.kind, c2.percent, c2.url) == ("percent", 0, province.reports["c2q2"].get_absolute_url())
    q3 = _dashboard(reviewer, period=province.q3)
    cell = next(row for row in q3.agencies if row.agency == province.a).cells[1]
    assert (cell.percent, cell.url) == (30, province.reports["a2q1"].get_absolute_url())  # the approved one shown


def test_trend_over_periods(province, reviewer):
    points = _dashboard(reviewer, period=province.q3).trend
    assert [point.period for point in points] == [province.q1, province.q2, province.q3]
    assert [point.figures.progress for point in points] == [Decimal("22.0"), Decimal("30.0"), Decimal("46.0")]
    assert [point.figures.reporting_rate for point in points] == [Decimal("75.0"), Decimal("50.0"), Decimal("25.0")]
    assert [point.figures.on_time_rate for point in points] == [Decimal("75.0"), Decimal("25.0"), Decimal("25.0")]
    q2 = _dashboard(reviewer, period=province.q2)
    assert q2.trend[-1].figures == replace(q2.headline)


def test_weights_of_zero_give_no_progress(province, reviewer):
    from programs.models import Assignment

    Assignment.objects.update(weight=0)
    assert _dashboard(reviewer, period=province.q2).headline.progress is None
