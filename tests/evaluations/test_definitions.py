"""docs/definitions.md, "The annual evaluation": the worked examples' tables, read from the
document and recomputed with evaluations/metrics.py, so the document and the code agree."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from evaluations import metrics
from evaluations.metrics import PeriodValue, Rules

DOC = Path(settings.BASE_DIR) / "docs" / "definitions.md"


def table(name: str) -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    body = re.search(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", text, re.S).group(1)
    lines = [line for line in body.splitlines() if line.startswith("|")]
    headers = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(headers, [cell.strip() for cell in line.strip("|").split("|")], strict=True)) for line in lines[2:]
    ]


def number(text: str) -> Decimal | None:
    return None if text in ("—", "missing", "") else Decimal(text)


SCORES = table("evaluation-scores")


@pytest.mark.parametrize("row", SCORES, ids=[row["#"] for row in SCORES])
def test_indicator_score_examples(row):
    cap = number(row["cap"])
    late = number(row["late"])
    rules = Rules(over_achievement_allowed=cap is not None, over_achievement_cap=cap or Decimal("1.20"),
                  late_penalty=late or Decimal("0.10"))  # fmt: skip
    achievement, score = metrics.rescored(
        kind=row["kind"], direction=row["direction"], weight=Decimal(row["weight"]), target=number(row["target"]),
        actual=number(row["actual"]), late=late is not None, rules=rules, level_fraction=number(row["level share"]),
    )  # fmt: skip
    assert (achievement, score) == (Decimal(row["achievement"]), Decimal(row["score"]))
    assert str(achievement) == row["achievement"] and str(score) == row["score"]  # the stated rounding


def test_set_and_overall_examples():
    scores = {row["#"]: (Decimal(row["weight"]), Decimal(row["score"])) for row in SCORES}
    rows = {row["set"]: row for row in table("evaluation-sets")}
    results = {}
    for name in ("general", "specific"):
        members = [scores[number.strip()] for number in rows[name]["indicators"].split(",")]
        assert sum(score for _weight, score in members) == Decimal(rows[name]["Σ scores"])
        assert sum(weight for weight, _score in members) == Decimal(rows[name]["Σ weights"])
        results[name] = metrics.set_score_of(members)
        assert str(results[name]) == rows[name]["score of 1000"]
    overall = metrics.overall_score(results["general"], results["specific"])
    assert str(overall) == rows["overall"]["score of 1000"]
    assert metrics.grade(overall, Rules()) == "good"
    weight, score = scores["1"]
    assert metrics.at_stake(weight=weight, score=score, set_weight=Decimal(16)) == Decimal("66.3")


@pytest.mark.parametrize("row", table("evaluation-years"), ids=lambda row: f"{row['kind']}-{row['aggregation']}")
def test_year_value_examples(row):
    periods = []
    for index, text in enumerate(row["periods"].split(";")):
        text = text.strip()
        if "/" in text:
            numerator, denominator = (Decimal(part) for part in text.split("/"))
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.0001"))
            periods.append(PeriodValue(index, value, numerator, denominator))
        else:
            periods.append(PeriodValue(index, Decimal(text)))
    year = metrics.year_value(row["kind"], row["aggregation"], periods)
    assert str(year.value) == row["year value"]


def test_target_example():
    targets = {(1, None, ""): Decimal(80), (1, None, "production"): Decimal(70), (1, 10, ""): Decimal(90)}
    assert metrics.resolve_target(targets, indicator_id=1, agency_id=10, group="production") == (90, "agency")
    assert metrics.resolve_target(targets, indicator_id=1, agency_id=11, group="production") == (70, "group")
    assert metrics.resolve_target(targets, indicator_id=1, agency_id=12, group="health_welfare") == (80, "program")
    assert metrics.resolve_target({}, indicator_id=1, agency_id=12, group="") == (None, "")


def test_grades_follow_the_cycles_bands():
    rules = Rules()
    assert [metrics.grade(Decimal(value), rules) for value in (900, "899.9", 800, 700, 600, "599.9")] == [
        "excellent", "very_good", "very_good", "good", "fair", "weak",
    ]  # fmt: skip
    strict = Rules(bands=(("excellent", Decimal(950)), ("very_good", Decimal(850)), ("good", Decimal(750)),
                          ("fair", Decimal(650))))  # fmt: skip
    assert metrics.grade(Decimal(900), strict) == "very_good"
    assert metrics.grade(None, rules) == ""


def test_late_only_counts_the_periods_used():
    periods = [PeriodValue(1, Decimal(10), late=True), PeriodValue(2, Decimal(20))]
    assert metrics.year_value("value", "latest", periods).late is False
    assert metrics.year_value("value", "sum", periods).late is True
    assert metrics.year_value("value", "maximum", periods).late is False
    assert metrics.year_value("value", "sum", []).value is None


def test_ranks_are_shared_by_equal_scores():
    class Row:
        def __init__(self, score):
            self.score = score

    rows = [Row(Decimal(700)), Row(Decimal(800)), Row(None), Row(Decimal(800)), Row(Decimal(500))]
    ordered = metrics.ranked(rows, key=lambda row: row.score)
    assert [(row.score, row.rank) for row in ordered] == [
        (Decimal(800), 1), (Decimal(800), 1), (Decimal(700), 3), (Decimal(500), 4), (None, None),
    ]  # fmt: skip
