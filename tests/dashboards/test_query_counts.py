"""Every dashboard, drill-down and export runs the same number of queries at two data sizes,
both when it computes its figures (after a change) and when it reuses them (dashboards/cache.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Agency
from programs.models import ProgressReport
from tests import factories
from tests.dashboards.conftest import _at

pytestmark = pytest.mark.django_db

# Computed afresh: session + user + the data version + periods, the current period (two
# queries when none is open), counties + the reviewer's agency (agencies_visible_to) + the
# figures. Reused: session + user + the data versions + the reviewer's agency (whose province's
# version the page is kept under) (+ the program, or the agency, checked). Pages (not exports)
# add their frame, computed for each request: the unread notifications (1); the dashboard also
# «my work» (3 for an IT office reviewer) and the reviewers' names in the review times (1, none
# without a decision; the times themselves are kept with the page). The heatmap page has neither.
PAGES = {
    "dashboard": (lambda p: reverse("dashboards:dashboard"), 19, 8),
    "heatmap": (lambda p: reverse("dashboards:heatmap"), 15, 5),
    "dashboard_it_office": (lambda p: reverse("dashboards:dashboard") + "?scope=it_office&group=production", 19, 8),
    "program": (lambda p: reverse("dashboards:program", args=[p.p1.pk]), 16, 6),
    "agency": (lambda p: reverse("dashboards:agency", args=[p.a.pk]), 16, 6),
    "export_ranking_xlsx": (lambda p: reverse("dashboards:export", args=["ranking", "xlsx"]), 14, 4),
    "export_heatmap_csv": (lambda p: reverse("dashboards:export", args=["heatmap", "csv"]), 14, 4),
    "program_export": (lambda p: reverse("dashboards:program_export", args=[p.p1.pk, "agencies", "csv"]), 15, 5),
    "agency_export": (lambda p: reverse("dashboards:agency_export", args=[p.a.pk, "history", "xlsx"]), 14, 5),
}


PDF_JOB_QUERIES = 22


def _grow(province, agencies: int):
    """More agencies, assignments and reports of every state."""
    states = list(ProgressReport.State.values)
    for index in range(agencies):
        agency = factories.AgencyFactory(group=Agency.Group.values[index % 5], county=province.a.county)
        for program in (province.p1, province.p2):
            assignment = factories.AssignmentFactory(agency=agency, program=program, weight=Decimal(1 + index % 3))
            for offset, period in enumerate((province.q1, province.q2)):
                state = states[(index + offset) % len(states)]
                factories.ReportFactory(
                    assignment=assignment, period=period, percent=10 * (index % 10), state=state,
                    first_submitted_at=None if state == "draft" else _at(period.due_on, 10),
                    work_done="انجام شد", obstacles="",
                )  # fmt: skip
    factories.DeputyFactory(agency=province.a, state="confirmed")


def _body(response) -> bytes:
    """A page's cached part (the rest holds a fresh CSRF token), or a whole export."""
    if response.context is not None and "content" in response.context:
        return str(response.context["content"]).encode()
    return response.content


def _computed_then_reused(client, url, computed, reused, assert_num_queries):
    """The page computed, then the same page again from the cache: same body, fewer queries."""
    with assert_num_queries(computed):
        first = client.get(url)
    with assert_num_queries(reused):
        again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert _body(again) == _body(first)


@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_does_not_grow_with_data(client, province, reviewer, django_assert_num_queries, name):
    url, computed, reused = PAGES[name]
    url = url(province)
    url += ("&" if "?" in url else "?") + f"period={province.q2.pk}"
    client.force_login(reviewer)
    _computed_then_reused(client, url, computed, reused, django_assert_num_queries)
    _grow(province, agencies=12)
    _computed_then_reused(client, url, computed, reused, django_assert_num_queries)


def test_national_overview_query_count(client, province, django_assert_num_queries):
    national = factories.UserFactory(username="national", role="governorate_reviewer", agency=None)
    other = factories.ProvinceFactory(code="OTH", name_fa="دیگر")
    client.force_login(national)
    url = reverse("dashboards:national") + f"?period={province.q2.pk}"
    with django_assert_num_queries(12):  # with the unread notifications of the top bar
        assert client.get(url).status_code == 200
    _grow(province, agencies=6)
    agency = factories.AgencyFactory(province=other)
    factories.AssignmentFactory(agency=agency, program=province.p1)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["overview"].provinces) == 2
    assert response.context["overview"].filters.period.due_on == datetime.date(2026, 7, 6)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


def test_the_pdf_job_runs_a_fixed_number_of_queries(province, reviewer, django_assert_num_queries, settings, tmp_path):
    """The province status PDF, made by the task worker (dashboards/jobs.py): the job's own
    bookkeeping (lock, start, lock, finish) around the dashboard's figures."""
    from dashboards import jobs as dashboard_jobs
    from jobs import services

    settings.MEDIA_ROOT = tmp_path

    def run():
        job = services.submit(
            reviewer, dashboard_jobs.PROVINCE_STATUS_PDF, title="PDF", params={"query": {"period": str(province.q2.pk)}}
        )
        with django_assert_num_queries(PDF_JOB_QUERIES):
            services.run(job.pk)

    run()
    _grow(province, agencies=12)
    run()
