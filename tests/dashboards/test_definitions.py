"""Each definition of docs/definitions.md on the hand-made province of conftest.py."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Agency
from dashboards import selectors
from dashboards.selectors import Filters, all_periods
from programs import metrics
from programs.models import Assignment, ProgressReport
from programs.selectors import agency_report_sections
from tests import factories
from tests.dashboards.conftest import _at, make_report

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


# --- awaiting sign-off, missing, returned, unsent ------------------------------------


def test_awaiting_sign_off_is_counted_apart(client, province, reviewer):
    report = province.reports["c2q2"]
    report.state = ProgressReport.State.AWAITING_SIGN_OFF  # with the deputy: not yet at the IT office
    report.save()
    dashboard = _dashboard(reviewer, period=province.q2)
    headline = dashboard.headline
    assert (headline.expected, headline.reported, headline.awaiting_review) == (4, 2, 1)
    assert (headline.awaiting_sign_off, headline.returned, headline.missing, headline.unsent) == (1, 1, 0, 2)
    assert headline.reporting_rate == Decimal("50.0")  # not reported before the deputy signs it off
    assert dashboard.trend[-1].figures == headline
    c = next(row for row in dashboard.agencies if row.agency == province.c)
    assert (c.figures.awaiting_sign_off, c.figures.missing) == (1, 0)
    drilldown = selectors.agency_drilldown(reviewer, province.c, Filters(period=province.q2), periods=all_periods())
    assert [row.cell.report_state for row in drilldown.assignments] == ["awaiting_sign_off"]
    client.force_login(reviewer)
    html = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk}).content.decode()
    assert 'data-figure="awaiting_sign_off">۱<' in html
    assert 'data-figure="awaiting_review">۱<' in html and 'data-figure="missing">۰<' in html
    page = client.get(reverse("dashboards:agency", args=[province.c.pk]), {"period": province.q2.pk})
    assert "در انتظار تأیید معاون ذیربط" in page.content.decode()


@pytest.mark.parametrize("state", [None, *ProgressReport.State.values])
def test_every_expected_report_is_in_one_figure_and_unsent_is_what_reminders_chase(province, reviewer, state):
    """C × p2's report of Q2 in every state (None: no report at all)."""
    report = province.reports["c2q2"]
    if state is None:
        report.delete()
    else:
        report.state = state
        if state in ("submitted", "approved"):
            report.first_submitted_at = _at(province.q2.due_on, 9)
        report.save()
    c = next(row for row in _dashboard(reviewer, period=province.q2).agencies if row.agency == province.c).figures
    parts = {"reported": c.reported, "awaiting_sign_off": c.awaiting_sign_off, "returned": c.returned,
             "missing": c.missing}  # fmt: skip
    expected_part = {None: "missing", "draft": "missing", "awaiting_sign_off": "awaiting_sign_off",
                     "returned": "returned", "submitted": "reported", "approved": "reported"}[state]  # fmt: skip
    assert parts == {name: int(name == expected_part) for name in parts}
    assert c.unsent == c.missing + c.returned + c.awaiting_sign_off == c.expected - c.reported
    unsent = metrics.unsent_by_agency(province.q2).get(province.c.pk)
    assert (len(unsent) if unsent else 0) == c.unsent
    kinds = {"missing": metrics.TO_WRITE, "returned": metrics.TO_CORRECT, "awaiting_sign_off": metrics.TO_SIGN_OFF,
             "reported": None}  # fmt: skip
    assert metrics.unsent_kind(state) == kinds[expected_part]


def test_a_report_sent_back_by_the_deputy_is_returned_and_not_on_time(province, reviewer):
    """The deputy's send-back leaves no first submission: returned, never on time."""
    report = province.reports["c2q2"]
    report.state, report.first_submitted_at = ProgressReport.State.RETURNED, None
    report.save()
    c = next(row for row in _dashboard(reviewer, period=province.q2).agencies if row.agency == province.c).figures
    assert (c.returned, c.missing, c.on_time) == (1, 0, 0)
    assert not metrics.is_on_time(report.first_submitted_at, province.q2)


def test_on_time_is_one_rule_for_the_figures_and_the_late_badge(province):
    due = province.q2.due_on
    last_moment, next_morning = _at(due, 23, 59), _at(due + datetime.timedelta(days=1), 0, 0)
    assert metrics.on_time_cutoff(province.q2) == next_morning
    assert metrics.is_on_time(last_moment, province.q2) and not metrics.is_on_time(next_morning, province.q2)
    assert not metrics.is_on_time(None, province.q2)
    for key, report in province.reports.items():
        if report.first_submitted_at is not None:
            on_time = metrics.is_on_time(report.first_submitted_at, report.period)
            assert report.is_late is not on_time, key
    assert metrics.is_late(None, province.q2, now=last_moment) is False
    assert metrics.is_late(None, province.q2, now=next_morning) is True


# --- latest approved percent: as of P, before P, and every page that shows it --------


@pytest.fixture
def ties(province):
    """Three periods opening the same day (a month due first, then a quarter and a month due
    the same day, in that order of creation) before the province's Q1–Q3, and an agency E
    whose approved reports sit in them:

    | assignment | M1 (due 5 Apr) | T1 (due 10 Apr) | M2 (due 10 Apr) |
    |------------|----------------|-----------------|-----------------|
    | E × 1      |                | approved 35 %   |                 |
    | E × 2      |                |                 | approved 50 %   |
    | E × 3      | approved 10 %  | returned 80 %   | approved 20 %   |
    | E × 4      | approved 10 %  | approved 0 %    | submitted 70 %  |
    """
    day = datetime.date(2025, 3, 21)
    m1 = factories.PeriodFactory(
        fiscal_year=1404,
        kind="month",
        number=1,
        opens_on=day,
        due_on=datetime.date(2025, 4, 5),
        closes_on=datetime.date(2025, 4, 20),
    )
    t1 = factories.PeriodFactory(
        fiscal_year=1404,
        kind="quarter",
        number=1,
        opens_on=day,
        due_on=datetime.date(2025, 4, 10),
        closes_on=datetime.date(2025, 4, 25),
    )
    m2 = factories.PeriodFactory(fiscal_year=1404, kind="month", number=2, opens_on=day,
                                 due_on=datetime.date(2025, 4, 10), closes_on=datetime.date(2025, 4, 25))  # fmt: skip
    e = factories.AgencyFactory(name_fa="ث", group=Agency.Group.PRODUCTION)
    programs = [province.p1, province.p2, factories.ProgramFactory(number=3), factories.ProgramFactory(number=4)]
    e1, e2, e3, e4 = (factories.AssignmentFactory(agency=e, program=program) for program in programs)
    S = ProgressReport.State
    for assignment, period, percent, state in [
        (e1, t1, 35, S.APPROVED), (e2, m2, 50, S.APPROVED), (e3, m1, 10, S.APPROVED), (e3, t1, 80, S.RETURNED),
        (e3, m2, 20, S.APPROVED), (e4, m1, 10, S.APPROVED), (e4, t1, 0, S.APPROVED), (e4, m2, 70, S.SUBMITTED),
    ]:  # fmt: skip
        make_report(assignment, period, percent, state, _at(period.due_on, 9))
    return {"e": e, "m1": m1, "t1": t1, "m2": m2, "assignments": [e1, e2, e3, e4]}


def _by_hand(periods):
    """As docs/definitions.md says it, without SQL: (as of P, before P) per assignment and period."""
    approved = {
        (assignment_id, period_id): percent
        for assignment_id, period_id, percent in ProgressReport.objects.filter(state="approved").values_list(
            "assignment_id", "period_id", "percent"
        )
    }
    ordered = sorted(periods, key=lambda p: (p.opens_on, p.due_on, p.pk))
    values = {}
    for assignment_id in metrics.expected_assignments().values_list("pk", flat=True):
        for index, period in enumerate(ordered):
            earlier = [(assignment_id, p.pk) for p in reversed(ordered[:index])]
            before = next((approved[key] for key in earlier if key in approved), None)
            as_of = approved.get((assignment_id, period.pk), before)
            values[(assignment_id, period.pk)] = (as_of, before)
    return values


def test_latest_approved_percent_with_periods_opening_the_same_day(ties):
    periods = all_periods()
    m1, t1, m2 = ties["m1"], ties["t1"], ties["m2"]
    assert [p for p in periods if p in (m1, t1, m2)] == [m2, t1, m1]  # latest first: due date, then id
    rows = {
        assignment.pk: [getattr(assignment, f"as_of_{p.pk}") for p in (m1, t1, m2)]
        + [getattr(assignment, f"before_{p.pk}") for p in (m1, t1, m2)]
        for assignment in Assignment.objects.filter(agency=ties["e"]).annotate(
            **{f"as_of_{p.pk}": metrics.approved_percent_as_of(p, periods) for p in (m1, t1, m2)},
            **{f"before_{p.pk}": metrics.approved_percent_before(p, periods) for p in (m1, t1, m2)},
        )
    }
    e1, e2, e3, e4 = ties["assignments"]
    #                   as of M1, T1, M2     before M1, T1, M2
    assert rows[e1.pk] == [None, 35, 35, None, None, 35]  # M2 comes after T1: T1's percent carries over
    assert rows[e2.pk] == [None, None, 50, None, None, None]  # M2 opened the same day as T1 but comes after it
    assert rows[e3.pk] == [10, 10, 20, None, 10, 10]  # T1's report is returned, so M1's percent stands
    assert rows[e4.pk] == [10, 0, 0, None, 10, 0]  # an approved 0 % is a percent, not "none"


def test_every_page_agrees_on_the_latest_approved_percent(client, province, reviewer, ties):
    """For every assignment × period: the dashboard's heatmap (as of P), the agency page's
    column (as of each section's period), the report form and the decrease check (before P)
    and the two metrics agree with the definition worked out by hand."""
    periods = all_periods()
    by_hand = _by_hand(periods)
    agencies = list(Agency.objects.filter(assignments__in=metrics.expected_assignments()).distinct())
    for period in periods:
        dashboard = selectors.province_dashboard(reviewer, Filters(period=period), periods=periods)
        heatmap = {
            (row.agency.pk, cell.program.pk): cell.percent for row in dashboard.agencies for cell in row.cells
            if cell.assigned
        }  # fmt: skip
        agency_page = {
            (row["assignment"].agency_id, row["assignment"].program_id): row["approved_percent_as_of"]
            for agency in agencies
            for row in agency_report_sections(agency, [period])[0]["rows"]
        }
        metric = {
            assignment.pk: (assignment.as_of, assignment.before)
            for assignment in metrics.expected_assignments().annotate(
                as_of=metrics.approved_percent_as_of(period, periods),
                before=metrics.approved_percent_before(period, periods),
            )
        }
        for assignment in metrics.expected_assignments():
            as_of, before = by_hand[(assignment.pk, period.pk)]
            key = (assignment.agency_id, assignment.program_id)
            assert heatmap[key] == agency_page[key] == metric[assignment.pk][0] == as_of, (assignment, period)
            assert metric[assignment.pk][1] == before, (assignment, period)
            assert metrics.approved_percent_before_for(assignment=assignment, period=period) == before
    # the report form shows the same «before» figure (E × 1 and E × 2 have no report of Q1 / T1)
    staff = factories.UserFactory(username="staff_e", role="agency_staff", agency=ties["e"])
    client.force_login(staff)
    e1, e2, _, _ = ties["assignments"]
    for assignment, period, shown in [(e1, province.q1, 35), (e2, ties["t1"], None), (e1, ties["m2"], 35)]:
        response = client.get(reverse("programs:report_start", args=[assignment.pk, period.pk]))
        assert response.context["approved_percent_before"] == shown
