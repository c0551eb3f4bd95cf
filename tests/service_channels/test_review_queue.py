"""The counts queue: search, order, counts per state, and back to the same place after a decision."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from service_channels.models import ChannelReport
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("channels:review_queue")


def _counts(agency, period, *, minutes_ago, state="submitted"):
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return ChannelReport.objects.create(
        agency=agency, period=period, state=state, submitted_at=at, first_submitted_at=at
    )


@pytest.fixture
def waiting(agency_a, agency_b, period, past_period):
    return {
        "old": _counts(agency_a, past_period, minutes_ago=300),
        "mid": _counts(agency_b, past_period, minutes_ago=100),
        "new": _counts(agency_a, period, minutes_ago=5),
    }


def _pks(response):
    return [report.pk for report in response.context["reports"]]


def test_order_search_and_counts(client, it_office_user, waiting, agency_b, period):
    _counts(agency_b, period, minutes_ago=1, state="returned")
    client.force_login(it_office_user)
    assert _pks(client.get(URL)) == [waiting["old"].pk, waiting["mid"].pk, waiting["new"].pk]
    assert _pks(client.get(URL, {"sort": "-submitted"})) == [waiting["new"].pk, waiting["mid"].pk, waiting["old"].pk]
    assert _pks(client.get(URL, {"q": "الف"})) == [waiting["old"].pk, waiting["new"].pk]
    assert _pks(client.get(URL, {"q": agency_b.code.lower()})) == [waiting["mid"].pk]
    tabs = {value: count for value, _label, count, _query, _current in client.get(URL).context["tabs"]}
    assert tabs == {"submitted": 3, "returned": 1, "approved": 0}


def test_decision_comes_back_with_the_next_counts_marked(client, it_office_user, waiting):
    client.force_login(it_office_user)
    first, second = client.get(URL, {"sort": "-submitted", "q": "الف"}).context["reports"]
    page = client.get(first.queue_url)
    response = client.post(
        reverse("channels:report_review", args=[first.pk]),
        {"decision": "approve", "queue": page.context["queue"].query, "next": second.pk},
    )
    target = urlsplit(response["Location"])
    assert target.path == URL and parse_qs(target.query)["highlight"] == [str(second.pk)]
    assert client.get(response["Location"]).context["highlighted"].pk == second.pk


def test_governorate_is_offered_view_not_review(client, governorate_user, waiting):
    client.force_login(governorate_user)
    page = client.get(URL).content.decode()
    assert "بررسی</a>" not in page and "مشاهده</a>" in page


def test_query_count_does_not_grow(client, it_office_user, agency_a):
    client.force_login(it_office_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"q": "اداره"})
        return len(queries)

    def add(n):
        for _ in range(n):
            _counts(factories.AgencyFactory(name_fa="اداره نمونه"), factories.PeriodFactory(), minutes_ago=1)

    add(2)
    small = count()
    add(55)
    assert count() == small
