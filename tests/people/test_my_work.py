"""«My work» on each role's home page: what waits for the user, with counts, in a fixed
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.selectors import my_work
from tests import factories

pytestmark = pytest.mark.django_db


def _counts(user):
    return {item.key: item.count for item in my_work(user)}


def test_each_role_sees_its_own_work(staff_a, it_office_user, governorate_user, agency_b):
    agency_a = staff_a.agency
    factories.ReportFactory(assignment=factories.AssignmentFactory(agency=agency_a), state="returned")
    factories.ReportFactory(assignment=factories.AssignmentFactory(agency=agency_b), state="returned")
    submitted = factories.ReportFactory(
        assignment=factories.AssignmentFactory(agency=agency_b), state="submitted", first_submitted_at=timezone.now()
    )
    factories.DeputyFactory(agency=agency_a)  # awaiting the governorate
    deputy = factories.UserFactory(username="dep", role="liaison_deputy", agency=agency_a)
    factories.ReportFactory(assignment=factories.AssignmentFactory(agency=agency_a), state="awaiting_sign_off")
    assert _counts(staff_a) == {"reports_to_fix": 1, "counts_to_fix": 0, "circulars_to_acknowledge": 0}
    assert _counts(deputy) == {"reports_to_sign_off": 1}
    assert _counts(it_office_user) == {"reports_to_review": 1, "counts_to_review": 0, "deputies_to_verify": 0}
    assert _counts(governorate_user) == {"deputies_to_verify": 1}
    assert submitted.pk


def test_the_home_pages_show_it(client, staff_a, it_office_user):
    client.force_login(staff_a)
    html = client.get(reverse("programs:agency", args=[staff_a.agency_id])).content.decode()
    assert 'id="my-work"' in html and 'id="work-reports_to_fix"' in html
    client.force_login(it_office_user)
    html = client.get(reverse("dashboards:dashboard")).content.decode()
    assert 'id="work-reports_to_review"' in html


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        my_work(user)
    return len(queries)


def test_the_queries_do_not_grow_with_the_data(staff_a, it_office_user):
    before = {user.pk: _queries(user) for user in (staff_a, it_office_user)}
    for _ in range(20):
        factories.ReportFactory(assignment=factories.AssignmentFactory(agency=staff_a.agency), state="returned")
        factories.DeputyFactory(agency=factories.AgencyFactory(province=it_office_user.agency.province),
                                state="awaiting_it_office")  # fmt: skip
    assert {user.pk: _queries(user) for user in (staff_a, it_office_user)} == before
