"""The scores of the hand-made province (conftest.py), computed and published."""

from decimal import Decimal

import pytest

from evaluations import metrics, scoring, selectors, services
from evaluations.models import EvaluationCycle, IndicatorScore
from tests.evaluations.conftest import YEAR, open_cycle

pytestmark = pytest.mark.django_db


def _scores(cycle, agency):
    return {score.indicator.code: score for score in IndicatorScore.objects.filter(cycle=cycle, agency=agency)}


def test_publishing_computes_every_agencys_scores(world, published):
    a = _scores(published, world.a)
    assert {code: (s.target, s.actual, s.achievement, s.score) for code, s in a.items()} == {
        "I1": (Decimal(120), Decimal(90), Decimal("0.7500"), Decimal("3.75")),
        "I2": (Decimal(60), Decimal(60), Decimal("1.0000"), Decimal("3.00")),
        "I3": (Decimal(20), Decimal(25), Decimal("0.8000"), Decimal("1.60")),
        "I4": (None, Decimal(1), Decimal("1.0000"), Decimal("1.00")),
    }
    assert a["I1"].detail["target_origin"] == "agency"
    assert [period["value"] for period in a["I1"].detail["periods"]] == ["40.0000", "50.0000"]
    c = _scores(published, world.c)
    assert set(c) == {"I1", "I2", "I3", "I5"}  # I4 is the production group's, I5 C's own
    assert (c["I1"].late, c["I1"].score) == (True, Decimal("2.70"))  # 0.6 × 5 × 0.9
    assert (c["I3"].source, c["I3"].score) == ("missing", Decimal("0.00"))
    assert (c["I5"].actual, c["I5"].score) == (Decimal(3), Decimal("1.50"))
    assert all(score.preliminary_score == score.score for score in IndicatorScore.objects.filter(cycle=published))


def test_results_rank_the_agencies(world, published):
    results = selectors.results(published)
    rows = {row.agency: row for row in results.agencies}
    assert (rows[world.a].general, rows[world.a].specific, rows[world.a].overall) == (
        Decimal("835.0"), Decimal("1000.0"), Decimal("917.5"),
    )  # fmt: skip
    assert (rows[world.b].general, rows[world.b].specific, rows[world.b].overall) == (
        Decimal("700.0"), Decimal("0.0"), Decimal("350.0"),
    )  # fmt: skip
    assert (rows[world.c].general, rows[world.c].specific, rows[world.c].overall) == (
        Decimal("570.0"), Decimal("750.0"), Decimal("660.0"),
    )  # fmt: skip
    assert [row.agency for row in results.agencies] == [world.a, world.c, world.b]
    assert [row.rank for row in results.agencies] == [1, 2, 3]
    assert (rows[world.a].grade, rows[world.b].grade) == ("excellent", "weak")
    assert (rows[world.a].group_rank, rows[world.b].group_rank, rows[world.c].group_rank) == (1, 2, 1)
    production = next(agencies for group, _label, agencies in results.groups if group == "production")
    assert [row.agency for row in production] == [world.a, world.b]
    assert [column.code for column in results.columns] == ["I1", "I2", "I3", "I4", "I5"]
    cells = {row.agency: cells for row, cells in results.heatmap}
    assert cells[world.b] == [Decimal("1.0000"), Decimal("0.0000"), Decimal("1.0000"), Decimal("0.0000"), None]


def test_the_preview_equals_the_published_results(world):
    cycle = open_cycle(world, state=EvaluationCycle.State.UNDER_EVALUATION)
    preview = selectors.results(cycle)
    assert preview.preview
    services.publish_preliminary(cycle=cycle, by=world.users["it"])
    cycle.refresh_from_db()
    published = selectors.results(cycle)
    assert not published.preview
    assert [(r.agency, r.overall, r.rank) for r in preview.agencies] == [
        (r.agency, r.overall, r.rank) for r in published.agencies
    ]
    assert preview.heatmap == published.heatmap


def test_an_indicator_without_a_target_is_not_scored(world):
    world.indicators["I2"].targets.all().delete()
    rows = scoring.compute(agencies=[world.a], year=YEAR, rules=metrics.Rules())
    i2 = next(row for row in rows if row.indicator.code == "I2")
    assert (i2.scored, i2.achievement) == (False, None)
    general = metrics.set_score_of((r.weight, r.score) for r in rows if r.scored and r.indicator_set == "general")
    assert general == Decimal("764.3")  # (3.75 + 1.60) ÷ 7


def test_verified_values_are_used_and_over_achievement_counts_when_the_cycle_says_so(world):
    row = world.indicators["I1"].values.get(report__assignment__agency=world.c)
    row.verified_value, row.verified_at = Decimal(150), row.report.first_submitted_at
    row.save()
    rules = metrics.Rules(over_achievement_allowed=True, over_achievement_cap=Decimal("1.20"))
    rows = {r.indicator.code: r for r in scoring.compute(agencies=[world.c], year=YEAR, rules=rules)}
    assert (rows["I1"].actual, rows["I1"].source, rows["I1"].achievement) == (Decimal(150), "verified", Decimal("1.2"))
    assert rows["I1"].score == Decimal("5.40")  # 5 × 1.2 × 0.9 (late)


def test_only_approved_reports_count(world):
    report = world.indicators["I1"].values.get(report__assignment__agency=world.b).report
    report.state = "returned"
    report.save()
    rows = {r.indicator.code: r for r in scoring.compute(agencies=[world.b], year=YEAR, rules=metrics.Rules())}
    assert (rows["I1"].source, rows["I1"].score) == ("missing", Decimal("0.00"))


def test_the_computed_outside_share_comes_from_approved_channel_counts(world):
    from django.utils import timezone

    from programs.models import Indicator, IndicatorTarget
    from service_channels.models import ChannelReport, Service, ServiceChannel, TransactionCount

    share = Indicator.objects.create(
        program=world.p1, code="I6", title_fa="سهم تراکنش‌های بیرون از باجه", kind="ratio",
        source="outside_transaction_share", aggregation="sum", weight=4,
    )  # fmt: skip
    IndicatorTarget.objects.create(indicator=share, fiscal_year=YEAR, value=50)
    service = Service.objects.create(agency=world.a, code="S1", name_fa="صدور مجوز")
    counter = ServiceChannel.objects.create(service=service, channel="in_person")
    online = ServiceChannel.objects.create(service=service, channel="online")
    q1, q2, q3 = world.periods[:3]
    for period, (inside, outside), state in ((q1, (60, 40), "approved"), (q2, (20, 80), "approved"),
                                             (q3, (0, 100), "submitted")):  # fmt: skip
        report = ChannelReport.objects.create(agency=world.a, period=period, state=state,
                                              first_submitted_at=timezone.now())  # fmt: skip
        TransactionCount.objects.create(report=report, service_channel=counter, count=inside)
        TransactionCount.objects.create(report=report, service_channel=online, count=outside)
    rows = {r.indicator.code: r for r in scoring.compute(agencies=[world.a], year=YEAR, rules=metrics.Rules())}
    # (40 + 80) ÷ (100 + 100) = 60 %; the submitted Q3 counts are not approved; submitted late
    assert (rows["I6"].actual, rows["I6"].source, rows["I6"].achievement) == (Decimal("60.0000"), "computed", 1)
    assert rows["I6"].late and rows["I6"].score == Decimal("3.60")


def test_the_simulator_shows_what_is_at_stake(world):
    cycle = open_cycle(world)
    simulation = scoring.simulate(agency=world.c, year=YEAR, rules=metrics.Rules.of(cycle))
    assert (simulation.general, simulation.specific, simulation.overall) == (
        Decimal("570.0"), Decimal("750.0"), Decimal("660.0"),
    )  # fmt: skip
    stakes = {stake.row.indicator.code: stake for stake in simulation.stakes}
    # Q3 and Q4 of 1403 have opened and have no approved report; I1's 60 has no evidence file.
    assert stakes["I3"].cause == "missing_report" and stakes["I3"].points == Decimal("200.0")  # 2 ÷ 10 × 1000
    assert stakes["I1"].cause == "missing_evidence"
    assert stakes["I1"].points == Decimal("230.0")  # (5 − 2.70) ÷ 10
    assert stakes["I5"].points == Decimal("250.0")  # (2 − 1.50) ÷ 2
    assert "I2" not in stakes  # earns its weight
    assert simulation.totals == {"missing_evidence": Decimal("230.0"), "missing_report": Decimal("450.0"),
                                 "under_target": Decimal(0), "late": Decimal(0)}  # fmt: skip


def test_the_simulator_names_missing_evidence_and_under_target(world):
    from programs.models import Evidence

    rows = world.indicators["I1"].values.filter(report__assignment__agency=world.a)
    for report in [row.report for row in rows]:
        Evidence.objects.create(report=report, original_name="e.pdf", kind="pdf", size=1,
                                uploaded_by=world.users["staff_a"], indicator=world.indicators["I1"])  # fmt: skip
    for period in world.periods[2:]:  # Q3 and Q4 reported and approved: nothing missing
        from tests.evaluations.conftest import approved_report, value

        report = approved_report(world.assignments["a1"], period)
        value(report, world.indicators["I1"], 0)
        value(report, world.indicators["I2"], numerator=30, denominator=50)
        value(report, world.indicators["I3"], 25)
        value(report, world.indicators["I4"], 1)
    simulation = scoring.simulate(agency=world.a, year=YEAR, rules=metrics.Rules())
    stakes = {stake.row.indicator.code: stake.cause for stake in simulation.stakes}
    assert stakes == {"I1": "under_target", "I3": "missing_report"}  # I3 has no Q1 value
    Evidence.objects.filter(report__assignment__agency=world.a).first().delete()
    simulation = scoring.simulate(agency=world.a, year=YEAR, rules=metrics.Rules())
    assert {stake.row.indicator.code: stake.cause for stake in simulation.stakes}["I1"] == "missing_evidence"
