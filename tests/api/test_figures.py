"""The dashboards' figures through the API are the pages' figures: the same selectors
(dashboards/selectors.py) over the same definitions (programs/metrics.py), worked out by
hand in docs/definitions.md on the province of tests/dashboards/conftest.py."""

from decimal import Decimal

import pytest
from django.test import Client

from dashboards import selectors
from dashboards.selectors import Filters
from programs import services
from programs.metrics import all_periods
from tests import factories
from tests.api.conftest import make_token
from tests.dashboards.conftest import province, reviewer  # noqa: F401 -- the hand-made province

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"})


def _figures(figures) -> dict:
    return {
        "expected": figures.expected, "reported": figures.reported, "awaiting_review": figures.awaiting_review,
        "approved": figures.approved, "returned": figures.returned, "awaiting_sign_off": figures.awaiting_sign_off,
        "missing": figures.missing, "unsent": figures.unsent, "on_time": figures.on_time,
        "progress": None if figures.progress is None else float(figures.progress),
        "reporting_rate": None if figures.reporting_rate is None else float(figures.reporting_rate),
        "on_time_rate": None if figures.on_time_rate is None else float(figures.on_time_rate),
    }  # fmt: skip


def test_the_province_figures_are_the_worked_example_and_the_selectors(province, reviewer):  # noqa: F811
    data = _client(reviewer).get("/api/v1/figures/province/", {"period": province.q2.pk}).json()
    headline = data["headline"]
    assert (headline["expected"], headline["reported"], headline["awaiting_review"], headline["returned"]) == (
        4,
        2,
        1,
        1,
    )
    assert (headline["missing"], headline["unsent"]) == (1, 2)
    assert (headline["reporting_rate"], headline["on_time_rate"], headline["progress"]) == (50.0, 25.0, 30.0)
    page = selectors.province_dashboard(reviewer, Filters(period=province.q2), periods=all_periods())
    assert headline == _figures(page.headline)
    assert [row["program"] for row in data["programs"]] == [row.program.pk for row in page.programs]
    assert [row["figures"] for row in data["programs"]] == [_figures(row.figures) for row in page.programs]
    assert [(row["agency"], row["rank"]) for row in data["agencies"]] == [
        (row.agency.pk, rank) for rank, row in enumerate(page.agencies, start=1)
    ]
    assert [row["figures"] for row in data["agencies"]] == [_figures(row.figures) for row in page.agencies]
    assert [point["period"]["id"] for point in data["trend"]] == [point.period.pk for point in page.trend]
    assert all(row["cells"] == [] for row in data["agencies"])
    assert data["period"]["label"]["en"] == "second quarter of 1405"


def test_the_heatmap_the_scope_and_the_sort(province, reviewer):  # noqa: F811
    client = _client(reviewer)
    data = client.get("/api/v1/figures/province/", {"period": province.q2.pk, "heatmap": "true"}).json()
    cells = {(row["agency"], cell["program"]): cell["percent"] for row in data["agencies"] for cell in row["cells"]}
    assert cells[(province.a.pk, province.p1.pk)] == 60 and cells[(province.a.pk, province.p2.pk)] == 30
    it_office = client.get("/api/v1/figures/province/", {"period": province.q2.pk, "scope": "it_office"}).json()
    assert [row["program"] for row in it_office["programs"]] == [province.p1.pk]
    by_reporting = client.get("/api/v1/figures/province/", {"period": province.q2.pk, "sort": "reporting"}).json()
    rates = [row["figures"]["reporting_rate"] for row in by_reporting["agencies"]]
    assert rates == sorted(rates, key=lambda rate: (rate is None, -(rate or 0)))


def test_drilldowns_match_the_selectors(province, reviewer):  # noqa: F811
    client = _client(reviewer)
    periods = all_periods()
    program = client.get(f"/api/v1/figures/programs/{province.p1.pk}/", {"period": province.q2.pk}).json()
    expected = selectors.program_drilldown(reviewer, province.p1, Filters(period=province.q2), periods=periods)
    assert program["figures"] == _figures(expected.figures)
    agency = client.get(f"/api/v1/figures/agencies/{province.a.pk}/", {"period": province.q2.pk}).json()
    assert [(row["program"], row["percent"]) for row in agency["assignments"]] == [
        (province.p1.pk, 60),
        (province.p2.pk, 30),
    ]
    assert agency["figures"]["progress"] == float(Decimal("50.0"))  # (2 × 60 + 1 × 30) ÷ 3


def test_who_may_see_which_figures(province, reviewer):  # noqa: F811
    staff = factories.UserFactory(role="agency_staff", agency=province.a)
    client = _client(staff)
    assert client.get("/api/v1/figures/province/").status_code == 403
    assert client.get(f"/api/v1/figures/agencies/{province.a.pk}/").status_code == 200
    other, missing = client.get(f"/api/v1/figures/agencies/{province.b.pk}/"), client.get("/api/v1/figures/agencies/9/")
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    assert _client(reviewer).get("/api/v1/figures/national/").status_code == 404
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    national = _client(admin).get("/api/v1/figures/national/", {"period": province.q2.pk}).json()
    assert [row["province"] for row in national["provinces"]] == [province.a.province_id]
    assert national["headline"]["reporting_rate"] == 50.0


def test_filters_that_the_user_may_not_choose_are_refused(province, reviewer):  # noqa: F811
    client = _client(reviewer)
    unknown = client.get("/api/v1/figures/province/", {"period": 987654})
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"period"}
    other_province = factories.ProvinceFactory(code="OTHER")
    refused = client.get("/api/v1/figures/province/", {"province": other_province.pk})
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"province"}
    assert client.get("/api/v1/figures/province/", {"scope": "nonsense"}).status_code == 400


def test_figures_follow_a_change_at_once(province, reviewer):  # noqa: F811
    """Cached under the dashboards' data version: a change is seen by the next request."""
    client = _client(reviewer)
    url = f"/api/v1/figures/province/?period={province.q2.pk}"
    first = client.get(url).json()
    assert client.get(url).json() == first  # from the cache, the same (as_of included)
    services.approve_report(report=province.reports["a2q2"], by=reviewer)
    after = client.get(url).json()
    assert after["headline"]["approved"] == first["headline"]["approved"] + 1
    assert after["as_of"] >= first["as_of"]


def test_channel_figures(province, reviewer):  # noqa: F811
    data = _client(reviewer).get("/api/v1/figures/channels/", {"period": province.q2.pk}).json()
    assert data["period"]["id"] == province.q2.pk
    assert [row["channel"] for row in data["by_channel"]] == [
        "in_person", "counter_office", "public_service_office", "online",
    ]  # fmt: skip
    assert data["transactions"] == {"part": 0, "whole": 0, "percent": None}
