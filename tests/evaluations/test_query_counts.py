"""The evaluation's pages and documents run the same number of queries at two data sizes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency
from evaluations.models import IndicatorScore
from programs.models import Evidence, IndicatorValue
from tests import factories
from tests.evaluations.conftest import approved_report, open_cycle, value

pytestmark = pytest.mark.django_db


def _grow(world, cycle, agencies: int):
    """More agencies, each with approved reports, values, evidence and (published) scores."""
    i = world.indicators
    for index in range(agencies):
        agency = factories.AgencyFactory(province=world.province, group=Agency.Group.values[index % 5])
        factories.UserFactory(role="agency_staff", agency=agency)
        assignment = factories.AssignmentFactory(agency=agency, program=world.p1)
        for period in world.periods[:2]:
            report = approved_report(assignment, period, late=index % 2 == 0)
            value(report, i["I1"], 10 * index)
            value(report, i["I2"], numerator=index, denominator=20)
            Evidence.objects.create(report=report, original_name="e.pdf", kind="pdf", size=1, indicator=i["I1"],
                                    uploaded_by=world.users["staff_a"])  # fmt: skip
        if cycle is not None and cycle.has_scores:
            for code in ("I1", "I2", "I3"):
                IndicatorScore.objects.create(
                    cycle=cycle, agency=agency, indicator=i[code], indicator_set="general", weight=i[code].weight,
                    target=10, actual=index, source="declared", achievement=Decimal("0.5"),
                    score=i[code].weight / 2, preliminary_score=i[code].weight / 2,
                )  # fmt: skip
    # and more values for the agencies measured
    for period in world.periods[2:]:
        report = approved_report(world.assignments["a1"], period)
        value(report, i["I1"], 5)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


#: The pages measured, as the IT office reviewer (the counts include the session, the user and
#: the top bar's unread notifications).
PUBLISHED = {
    "index": lambda w, c: reverse("evaluations:index"),
    "cycle": lambda w, c: reverse("evaluations:cycle", args=[c.pk]),
    "results": lambda w, c: reverse("evaluations:results", args=[c.pk]),
    "scorecard": lambda w, c: reverse("evaluations:scorecard", args=[c.pk, w.a.pk]),
    "objection": lambda w, c: reverse(
        "evaluations:objection", args=[IndicatorScore.objects.get(cycle=c, objection__isnull=False).objection.pk]
    ),
    "workbook": lambda w, c: reverse("evaluations:workbook", args=[c.pk]),
    "dossier_xlsx": lambda w, c: reverse("evaluations:dossier_xlsx", args=[c.pk, w.a.pk]),
    "evidence_zip": lambda w, c: reverse("evaluations:evidence_zip", args=[c.pk, w.a.pk]),
}
OPEN = {
    "cycle": lambda w, c: reverse("evaluations:cycle", args=[c.pk]),
    "preview": lambda w, c: reverse("evaluations:results", args=[c.pk]),
    "simulator": lambda w, c: reverse("evaluations:scorecard", args=[c.pk, w.a.pk]),
}


def _measure(client, world, cycle, pages, grow_cycle):
    urls = {name: page(world, cycle) for name, page in pages.items()}
    small = {name: _queries(client, url) for name, url in urls.items()}
    _grow(world, grow_cycle, agencies=8)
    assert IndicatorValue.objects.count() > 30
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small
    return small


def test_published_pages_do_not_grow_with_data(client, world, published):
    from evaluations import services

    services.file_objection(
        score=IndicatorScore.objects.get(cycle=published, agency=world.a, indicator__code="I3"),
        by=world.users["staff_a"], reason="دلیل",
    )  # fmt: skip
    client.force_login(world.users["it"])
    counts = _measure(client, world, published, PUBLISHED, published)
    assert counts == {"index": 5, "cycle": 7, "results": 9, "scorecard": 9, "objection": 7, "workbook": 10,
                      "dossier_xlsx": 10, "evidence_zip": 10}  # fmt: skip


def test_open_cycle_pages_do_not_grow_with_data(client, world):
    cycle = open_cycle(world)
    client.force_login(world.users["it"])
    counts = _measure(client, world, cycle, OPEN, None)
    assert counts == {"cycle": 7, "preview": 13, "simulator": 15}


def test_the_agencys_own_pages_do_not_grow_with_data(client, world, published):
    client.force_login(world.users["staff_a"])
    urls = [reverse("evaluations:scorecard", args=[published.pk, world.a.pk]), reverse("evaluations:index")]
    small = [_queries(client, url) for url in urls]
    _grow(world, published, agencies=8)
    assert [_queries(client, url) for url in urls] == small
