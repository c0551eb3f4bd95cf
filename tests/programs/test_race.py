"""Two people acting on the same report at the same moment: exactly one change wins.

Runs real threads with their own database connections; on SQLite the database
serialises writers itself, on PostgreSQL the row lock in the services does.
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from programs import services
from programs.models import ProgressReport
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "ok"
        except services.TransitionError:
            outcomes[index] = "refused"
        except Exception as error:
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def submitted(db):
    agency = factories.AgencyFactory()
    staff = factories.UserFactory(role="agency_staff", agency=agency)
    ito = factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group=""))
    report = factories.ReportFactory(
        assignment=factories.AssignmentFactory(agency=agency), work_done="x", created_by=staff
    )
    services.submit_report(report=report, by=staff)
    return report, staff, ito


@pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are a PostgreSQL matter; SQLite locks the file")
def test_approve_and_return_at_once_end_in_one_state(submitted):
    report, _, ito = submitted
    other = factories.UserFactory(role="it_office_reviewer", agency=ito.agency)
    outcomes = _race(
        lambda: services.approve_report(report=ProgressReport.objects.get(pk=report.pk), by=ito),
        lambda: services.return_report(report=ProgressReport.objects.get(pk=report.pk), by=other, reason="ناقص"),
    )
    assert sorted(outcomes) == ["ok", "refused"], outcomes
    report.refresh_from_db()
    reviews = list(report.events.filter(action__in=["approved", "returned"]).values_list("action", flat=True))
    assert len(reviews) == 1 and report.state == reviews[0]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are a PostgreSQL matter; SQLite locks the file")
def test_double_clicked_submit_submits_once(submitted):
    report, staff, ito = submitted
    services.return_report(report=report, by=ito, reason="دوباره")
    outcomes = _race(*[lambda: services.submit_report(report=ProgressReport.objects.get(pk=report.pk), by=staff)] * 3)
    assert sorted(outcomes) == ["ok", "refused", "refused"], outcomes
    assert report.events.filter(action="submitted").count() == 2  # the first submission and the one resubmission
    assert ProgressReport.objects.get(pk=report.pk).submitted_at <= timezone.now()
