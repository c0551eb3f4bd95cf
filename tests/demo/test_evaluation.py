"""seed_demo's indicators and evaluations: the whole thing is there after `make run`."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email

from evaluations import selectors
from evaluations.models import EvaluationCycle, IndicatorScore, Objection
from programs.models import Evidence, Indicator, IndicatorTarget, IndicatorValue, Program

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (Indicator, IndicatorTarget, IndicatorValue, Evidence,
                                                EvaluationCycle, IndicatorScore, Objection)]  # fmt: skip


def test_the_demo_evaluation_is_complete_and_seeded_once(settings, tmp_path):
    settings.DEBUG, settings.MEDIA_ROOT = True, tmp_path
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert not Email.objects.exists()  # demo data queues no mail
    # every one of the 30 programs has an indicator; the IT office's 7 more than one
    assert Program.objects.filter(indicators__isnull=True).count() == 0
    it_office = Indicator.objects.filter(program__owner__kind="it_office")
    assert it_office.count() >= 13
    assert set(it_office.values_list("kind", flat=True)) == set(Indicator.Kind.values)
    assert it_office.filter(source="outside_transaction_share").exists()
    assert Indicator.objects.filter(indicator_set="specific", agency__isnull=False).exists()
    assert Indicator.objects.filter(indicator_set="specific", agency__isnull=True).exists()
    assert IndicatorValue.objects.filter(verified_at__isnull=False).exists()
    assert Evidence.objects.filter(indicator__isnull=False).exists()
    cycles = {cycle.fiscal_year: cycle for cycle in EvaluationCycle.objects.all()}
    assert cycles[1403].state == "final"
    evaluated = cycles[1404]
    assert evaluated.state == "objection_window" and evaluated.objection_window_open(timezone.localdate())
    assert set(Objection.objects.values_list("state", flat=True)) == {"filed", "accepted", "rejected"}
    accepted = Objection.objects.get(state="accepted")
    assert accepted.score.score != accepted.score.preliminary_score
    results = selectors.results(evaluated)
    assert len(results.agencies) >= 25 and results.previous == cycles[1403]
    assert all(row.overall is not None for row in results.agencies)
    assert any(row.change is not None for row in results.agencies)
    assert [cycle.state for year, cycle in cycles.items() if year > 1404] in ([], ["self_assessment"])
