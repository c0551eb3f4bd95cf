"""Two people acting on the same report at the same moment: exactly one change wins,
and the other is told what happened (a TransitionError), never "database is locked".

Runs real threads with their own database connections; on PostgreSQL the row lock in
the services serialises them, on SQLite the write lock every transaction takes when it
begins (settings: transaction_mode IMMEDIATE).
"""

import contextlib
import sqlite3
import threading

import pytest
from django.db import connection, connections

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


@contextlib.contextmanager
def real_locks(tmp_path):
    """SQLite's test database lives in memory, where connections share one cache and lock
    tables without waiting: nothing like a deployed portal. There, the racing threads open
    a file copy of it (taken now: create the data first), with SQLite's real file locking;
    read the outcome with `in_thread`. On PostgreSQL: nothing to do."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = original


def in_thread(function):
    """`function()` on a connection of its own (the racing threads' database on SQLite)."""
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return result[0]


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


def _stored(report):
    stored = ProgressReport.objects.get(pk=report.pk)
    actions = list(stored.events.order_by("pk").values_list("action", flat=True))
    return stored.state, actions


def test_approve_and_return_at_once_end_in_one_state(submitted, tmp_path):
    report, _, ito = submitted
    other = factories.UserFactory(role="it_office_reviewer", agency=ito.agency)
    with real_locks(tmp_path):
        outcomes = _race(
            lambda: services.approve_report(report=ProgressReport.objects.get(pk=report.pk), by=ito),
            lambda: services.return_report(report=ProgressReport.objects.get(pk=report.pk), by=other, reason="ناقص"),
        )
        state, actions = in_thread(lambda: _stored(report))
    assert sorted(outcomes) == ["ok", "refused"], outcomes
    reviews = [action for action in actions if action in ("report.approved", "report.returned")]
    assert len(reviews) == 1 and f"report.{state}" == reviews[0]


def test_double_clicked_submit_submits_once(submitted, tmp_path):
    report, staff, ito = submitted
    services.return_report(report=report, by=ito, reason="دوباره")
    with real_locks(tmp_path):
        outcomes = _race(
            *[lambda: services.submit_report(report=ProgressReport.objects.get(pk=report.pk), by=staff)] * 3
        )
        state, actions = in_thread(lambda: _stored(report))
    assert sorted(outcomes) == ["ok", "refused", "refused"], outcomes
    assert state == "submitted"
    assert actions.count("report.submitted") == 2  # the first submission and the one resubmission
