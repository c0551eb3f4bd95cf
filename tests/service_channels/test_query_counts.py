"""The channels dashboard runs the same number of queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from service_channels.models import Channel
from tests import factories
from tests.service_channels.conftest import make_report, make_service

ALL = {Channel.IN_PERSON: None, Channel.COUNTER_OFFICE: None, Channel.ONLINE: None}


def build(province, periods, *, agencies: int, services: int):
    for index in range(agencies):
        agency = factories.AgencyFactory(province=province)
        made = [make_service(agency, f"S{n}", ALL) for n in range(services)]
        for period in periods:
            make_report(agency, period, {(service, Channel.ONLINE): 10 + index for service in made})


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["dashboard", "review_queue"])
def test_dashboard_queries_do_not_grow_with_the_data(client, it_office_user, period, past_period, url_name):
    province = it_office_user.agency.province
    url = reverse(f"channels:{url_name}")
    client.force_login(it_office_user)
    build(province, [past_period, period], agencies=1, services=1)
    small = _count(client, url)
    build(province, [past_period, period], agencies=8, services=5)
    assert _count(client, url) == small


def test_dashboard_query_count_is_fixed(client, it_office_user, period, past_period, django_assert_num_queries):
    province = it_office_user.agency.province
    build(province, [past_period, period], agencies=3, services=2)
    client.force_login(it_office_user)
    url = reverse("channels:dashboard")
    client.get(url)
    # session, user, the current period, the trend's periods, the reviewer's own agency (for the
    # province), the agencies, the service shares, the transaction sums, the period's report
    # states, the period filter's options (read twice by Django's <select> rendering), and the
    # top bar's unread notifications.
    with django_assert_num_queries(12):
        client.get(url)


def test_catalogue_and_counts_pages_do_not_grow(client, staff_a, agency_a, period):
    client.force_login(staff_a)
    make_service(agency_a, "X0", ALL)
    urls = [reverse("channels:catalogue", args=[agency_a.pk]), reverse("channels:counts_edit", args=[period.pk])]
    small = [_count(client, url) for url in urls]
    for n in range(1, 8):
        make_service(agency_a, f"X{n}", ALL)
    assert [_count(client, url) for url in urls] == small
