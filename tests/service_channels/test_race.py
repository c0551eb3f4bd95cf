"""Two people acting on the same counts at the same moment: exactly one change wins, the
other is told so (PostgreSQL row locks; SQLite's write lock taken when a transaction begins)."""

import pytest

from service_channels import services
from service_channels.models import Channel, ChannelReport
from tests import factories
from tests.programs.test_race import _race, in_thread, real_locks
from tests.service_channels.conftest import make_service, sc

pytestmark = pytest.mark.django_db(transaction=True)


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


def _stored(report):
    stored = ChannelReport.objects.get(pk=report.pk)
    return stored.state, list(stored.events.order_by("pk").values_list("action", flat=True))


def test_approve_and_return_at_once_end_in_one_state(submitted, tmp_path):
    report, _, ito = submitted
    other = factories.UserFactory(role="it_office_reviewer", agency=ito.agency)
    with real_locks(tmp_path):
        outcomes = _race(
            lambda: services.approve_counts(report=ChannelReport.objects.get(pk=report.pk), by=ito),
            lambda: services.return_counts(report=ChannelReport.objects.get(pk=report.pk), by=other, reason="ناقص"),
        )
        state, actions = in_thread(lambda: _stored(report))
    assert sorted(outcomes) == ["ok", "refused"], outcomes
    reviews = [action for action in actions if action in ("counts.approved", "counts.returned")]
    assert len(reviews) == 1 and f"counts.{state}" == reviews[0]


def test_double_clicked_submit_submits_once(submitted, tmp_path):
    report, staff, ito = submitted
    services.return_counts(report=report, by=ito, reason="دوباره")
    with real_locks(tmp_path):
        outcomes = _race(
            *[lambda: services.submit_counts(report=ChannelReport.objects.get(pk=report.pk), by=staff)] * 3
        )
        _state, actions = in_thread(lambda: _stored(report))
    assert sorted(outcomes) == ["ok", "refused", "refused"], outcomes
    assert actions.count("counts.submitted") == 2
