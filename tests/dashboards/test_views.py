"""The dashboard pages through the test client: who may see what, and what they show."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_of_a(province):
    return factories.UserFactory(username="staff_of_a", role="agency_staff", agency=province.a)


@pytest.fixture
def governorate(province):
    return factories.UserFactory(
        username="gov_reviewer", role="governorate_reviewer",
        agency=factories.AgencyFactory(kind="governorate", group=""),
    )  # fmt: skip


@pytest.fixture
def other_province_reviewer(province):
    elsewhere = factories.AgencyFactory(
        kind="it_office", group="", province=factories.ProvinceFactory(code="OTH", name_fa="دیگر")
    )
    return factories.UserFactory(username="elsewhere", role="it_office_reviewer", agency=elsewhere)


def _urls(province):
    q = f"?period={province.q2.pk}"
    return {
        "dashboard": reverse("dashboards:dashboard") + q,
        "program": reverse("dashboards:program", args=[province.p1.pk]) + q,
        "agency_a": reverse("dashboards:agency", args=[province.a.pk]) + q,
        "agency_b": reverse("dashboards:agency", args=[province.b.pk]) + q,
        "export": reverse("dashboards:export", args=["ranking", "csv"]) + q,
        "pdf": reverse("dashboards:pdf") + q,
        "program_export": reverse("dashboards:program_export", args=[province.p1.pk, "agencies", "xlsx"]) + q,
        "agency_a_export": reverse("dashboards:agency_export", args=[province.a.pk, "assignments", "csv"]) + q,
        "agency_b_export": reverse("dashboards:agency_export", args=[province.b.pk, "assignments", "csv"]) + q,
        "national": reverse("dashboards:national") + q,
    }


EXPECTED = {
    # url: (anonymous, staff of A, governorate reviewer, IT office reviewer)
    "dashboard": (302, 302, 200, 200),
    "program": (302, 403, 200, 200),
    "agency_a": (302, 200, 200, 200),
    "agency_b": (302, 404, 200, 200),
    "export": (302, 403, 200, 200),
    "pdf": (302, 403, 200, 200),
    "program_export": (302, 403, 200, 200),
    "agency_a_export": (302, 200, 200, 200),
    "agency_b_export": (302, 404, 200, 200),
    "national": (302, 403, 404, 404),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_permission_matrix(client, province, reviewer, staff_of_a, governorate, name, settings):
    url = _urls(province)[name]
    for index, user in enumerate([None, staff_of_a, governorate, reviewer]):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == EXPECTED[name][index], (name, user)


def test_agency_staff_are_sent_to_their_agency_page(client, province, staff_of_a):
    client.force_login(staff_of_a)
    response = client.get(reverse("dashboards:dashboard"))
    assert response["Location"] == reverse("dashboards:agency", args=[province.a.pk])


def test_a_reviewer_of_another_province_sees_nothing_of_this_one(client, province, other_province_reviewer):
    client.force_login(other_province_reviewer)
    assert client.get(reverse("dashboards:agency", args=[province.a.pk])).status_code == 404
    response = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk})
    assert response.context["dashboard"].headline.expected == 0


def test_a_national_reviewer_gets_the_national_overview(client, province, other_province_reviewer):
    national = factories.UserFactory(username="national", role="it_office_reviewer", agency=None)
    client.force_login(national)
    response = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse("dashboards:national"))
    response = client.get(response["Location"])
    overview = response.context["overview"]
    assert overview.headline.progress == response.context["overview"].provinces[0].figures.progress
    assert [row.figures.expected for row in overview.provinces] == [4]
    home = province.a.province_id
    response = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk, "province": home})
    assert response.status_code == 200
    assert response.context["dashboard"].headline.expected == 4


def test_dashboard_page_shows_the_figures(client, province, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk, "sort": "on_time"})
    html = response.content.decode()
    assert 'data-figure="progress">۳۰٫۰٪<' in html
    assert 'data-figure="reporting_rate">۵۰٫۰٪<' in html
    assert 'data-figure="on_time_rate">۲۵٫۰٪<' in html
    assert 'data-figure="missing">۱<' in html
    assert 'id="trend-data"' in html and "<script>" not in html.replace("<script src=", "")
    # the heatmap has its own page, linked with the same filters
    assert 'id="heatmap"' not in html
    assert f'id="heatmap-link" href="{reverse("dashboards:heatmap")}?period={province.q2.pk}' in html


def test_heatmap_page_tells_the_cells_apart(client, province, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:heatmap"), {"period": province.q2.pk})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="heatmap"' in html
    assert province.reports["a1q2"].get_absolute_url() in html
    # the three kinds of empty-looking cells look different and are named for screen readers
    unassigned = '<td class="hm-unassigned"><span aria-hidden="true">·</span><span class="visually-hidden">'
    assert unassigned + "پ، برنامه ۱: واگذار نشده" in html
    assert "ب، برنامه ۱: هنوز گزارشی نیست" in html
    assert '<td class="hm-zero">' in html and "پ، برنامه ۲: ۰٪" in html


def test_it_office_scope_keeps_only_its_programs(client, province, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:dashboard"), {"period": province.q2.pk, "scope": "it_office"})
    assert [row.program for row in response.context["dashboard"].programs] == [province.p1]


def test_unknown_filters_fall_back_to_defaults(client, province, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:dashboard"), {"period": "x", "county": "999", "group": "nope"})
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.county_id, filters.group) == (None, "")


def test_agency_page_names_the_confirmed_deputy(client, province, staff_of_a):
    factories.DeputyFactory(agency=province.a, full_name="مریم رسولی", state="confirmed")
    client.force_login(staff_of_a)
    response = client.get(reverse("dashboards:agency", args=[province.a.pk]), {"period": province.q2.pk})
    assert "مریم رسولی" in response.content.decode()
    assert len(response.context["drilldown"].assignments) == 2


def test_program_page_lists_narratives_and_obstacles(client, province, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("dashboards:program", args=[province.p1.pk]), {"period": province.q2.pk})
    narratives = response.context["drilldown"].narratives
    assert [report.pk for report in narratives] == [
        province.reports["b1q2"].pk, province.reports["a1q2"].pk, province.reports["a1q1"].pk,
    ]  # fmt: skip
    assert "کمبود اعتبار" in response.content.decode()


def test_home_sends_reviewers_to_the_dashboard(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/")["Location"] == reverse("dashboards:dashboard")
