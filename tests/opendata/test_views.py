"""The open data (/open/): only what an administrator published, without a login; the
dashboards' definitions (the worked example of docs/definitions.md); CSV and JSON; cached
exactly; rate-limited per address; never a narrative, a file or anyone's personal data."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from opendata.extensions import AgencyColumn, agency_columns, register_agency_column, unregister_agency_column
from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince
from programs import services
from tests import factories
from tests.dashboards.conftest import province, reviewer  # noqa: F401 -- the hand-made province

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(province):  # noqa: F811
    home = province.a.province
    PublishedProvince.objects.create(province=home)
    for program in (province.p1, province.p2):
        PublishedProgram.objects.create(program=program)
    for period in (province.q1, province.q2):
        PublishedPeriod.objects.create(period=period)
    return home


def test_nothing_is_shown_until_published(province):  # noqa: F811
    client = Client()
    assert client.get("/open/").status_code == 200
    assert client.get(f"/open/{province.a.province.code}/").status_code == 404
    assert client.get(f"/open/{province.a.province.code}/data.json").status_code == 404


def test_the_province_page_shows_the_worked_example_without_a_login(province, published):  # noqa: F811
    response = Client().get(f"/open/{published.code}/?period={province.q2.pk}")
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.headline.reporting_rate, page.headline.on_time_rate, page.headline.progress) == (
        Decimal("50.0"), Decimal("25.0"), Decimal("30.0"),
    )  # fmt: skip
    html = response.content.decode()
    assert 'dir="rtl"' in html and "۵۰٫۰" in html and 'id="data-as-of"' in html
    for secret in ("کار 60", "کمبود اعتبار", "0499370899", "ito_reviewer"):  # narratives, people
        assert secret not in html
    assert [row.agency for row in page.agencies][:1] == [province.a]  # ranked by reporting rate


def test_only_published_programs_periods_and_agencies(province, published):  # noqa: F811
    PublishedProgram.objects.filter(program=province.p2).delete()
    client = Client()
    data = client.get(f"/open/{published.code}/data.json?period={province.q2.pk}").json()
    assert [row["number"] for row in data["programs"]] == [1]
    # p1 only: A × p1 approved, B × p1 returned (D × p1: an inactive agency)
    assert (data["headline"]["expected"], data["headline"]["reporting_rate"]) == (2, 50.0)
    assert [period["id"] for period in data["periods"]] == [province.q2.pk, province.q1.pk]
    assert client.get(f"/open/{published.code}/?period={province.q3.pk}").status_code == 404  # not published
    PublishedProvince.objects.filter(province=published).update(show_agencies=False)
    data = client.get(f"/open/{published.code}/data.json?period={province.q2.pk}").json()
    assert data["agencies"] is None
    assert client.get(f"/open/{published.code}/agencies.csv?period={province.q2.pk}").status_code == 404
    assert province.a.name_fa not in client.get(f"/open/{published.code}/?period={province.q2.pk}").content.decode()


def test_csv_and_json_downloads(province, published):  # noqa: F811
    province.p1.title_fa = '=HYPERLINK("http://evil.example","برنامه")'
    province.p1.save()
    client = Client()
    response = client.get(f"/open/{published.code}/programs.csv?period={province.q2.pk}")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("fa"):
        assert rows[0][:4] == [
            gettext("Reporting period"),
            gettext("Number"),
            gettext("Program"),
            gettext("Progress %"),
        ]
    assert rows[1][2].startswith("'=HYPERLINK")  # formula-safe (reform_portal/tabular.py)
    data = client.get(f"/open/{published.code}/data.json?period={province.q2.pk}").json()
    assert data["province"]["code"] == published.code
    assert data["period"]["label"]["en"] == "second quarter of 1405" and data["as_of"]
    assert {row["code"] for row in data["agencies"]} == {province.a.code, province.b.code, province.c.code}
    assert set(data["agencies"][0]) == {
        "code",
        "name_fa",
        "name_en",
        "expected",
        "reported",
        "reporting_rate",
        "on_time_rate",
        "final_score",
    }  # fmt: skip (the evaluation's column)
    assert [point["period"]["id"] for point in data["trend"]] == [province.q1.pk, province.q2.pk]


def test_the_cache_is_exact_for_data_and_for_what_is_published(province, published, reviewer):  # noqa: F811
    client = Client()
    url = f"/open/{published.code}/data.json?period={province.q2.pk}"
    first = client.get(url).json()
    assert client.get(url).json() == first
    services.approve_report(report=province.reports["a2q2"], by=reviewer)
    after = client.get(url).json()
    assert after["programs"][1]["progress"] != first["programs"][1]["progress"]
    PublishedProgram.objects.filter(program=province.p1).delete()
    assert [row["number"] for row in client.get(url).json()["programs"]] == [2]


def test_rate_limited_per_address(province, published, settings):  # noqa: F811
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_OPEN_DATA = "2/m"
    cache.clear()
    client = Client()
    answers = [client.get("/open/", REMOTE_ADDR="10.9.9.9").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = client.get("/open/", REMOTE_ADDR="10.9.9.9")
    assert int(refused["Retry-After"]) >= 1 and 'lang="fa"' in refused.content.decode()
    assert client.get("/open/", REMOTE_ADDR="10.9.9.10").status_code == 200


def test_query_counts_stay_fixed(province, published):  # noqa: F811
    def counts():
        cache.clear()
        result = {}
        for url in ("/open/", f"/open/{published.code}/", f"/open/{published.code}/data.json",
                    f"/open/{published.code}/agencies.csv"):  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(url).status_code == 200
            result[url] = len(queries)
        return result

    small = counts()
    for index in range(6):
        agency = factories.AgencyFactory(province=published)
        for program in (province.p1, province.p2):
            assignment = factories.AssignmentFactory(agency=agency, program=program)
            factories.ReportFactory(assignment=assignment, period=province.q2, state="approved", percent=index * 10,
                                    first_submitted_at=province.reports["a1q2"].first_submitted_at)  # fmt: skip
    assert counts() == small
    assert max(small.values()) <= 12


def test_another_app_adds_a_column_to_the_agencies(province, published):  # noqa: F811
    # the evaluation's real column is put back afterwards (other tests of this process read it)
    real = {column.key: column for column in agency_columns()}.get("final_score")
    register_agency_column(
        AgencyColumn(
            key="final_score", label="امتیاز نهایی",
            values=lambda prov, period, agency_ids: {province.a.pk: Decimal("812.5")},
        )
    )  # fmt: skip
    try:
        client = Client()
        data = client.get(f"/open/{published.code}/data.json?period={province.q2.pk}").json()
        scores = {row["code"]: row["final_score"] for row in data["agencies"]}
        assert scores == {province.a.code: 812.5, province.b.code: None, province.c.code: None}
        html = client.get(f"/open/{published.code}/?period={province.q2.pk}").content.decode()
        assert "امتیاز نهایی" in html and "۸۱۲٫۵" in html
        rows = list(
            csv.reader(io.StringIO(client.get(f"/open/{published.code}/agencies.csv").content.decode("utf-8-sig")))
        )
        assert rows[0][-1] == "امتیاز نهایی"
    finally:
        unregister_agency_column("final_score")
        if real is not None:
            register_agency_column(real)
