"""Dashboards cached under a data version that the database changes in the writing transaction.

Every figure of a dashboard comes from a few tables (WATCHED_MODELS). A trigger on each
of them replaces the token of the single dashboards.DataVersion row on every insert,
update, delete or truncate, in the same transaction as the write. A cached dashboard is
stored under the token read at the start of the request, so:

- a page is never stale: once a change commits, the token is new and nothing cached
  before the change matches it (a request still running while a change commits may store
  its page under the old token, which no later request reads);
- no writer can forget it: services, admin actions, `QuerySet.update()`, imports, seeds,
  COPY and hand-written SQL all go through the triggers.

It is not a summary that lags (issue 4): nothing is computed in the background; the first
request after a change computes the figures from the reports, the next ones reuse them.

Triggers are (re)installed after every `migrate` (post_migrate), because SQLite drops a
table's triggers when a migration rebuilds the table.

The price: transactions that write those tables queue on the version row from their first
such write to their commit. Writes are human-paced and short; the services take their row
locks before they write, so none waits for a lock while holding the version row.
"""

import hashlib
import logging
import pickle
import zlib
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

T = TypeVar("T")
logger = logging.getLogger(__name__)

#: What the dashboards read; a write to any of these tables changes the data version.
WATCHED_MODELS = (
    "agencies.Province",
    "agencies.County",
    "agencies.Agency",
    "agencies.LiaisonDeputy",
    "programs.RoadmapEdition",
    "programs.Program",
    "programs.Assignment",
    "programs.ReportingPeriod",
    "programs.ProgressReport",
    # the open data's final evaluation scores (evaluations/public.py)
    "evaluations.EvaluationCycle",
)
TRIGGER_PREFIX = "dashboards_data_version"
#: Databases whose triggers install_triggers() knows how to write; elsewhere nothing is cached.
TRIGGER_VENDORS = ("postgresql", "sqlite")
_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboards_dataversion (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$
"""


def watched_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in WATCHED_MODELS]


def install_triggers(using: str = "default") -> None:
    """Creates the triggers on every watched table that exists; safe to repeat."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "dashboards_dataversion" not in existing:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
        for table in watched_tables():
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                # One bump per statement: a COPY of a million reports costs one update.
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER_PREFIX} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}_bump()"
                )
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER_PREFIX}_{table}_{event.lower()} "
                        f"AFTER {event} ON {quote(table)} BEGIN "
                        "INSERT OR IGNORE INTO dashboards_dataversion (id, token) VALUES (1, ''); "
                        "UPDATE dashboards_dataversion SET token = lower(hex(randomblob(16))) WHERE id = 1; "
                        "END"
                    )


def install_triggers_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install_triggers(using)


def data_version(request: HttpRequest | None = None) -> str:
    """The current token ("" when unknown: then nothing is cached). One query per request."""
    if request is not None and hasattr(request, "_dashboard_data_version"):
        return request._dashboard_data_version
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT token FROM dashboards_dataversion WHERE id = 1")
        row = cursor.fetchone()
    token = row[0] if row else ""
    if request is not None:
        request._dashboard_data_version = token
    return token


def viewer_key(user) -> tuple:
    """What decides which agencies a user sees and which links the pages show them."""
    return (user.is_superuser, user.is_staff, user.role, user.agency_id)


def cached(request: HttpRequest, parts: tuple, build: Callable[[], T], *, viewer: tuple | None = None) -> T:
    """build(), or what it returned for the same parts, viewer, language and day under the
    current data version. `viewer` replaces the user's viewer_key() on pages that are the
    same for everyone (the open data)."""
    timeout = settings.DASHBOARD_CACHE_SECONDS
    if not timeout or connections["default"].vendor not in TRIGGER_VENDORS:
        return build()
    token = data_version(request)
    if not token:
        return build()
    viewer = viewer_key(request.user) if viewer is None else viewer
    raw = repr((token, translation.get_language(), timezone.localdate().isoformat(), viewer, parts))
    key = "dashboards:" + hashlib.sha256(raw.encode()).hexdigest()
    try:
        stored = cache.get(key)
    except Exception:  # a cache server that is down costs speed, not the page
        logger.warning("Dashboard cache unavailable; computing the page.", exc_info=True)
        return build()
    if stored is not None:
        return pickle.loads(zlib.decompress(stored))
    value = build()
    # Compressed: a province's page is ~0.5 MB of HTML and shrinks about tenfold.
    try:
        cache.set(key, zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1), timeout)
    except Exception:
        logger.warning("Dashboard cache unavailable; page not kept.", exc_info=True)
    return value


def cached_response(request: HttpRequest, parts: tuple, build: Callable[[], HttpResponse]) -> HttpResponse:
    """cached() for a file download: keeps its bytes and headers."""

    def frozen():
        response = build()
        return response.content, response["Content-Type"], response["Content-Disposition"]

    content, content_type, disposition = cached(request, parts, frozen)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response
