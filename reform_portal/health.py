"""What `/healthz` checks: the parts the portal needs to serve, each one "ok" or what is wrong.

- database: a query answers ("unavailable" otherwise);
- database_write: a write the database then rolls back, the same kind of write as a
  login's (a row of django_session); "read_only" when it is refused (a read-only
  database or standby, a full disk, missing rights), "unavailable" without a database;
- media: a file can be created and deleted in MEDIA_ROOT, which is created first if missing,
  as the storage would on the first upload ("not_writable" otherwise);
- mail_queue: no message in the outbox (django-post-office) has waited to be sent for over
  HEALTH_MAIL_STUCK_MINUTES: "stuck" when one has (the mail server has been refusing it
  that long, or `send_queued_mail` is not running); "unavailable" without a database.

Each check is a few milliseconds: load balancers and monitoring poll it. What went wrong
is logged (WARNING); the answer names only the failing part.
"""

import datetime
import logging
import os
import secrets
import tempfile

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import STATUS, Email

logger = logging.getLogger(__name__)

OK = "ok"


class _Rollback(Exception):
    """Leaves the write check's transaction by rolling it back."""


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health: the database does not answer: %s", error)
        return "unavailable"
    return OK


def check_database_write() -> str:
    """Inserts a session row and rolls it back: refused by a read-only database on both
    PostgreSQL and SQLite, leaves nothing behind (no sequence, no trigger is involved)."""
    try:
        with transaction.atomic():
            Session.objects.create(
                session_key=f"healthz-{secrets.token_hex(16)}", session_data="", expire_date=timezone.now()
            )
            raise _Rollback
    except _Rollback:
        return OK
    except DatabaseError as error:
        logger.warning("Health: the database refuses writes: %s", error)
        return "read_only"


def check_media() -> str:
    try:
        os.makedirs(settings.MEDIA_ROOT, exist_ok=True)  # as the storage does on the first upload
        with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as error:
        logger.warning("Health: MEDIA_ROOT is not writable: %s", error)
        return "not_writable"
    return OK


def stuck_mail() -> Q:
    """Messages waiting to be sent for over HEALTH_MAIL_STUCK_MINUTES: queued and due since
    then (a message scheduled for later is not late), or being retried after failures
    (requeued) and created before then."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.HEALTH_MAIL_STUCK_MINUTES)
    due_before_cutoff = Q(scheduled_time__lt=cutoff) | Q(scheduled_time__isnull=True, created__lt=cutoff)
    return (Q(status=STATUS.queued) & due_before_cutoff) | Q(status=STATUS.requeued, created__lt=cutoff)


def check_mail_queue() -> str:
    try:
        stuck = Email.objects.filter(stuck_mail()).exists()
    except DatabaseError as error:
        logger.warning("Health: the mail outbox cannot be read: %s", error)
        return "unavailable"
    if stuck:
        logger.warning("Health: mail has waited in the outbox for over %d minutes", settings.HEALTH_MAIL_STUCK_MINUTES)
        return "stuck"
    return OK


def run_checks() -> dict[str, str]:
    """{part: "ok" or what is wrong}; the parts that need the database are not tried without one."""
    checks = {"database": check_database()}
    if checks["database"] == OK:
        checks["database_write"] = check_database_write()
    else:
        checks["database_write"] = "unavailable"
    checks["media"] = check_media()
    checks["mail_queue"] = check_mail_queue() if checks["database"] == OK else "unavailable"
    return checks
