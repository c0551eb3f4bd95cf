"""Two people acting at the same moment end in one consistent state (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation
from post_office.models import Email

from agencies import services as deputy_services
from agencies.models import LiaisonDeputy
from circulars import services
from circulars.models import CircularTarget
from reform_portal.review import TransitionError
from tests import factories
from tests.circulars.helpers import draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(*actions):
    """Runs the actions in parallel threads; returns each one's result or exception."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            with translation.override("en"):
                results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_publishing_twice_at_once_publishes_once(it_office_user, agency_a):
    staff = factories.UserFactory(role="agency_staff", agency=agency_a, email="s@example.ir")
    other = factories.UserFactory(role="it_office_reviewer", agency=it_office_user.agency)
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a])
    results = race(
        lambda: services.publish_circular(circular=circular, by=it_office_user),
        lambda: services.publish_circular(circular=circular, by=other),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.TransitionError)
    assert "already published" in str(errors[0])
    assert CircularTarget.objects.filter(circular=circular).count() == 1
    assert [e.to for e in Email.objects.all()] == [[staff.email]]


def test_acknowledging_twice_at_once_records_one(it_office_user, agency_a):
    first = factories.UserFactory(role="agency_staff", agency=agency_a)
    second = factories.UserFactory(role="agency_staff", agency=agency_a)
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a])
    services.publish_circular(circular=circular, by=it_office_user)
    results = race(
        lambda: services.acknowledge_circular(circular=circular, by=first),
        lambda: services.acknowledge_circular(circular=circular, by=second),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.TransitionError)
    winner = next(r for r in results if not isinstance(r, Exception))
    target = CircularTarget.objects.get(circular=circular)
    assert target.acknowledged_by_id == winner.acknowledged_by_id


def test_verifying_and_rejecting_at_once_end_in_one_state(governorate_user, agency_a):
    staff = factories.UserFactory(role="agency_staff", agency=agency_a)
    other = factories.UserFactory(role="governorate_reviewer", agency=governorate_user.agency)
    deputy = factories.DeputyFactory(agency=agency_a, submitted_by=staff)
    results = race(
        lambda: deputy_services.verify_deputy(deputy=deputy, by=governorate_user),
        lambda: deputy_services.reject_deputy(deputy=deputy, by=other, reason="ناقص"),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionError)
    deputy.refresh_from_db()
    assert deputy.state in (LiaisonDeputy.State.AWAITING_IT_OFFICE, LiaisonDeputy.State.REJECTED)
    assert deputy.events.count() == 1
    assert deputy.events.get().to_state == deputy.state
