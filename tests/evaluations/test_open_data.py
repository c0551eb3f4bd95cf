"""The open data shows each agency's overall score of the province's latest final evaluation
(evaluations/public.py), never a preliminary one (issue 18, through opendata/extensions.py)."""

from django.test import Client

from evaluations import selectors, services
from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince


def _publish(world):
    PublishedProvince.objects.create(province=world.province)
    for program in (world.p1, world.p2):
        PublishedProgram.objects.create(program=program)
    for period in world.periods:
        PublishedPeriod.objects.create(period=period)


def _scores(world) -> dict:
    data = Client().get(f"/open/{world.province.code}/data.json").json()
    return {row["code"]: row["final_score"] for row in data["agencies"]}


def test_only_final_scores_are_public(world, published):
    import datetime

    from django.utils import timezone

    _publish(world)
    assert set(_scores(world).values()) == {None}  # preliminary: the public sees nothing yet
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(published).objects.filter(pk=published.pk).update(objection_closes_on=yesterday)
    published.refresh_from_db()
    services.close_objections(cycle=published, by=world.users["it"])
    services.finalize(cycle=published, by=world.users["it"])
    overall = {result.agency.code: result.overall for result in selectors.published_results(world.province)}
    scores = _scores(world)  # the cycle turning final changed the data version: not a stale page
    assert scores and all(scores[code] == (float(value) if value is not None else None)
                          for code, value in overall.items() if code in scores)  # fmt: skip
    assert any(value is not None for value in scores.values())
    page = Client().get(f"/open/{world.province.code}/").content.decode()
    assert "امتیاز ارزیابی نهایی" in page
