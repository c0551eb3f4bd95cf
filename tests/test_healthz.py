"""/healthz: 200 only when the portal can serve (reform_portal/health.py), else 503 naming the part.

Before the fix it only ran `SELECT 1`: with the database read-only it said "ok" while
logging in failed.
"""

import contextlib
import datetime
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from post_office.models import STATUS, Email

ALL_OK = {"database": "ok", "database_write": "ok", "media": "ok", "mail_queue": "ok"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _failing(response, **parts):
    """The 503 answer, with exactly `parts` failing and the rest ok; nothing else in it."""
    assert response.status_code == 503
    assert response["Cache-Control"].startswith("max-age=0")  # never cached by a proxy
    assert response.json() == {"status": "error", "checks": {**ALL_OK, **parts}}


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}


@pytest.mark.django_db
def test_the_write_check_leaves_nothing_behind(client, settings):
    from django.contrib.sessions.models import Session

    assert client.get("/healthz").status_code == 200
    assert not Session.objects.filter(session_key__startswith="healthz-").exists()
    assert list(settings.MEDIA_ROOT.iterdir()) == []  # created if missing, as uploads would; probe removed


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError('could not connect to server "db.internal" (10.0.0.5)'),
    ):
        response = client.get("/healthz")
    _failing(response, database="unavailable", database_write="unavailable", mail_queue="unavailable")
    assert b"10.0.0.5" not in response.content and b"connect" not in response.content


@contextlib.contextmanager
def read_only_database():
    """The database refuses writes and still answers reads, as a read-only replica, a
    standby after failover or `default_transaction_read_only` does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET SESSION default_transaction_read_only = on")  # every transaction from now on
        else:
            cursor.execute("PRAGMA query_only = ON")  # SQLite: "attempt to write a readonly database"
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET SESSION default_transaction_read_only = off")
            else:
                cursor.execute("PRAGMA query_only = OFF")


@pytest.mark.django_db(transaction=True)  # the check's transaction must be a real one, not a savepoint of the test's
def test_healthz_is_503_when_the_database_is_read_only(client):
    assert client.get("/healthz").status_code == 200
    with read_only_database():
        response = client.get("/healthz")
    _failing(response, database_write="read_only")
    assert b"read-only transaction" not in response.content and b"readonly" not in response.content
    assert client.get("/healthz").status_code == 200  # writable again: healthy again


@pytest.mark.django_db
def test_healthz_is_503_when_media_root_is_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker / "media"  # cannot be created under a file (root may write anywhere else)
    response = client.get("/healthz")
    _failing(response, media="not_writable")
    assert str(tmp_path).encode() not in response.content


def _email(*, status=STATUS.queued, age_minutes=0, scheduled_in_minutes=None):
    email = Email.objects.create(from_email="portal@example.ir", to=["deputy@example.ir"], subject="s", status=status)
    now = timezone.now()
    Email.objects.filter(pk=email.pk).update(
        created=now - datetime.timedelta(minutes=age_minutes),
        scheduled_time=None if scheduled_in_minutes is None else now + datetime.timedelta(minutes=scheduled_in_minutes),
    )
    return email


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "healthy"),
    [
        ({"age_minutes": 59}, True),  # queued, waiting for the next send_queued_mail
        ({"age_minutes": 61}, False),  # nobody has sent it for over an hour
        ({"age_minutes": 120, "scheduled_in_minutes": 30}, True),  # meant for later, not late
        ({"age_minutes": 120, "scheduled_in_minutes": -90}, False),  # due 90 minutes ago
        ({"status": STATUS.requeued, "age_minutes": 61, "scheduled_in_minutes": 10}, False),  # failing for an hour
        ({"status": STATUS.requeued, "age_minutes": 20, "scheduled_in_minutes": 10}, True),  # a short outage
        ({"status": STATUS.sent, "age_minutes": 600}, True),
        ({"status": STATUS.failed, "age_minutes": 600}, True),  # given up on: visible in the admin, not stuck
    ],
)
def test_mail_queue_is_stuck_after_an_hour_of_waiting(client, message, healthy):
    _email(**message)
    response = client.get("/healthz")
    if healthy:
        assert response.status_code == 200
    else:
        _failing(response, mail_queue="stuck")
        assert b"deputy@example.ir" not in response.content


@pytest.mark.django_db
def test_mail_stuck_minutes_is_a_setting(client, settings):
    settings.HEALTH_MAIL_STUCK_MINUTES = 10
    _email(age_minutes=11)
    _failing(client.get("/healthz"), mail_queue="stuck")


@pytest.mark.django_db
def test_several_failing_parts_are_all_named(client, settings, tmp_path):
    (tmp_path / "file").write_bytes(b"")
    settings.MEDIA_ROOT = tmp_path / "file" / "media"
    _email(age_minutes=90)
    _failing(client.get("/healthz"), media="not_writable", mail_queue="stuck")
