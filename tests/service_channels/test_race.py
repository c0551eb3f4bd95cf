"""Two people acting on the same counts at the same moment: exactly one change wins
(PostgreSQL row locks; SQLite serialises writers itself)."""

import pytest
from django.db import connection

from service_channels import services
from service_channels.models import Channel, ChannelReport
from tests import factories
from tests.programs.test_race import _race
from tests.service_channels.conftest import make_service, sc

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are a PostgreSQL matter")


@pytest.fixture
def submitted(transactional_db):
    agency = factories.AgencyFactory()
    staff = factories.UserFactory(role="agency_staff", agency=agency)
    ito = factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group=""))
    service = make_service(agency, "R1", {Channel.ONLINE: None})
    report = services.save_counts(
        agency=agency, period=factories.PeriodFactory(), by=staff, counts={sc(service, Channel.ONLINE).pk: 4}
    )
    return services.submit_counts(report=report, by=staff), staff, ito


@postgresql_only
def test_approve_and_return_at_once_end_in_one_state(submitted):
    report, _, ito = submitted
    other = factories.UserFactory(role="it_office_reviewer", agency=ito.agency)
    outcomes = _race(
        lambda: services.approve_counts(report=ChannelReport.objects.get(pk=report.pk), by=ito),
        lambda: services.return_counts(report=ChannelReport.objects.get(pk=report.pk), by=other, reason="ناقص"),
    )
    assert sorted(outcomes) == ["ok", "refused"], outcomes
    report.refresh_from_db()
    reviews = list(report.events.filter(action__in=["approved", "returned"]).values_list("action", flat=True))
    assert len(reviews) == 1 and report.state == reviews[0]


@postgresql_only
def test_double_clicked_submit_submits_once(submitted):
    report, staff, ito = submitted
    services.return_counts(report=report, by=ito, reason="دوباره")
    outcomes = _race(*[lambda: services.submit_counts(report=ChannelReport.objects.get(pk=report.pk), by=staff)] * 3)
    assert sorted(outcomes) == ["ok", "refused", "refused"], outcomes
    assert report.events.filter(action="submitted").count() == 2
