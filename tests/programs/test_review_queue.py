"""The review queue at scale: text search that ignores Persian spelling variants, sortable
columns, filters in the URL, newest or oldest first, counts per state, and a decision that
comes back to the same place in the queue with the next report one click away."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import ProgressReport
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("programs:review_queue")


def _submitted(agency, *, title="برنامه", minutes_ago=0, percent=50, period=None, number=None):
    program = factories.ProgramFactory(title_fa=title, **({"number": number} if number else {}))
    assignment = factories.AssignmentFactory(agency=agency, program=program)
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return factories.ReportFactory(
        assignment=assignment, period=period or factories.PeriodFactory(), state="submitted", percent=percent,
        work_done="کار", submitted_at=at, first_submitted_at=at,
    )  # fmt: skip


@pytest.fixture
def queue(agency_a, agency_b):
    period = factories.PeriodFactory()
    return {
        "old": _submitted(agency_a, title="توسعه دولت الکترونیک", minutes_ago=300, percent=20, period=period),
        "mid": _submitted(agency_b, title="دفاتر پیشخوان", minutes_ago=200, percent=90, period=period),
        "new": _submitted(agency_a, title="خدمات دستگاه‌های اجرایی", minutes_ago=10, percent=55, period=period),
    }


def _pks(response):
    return [report.pk for report in response.context["rows"]]


def test_oldest_first_by_default_and_newest_first_on_request(client, it_office_user, queue):
    client.force_login(it_office_user)
    assert _pks(client.get(URL)) == [queue["old"].pk, queue["mid"].pk, queue["new"].pk]
    assert _pks(client.get(URL, {"sort": "-submitted"})) == [queue["new"].pk, queue["mid"].pk, queue["old"].pk]


def test_search_ignores_zwnj_arabic_letters_and_digits(client, it_office_user, queue):
    client.force_login(it_office_user)
    # «دستگاههای» (no ZWNJ) finds «دستگاه‌های»; «پيشخوان» with an Arabic ي finds «پیشخوان».
    assert _pks(client.get(URL, {"q": "دستگاههای"})) == [queue["new"].pk]
    assert _pks(client.get(URL, {"q": "پيشخوان"})) == [queue["mid"].pk]
    # Every word must match somewhere: the agency's name and the program's title together.
    assert _pks(client.get(URL, {"q": "الف الکترونیک"})) == [queue["old"].pk]
    assert _pks(client.get(URL, {"q": "نیست‌چنین‌چیزی"})) == []


def test_columns_sort_both_ways_and_links_toggle(client, it_office_user, queue):
    client.force_login(it_office_user)
    by_percent = client.get(URL, {"sort": "percent"})
    assert _pks(by_percent) == [queue["old"].pk, queue["new"].pk, queue["mid"].pk]
    assert _pks(client.get(URL, {"sort": "-percent"})) == [queue["mid"].pk, queue["new"].pk, queue["old"].pk]
    assert parse_qs(by_percent.context["sort_links"]["percent"])["sort"] == ["-percent"]
    assert 'aria-sort="ascending"' in by_percent.content.decode()


def test_filters_stay_in_the_links_of_tabs_sorting_and_pages(client, it_office_user, queue, agency_a):
    client.force_login(it_office_user)
    response = client.get(URL, {"agency": agency_a.pk, "q": "دولت", "sort": "-submitted"})
    assert _pks(response) == [queue["old"].pk]
    for _value, _label, _count, tab_query, _current in response.context["tabs"]:
        assert {"agency": [str(agency_a.pk)], "q": ["دولت"], "sort": ["-submitted"]}.items() <= parse_qs(
            tab_query
        ).items()
    assert parse_qs(response.context["sort_links"]["agency"])["q"] == ["دولت"]


def test_counts_per_state_follow_the_filters(client, it_office_user, queue, agency_a):
    factories.ReportFactory(assignment=queue["old"].assignment, state="returned")
    factories.ReportFactory(assignment=queue["new"].assignment, state="approved", first_submitted_at=timezone.now())
    client.force_login(it_office_user)
    counts = {value: count for value, _label, count, _query, _current in client.get(URL).context["tabs"]}
    assert counts == {"submitted": 3, "awaiting_sign_off": 0, "returned": 1, "approved": 1}
    returned = client.get(URL, {"state": "returned"})
    assert [report.state for report in returned.context["rows"]] == ["returned"]
    only_b = client.get(URL, {"agency": queue["mid"].assignment.agency_id})
    assert {value: count for value, _l, count, _q, _c in only_b.context["tabs"]}["submitted"] == 1


def test_decision_returns_to_the_same_place_with_the_next_report_marked(client, it_office_user, queue):
    client.force_login(it_office_user)
    page = client.get(URL, {"sort": "-submitted", "q": "الف"})
    first, second = page.context["rows"]
    link = first.queue_url
    assert "queue=" in link and f"next={second.pk}" in link
    report_page = client.get(link)
    assert report_page.context["queue"].next_pk == second.pk
    assert b'name="queue"' in report_page.content and f'name="next" value="{second.pk}"'.encode() in report_page.content
    response = client.post(
        reverse("programs:report_review", args=[first.pk]),
        {"decision": "approve", "comment": "", "queue": report_page.context["queue"].query, "next": second.pk},
    )
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == URL
    params = parse_qs(target.query)
    assert params["sort"] == ["-submitted"] and params["q"] == ["الف"] and params["highlight"] == [str(second.pk)]
    ProgressReport.objects.get(pk=first.pk, state="approved")
    back = client.get(response["Location"])
    assert back.context["highlighted"].pk == second.pk
    assert f'id="queue-row-{second.pk}" class="table-info queue-next"' in back.content.decode()
    assert back.context["highlighted"].queue_url.startswith(second.get_absolute_url())


def test_a_missing_reason_keeps_the_way_back(client, it_office_user, queue):
    client.force_login(it_office_user)
    response = client.post(
        reverse("programs:report_review", args=[queue["old"].pk]),
        {"decision": "return", "comment": "", "queue": "sort=-submitted", "next": queue["mid"].pk},
    )
    assert response.status_code == 400
    assert f'name="next" value="{queue["mid"].pk}"'.encode() in response.content


def test_the_way_back_leads_only_to_the_queue(client, it_office_user, queue):
    client.force_login(it_office_user)
    response = client.post(
        reverse("programs:report_review", args=[queue["old"].pk]),
        {"decision": "approve", "queue": "next=https://evil.example/&sort=agency&x=1", "next": "javascript:1"},
    )
    assert response["Location"] == f"{URL}?sort=agency"


def test_governorate_is_offered_view_not_review(client, governorate_user, it_office_user, queue):
    client.force_login(governorate_user)
    page = client.get(URL).content.decode()
    assert "بررسی</a>" not in page and "مشاهده</a>" in page
    assert "صف بررسی" not in page  # neither the menu nor the heading promise a review
    client.force_login(it_office_user)
    assert "بررسی</a>" in client.get(URL).content.decode()


def test_query_count_does_not_grow_with_the_queue(client, it_office_user, agency_a):
    client.force_login(it_office_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": "برنامه", "sort": "-percent"}).status_code == 200
        return len(queries)

    for index in range(3):
        _submitted(agency_a, minutes_ago=index)
    small = count()
    for index in range(60):  # more than a page
        _submitted(agency_a, minutes_ago=100 + index)
    assert count() == small
