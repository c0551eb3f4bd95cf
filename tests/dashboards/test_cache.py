"""Cached dashboards are exact: any write to the data they show changes the data version in
the writing transaction (database triggers), whoever writes it (dashboards/cache.py)."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agencies.models import Agency
from dashboards.cache import WATCHED_MODELS, data_version, watched_tables
from evaluations.models import EvaluationCycle
from programs import services
from programs.models import Assignment, ProgressReport
from tests import factories

pytestmark = pytest.mark.django_db


def _content(response) -> str:
    """The cached part of a page (the base template around it holds a fresh CSRF token)."""
    assert response.status_code == 200
    return str(response.context["content"])


def _pages(province) -> list[str]:
    query = f"?period={province.q2.pk}"
    return [
        reverse("dashboards:dashboard") + query,
        reverse("dashboards:dashboard") + query + "&scope=it_office",
        reverse("dashboards:program", args=[province.p2.pk]) + query,
        reverse("dashboards:agency", args=[province.a.pk]) + query,
    ]


def _cached_and_fresh(client, settings, url) -> tuple[str, str]:
    cached = _content(client.get(url))
    settings.DASHBOARD_CACHE_SECONDS = 0
    fresh = _content(client.get(url))
    settings.DASHBOARD_CACHE_SECONDS = 3600
    return cached, fresh


def _approve(province, reviewer):
    services.approve_report(report=province.reports["a2q2"], by=reviewer)


def _raw_update(province, reviewer):
    """A writer that bypasses the services and signals."""
    ProgressReport.objects.filter(pk=province.reports["a1q2"].pk).update(percent=F("percent") + 5)


def _reweight(province, reviewer):
    Assignment.objects.filter(agency=province.a, program=province.p2).update(weight=Decimal(4))


def _rename_agency(province, reviewer):
    Agency.objects.filter(pk=province.a.pk).update(name_fa="الف نو")


def _deactivate_assignment(province, reviewer):
    assignment = Assignment.objects.get(agency=province.c, program=province.p2)
    assignment.is_active = False
    assignment.save()


def _new_deputy(province, reviewer):
    factories.DeputyFactory(agency=province.a, state="confirmed", full_name="مریم احمدی")


def _delete_report(province, reviewer):
    ProgressReport.objects.filter(pk=province.reports["a1q2"].pk).delete()


WRITES = [_approve, _raw_update, _reweight, _rename_agency, _deactivate_assignment, _new_deputy, _delete_report]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__.strip("_") for write in WRITES])
def test_a_cached_page_equals_a_fresh_one_after_any_write(client, settings, province, reviewer, write):
    client.force_login(reviewer)
    before = {url: _cached_and_fresh(client, settings, url) for url in _pages(province)}
    for cached, fresh in before.values():
        assert cached == fresh
    write(province, reviewer)
    changed = False
    for url in _pages(province):
        cached, fresh = _cached_and_fresh(client, settings, url)
        assert cached == fresh, url
        changed |= fresh != before[url][1]
    assert changed  # the write shows on some page, so the comparison above means something


def test_exports_follow_the_data(client, province, reviewer):
    client.force_login(reviewer)
    url = reverse("dashboards:export", args=["summary", "csv"]) + f"?period={province.q2.pk}"
    before = client.get(url).content
    assert client.get(url).content == before
    _approve(province, reviewer)
    after = client.get(url).content
    assert after != before
    assert "34.0" in after.decode("utf-8-sig")  # (2×60 + 1×50 + 0 + 0) ÷ 5


def _record_computations(monkeypatch) -> list[tuple[int, int]]:
    """(first, last) indexes into connection.queries of each cached computation (what cached()
    builds); the frame around a page (the user's notifications and work, the CSRF token) is
    computed for each request and never cached."""
    from dashboards import cache as cache_module
    from dashboards import views as views_module

    spans, real = [], cache_module.cached

    def recording(request, parts, build, **kwargs):
        def recorded():
            start = len(connection.queries)
            try:
                return build()
            finally:
                spans.append((start, len(connection.queries)))

        return real(request, parts, recorded, **kwargs)

    monkeypatch.setattr(cache_module, "cached", recording)
    monkeypatch.setattr(views_module, "cached", recording)
    return spans


def test_every_table_a_dashboard_reads_is_watched(client, province, reviewer, monkeypatch):
    """A table read by a cached computation but not watched would let pages go stale."""
    spans = _record_computations(monkeypatch)
    factories.DeputyFactory(agency=province.a, state="confirmed")
    client.force_login(reviewer)
    urls = [
        *_pages(province),
        reverse("dashboards:export", args=["heatmap", "xlsx"]),
        reverse("dashboards:program_export", args=[province.p1.pk, "agencies", "csv"]),
        reverse("dashboards:agency_export", args=[province.a.pk, "history", "csv"]),
    ]
    national = factories.UserFactory(username="national", role="governorate_reviewer", agency=None)
    read = set()
    for user, url_list in ((reviewer, urls), (national, [reverse("dashboards:national")])):
        client.force_login(user)
        for url in url_list:
            spans.clear()
            with CaptureQueriesContext(connection):
                assert client.get(url).status_code == 200
                computed = [query["sql"] for start, end in spans for query in connection.queries[start:end]]
            assert computed, url
            for text in computed:
                read.update(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', text))
    read.discard("dashboards_dataversion")
    assert read - set(watched_tables()) == set()
    assert {"programs_progressreport", "programs_assignment", "agencies_agency"} <= read


@pytest.mark.parametrize("label", WATCHED_MODELS)
def test_a_write_to_any_watched_table_changes_the_version(province, reviewer, label):
    factories.DeputyFactory(agency=province.a)
    _approve(province, reviewer)  # a report event
    EvaluationCycle.objects.create(province=province.a.province, fiscal_year=1404)
    model = apps.get_model(label)
    row = model.objects.order_by("pk").first()
    before = data_version()
    name = model._meta.pk.name
    model.objects.filter(pk=row.pk).update(**{name: F(name)})
    assert data_version() not in ("", before)


def test_a_write_elsewhere_keeps_the_version(province, reviewer):
    before = data_version()
    factories.UserFactory(username="someone_else")
    assert data_version() == before


def _other_province():
    other = factories.ProvinceFactory(code="OTH", name_fa="دیگر")
    agency = factories.AgencyFactory(kind="it_office", group="", province=other)
    return other, agency


# (what a write in one province touches, whether the other province keeps its version)
SCOPED_WRITES = {
    "report": lambda province, agency: ProgressReport.objects.filter(assignment__agency=province.a).update(
        percent=F("percent")
    ),
    "assignment": lambda province, agency: Assignment.objects.filter(agency=province.a).update(weight=F("weight")),
    "agency": lambda province, agency: Agency.objects.filter(pk=province.b.pk).update(name_fa="ب نو"),
    "deputy": lambda province, agency: factories.DeputyFactory(agency=province.a, state="confirmed"),
    "cycle": lambda province, agency: EvaluationCycle.objects.create(province=province.a.province, fiscal_year=1404),
}


@pytest.mark.parametrize("write", SCOPED_WRITES.values(), ids=SCOPED_WRITES.keys())
def test_a_write_in_one_province_changes_only_its_version(province, write):
    other, _agency = _other_province()
    mine, theirs = province.a.province_id, other.pk
    before = (data_version(provinces=[mine]), data_version(provinces=[theirs]), data_version())
    write(province, _agency)
    assert data_version(provinces=[mine]) != before[0]
    assert data_version(provinces=[theirs]) == before[1]
    assert data_version() != before[2]  # a page of every province (the national overview)


def test_a_write_to_what_every_province_shows_changes_every_version(province):
    other, _agency = _other_province()
    before = data_version(provinces=[other.pk])
    # the responsible office of a program is named on every province's pages
    Agency.objects.filter(pk=province.p2.owner_id).update(name_fa="دفتر نو")
    middle = data_version(provinces=[other.pk])
    assert middle != before
    province.q2.save()
    assert data_version(provinces=[other.pk]) != middle


def test_a_cached_page_of_another_province_survives_a_write(client, province, reviewer, monkeypatch):
    other, agency = _other_province()
    theirs = factories.UserFactory(username="theirs", role="it_office_reviewer", agency=agency)
    spans = _record_computations(monkeypatch)
    url = reverse("dashboards:dashboard") + f"?period={province.q2.pk}"
    client.force_login(theirs)
    client.get(url)
    assert spans
    spans.clear()
    _approve(province, reviewer)
    client.get(url)
    assert spans == []  # served from the cache
    client.force_login(reviewer)
    client.get(url)
    assert spans  # the province written to is computed again


def test_viewers_and_languages_do_not_share_pages(client, province, reviewer):
    elsewhere = factories.AgencyFactory(
        kind="it_office", group="", province=factories.ProvinceFactory(code="OTH", name_fa="دیگر")
    )
    other = factories.UserFactory(username="elsewhere", role="it_office_reviewer", agency=elsewhere)
    url = reverse("dashboards:dashboard") + f"?period={province.q2.pk}"
    client.force_login(reviewer)
    mine = _content(client.get(url))
    assert province.a.name_fa in mine
    client.force_login(other)
    assert province.a.name_fa not in _content(client.get(url))
    client.force_login(reviewer)
    with translation.override("en"):
        english = _content(client.get(url, headers={"accept-language": "en"}))
    assert english != mine


def test_no_cache_when_turned_off(client, settings, province, reviewer, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client.force_login(reviewer)
    url = reverse("dashboards:dashboard") + f"?period={province.q2.pk}"
    client.get(url)
    with django_assert_num_queries(18):  # the computed page's 19 less the data version
        client.get(url)


def test_a_cache_server_that_is_down_costs_speed_not_the_page(client, province, reviewer, monkeypatch):
    from dashboards import cache as dashboard_cache

    def down(*args, **kwargs):
        raise ConnectionError("cache server down")

    monkeypatch.setattr(dashboard_cache.cache, "get", down)
    monkeypatch.setattr(dashboard_cache.cache, "set", down)
    client.force_login(reviewer)
    url = reverse("dashboards:dashboard") + f"?period={province.q2.pk}"
    assert province.a.name_fa in _content(client.get(url))
    assert client.get(reverse("dashboards:export", args=["ranking", "csv"])).status_code == 200
