"""Dashboards cached under data versions that the database changes in the writing transaction.

Every figure of a dashboard comes from a few tables (WATCHED_MODELS). Each province has a
dashboards.DataVersion row; a trigger on each watched table replaces the token of the rows
of the provinces a write touches, in the same transaction as the write (a write to a table
that every province shares — provinces, programs, editions, periods — replaces them all). A
cached page is stored under the tokens of the provinces it shows, read at the start of the
request, so:

- a page is never stale: once a change commits, its province's token is new and nothing
  cached before the change matches it (a request still running while a change commits may
  store its page under the old token, which no later request reads);
- no writer can forget it: services, admin actions, `QuerySet.update()`, imports, seeds,
  COPY and hand-written SQL all go through the triggers;
- a write in one province invalidates nothing in another, and writers queue only behind
  writers of the same province (issue 19: one row for the whole country held every
  writing transaction in the country in one queue and made every cached page miss).

It is not a summary that lags (issue 4): nothing is computed in the background; the first
request after a change computes the figures from the reports, the next ones reuse them.

Triggers are (re)installed after every `migrate` (post_migrate), because SQLite drops a
table's triggers when a migration rebuilds the table. On PostgreSQL they are statement
triggers over transition tables: a COPY of a million reports costs one join and one
upsert per province, not a million.
"""

import hashlib
import logging
import pickle
import zlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from reform_portal import access

T = TypeVar("T")
logger = logging.getLogger(__name__)

#: What the dashboards read, each with the path of foreign keys from a row to its province
#: (None: a table every province shares, whose writes change every province's version).
WATCHED = {
    "agencies.Province": None,
    "agencies.County": ("province",),
    "agencies.Agency": ("province",),
    "agencies.LiaisonDeputy": ("agency", "province"),
    "programs.RoadmapEdition": None,
    "programs.Program": None,
    "programs.Assignment": ("agency", "province"),
    "programs.ReportingPeriod": None,
    "programs.ProgressReport": ("assignment", "agency", "province"),
    # the review times (every decision also changes its report, in the same transaction)
    "programs.ReportEvent": ("report", "assignment", "agency", "province"),
    # the open data's final evaluation scores (evaluations/public.py)
    "evaluations.EvaluationCycle": ("province",),
}
WATCHED_MODELS = tuple(WATCHED)
#: Rows shown in every province although they belong to one: an agency that owns a program
#: (every province's pages name the program's responsible office). A write to such a row
#: changes every province's version.
SHOWN_EVERYWHERE_WHEN = {"agencies.Agency": ("programs.Program", "owner")}
TRIGGER_PREFIX = "dashboards_data_version"
#: Databases whose triggers install_triggers() knows how to write; elsewhere nothing is cached.
TRIGGER_VENDORS = ("postgresql", "sqlite")
#: provinces_shown()'s answer for a page that may show every province.
EVERY_PROVINCE = None

#: Versions per province: a write changes the slot of the agency (or county, or cycle) it
#: touches, so writers of one province queue only behind writers of the same slot; readers
#: combine every slot.
SLOTS = 8
_EVERY_PROVINCE_SQL = (
    "SELECT every.id AS p, slot.column1 AS s FROM agencies_province every CROSS JOIN (VALUES "
    + ", ".join(f"({slot})" for slot in range(SLOTS))
    + ") slot"
)
_TOKEN = {
    "postgresql": "md5(random()::text || clock_timestamp()::text)",
    "sqlite": "lower(hex(randomblob(16)))",
}
#: Creates or replaces the versions of the (province, slot) pairs that `touched` selects, in
#: one order so that two writers touching several never wait for each other in a circle.
_UPSERT = (
    "INSERT INTO dashboards_dataversion (province_id, slot, token) SELECT p, s, {token} "
    "FROM (SELECT DISTINCT p, s FROM ({touched}) AS t WHERE p IS NOT NULL) AS d WHERE true ORDER BY p, s "
    "ON CONFLICT (province_id, slot) DO UPDATE SET token = excluded.token"
)
_POSTGRES_TABLE_FUNCTION = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {insert};
    ELSIF TG_OP = 'UPDATE' THEN
        {update};
    ELSIF TG_OP = 'DELETE' THEN
        {delete};
    ELSE
        {truncate};
    END IF;
    RETURN NULL;
END
$$
"""


def watched_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in WATCHED]


def _provinces_sql(model, path: tuple[str, ...], rows: str, quote) -> str:
    """SELECT of the provinces of the rows in `rows` (a table or subquery, aliased r), following
    `path`: ("assignment", "agency", "province") joins the assignment, then the agency."""
    alias, current, joins = "r", model, []
    for step, name in enumerate(path[:-1]):
        field = current._meta.get_field(name)
        target = field.related_model
        joined = f"j{step}"
        joins.append(
            f"JOIN {quote(target._meta.db_table)} {joined} "
            f"ON {joined}.{quote(target._meta.pk.column)} = {alias}.{quote(field.column)}"
        )
        alias, current = joined, target
    column = current._meta.get_field(path[-1]).column
    slot = f"{alias}.{quote(current._meta.pk.column)} % {SLOTS}"
    return " ".join([f"SELECT {alias}.{quote(column)} AS p, {slot} AS s FROM {rows} r", *joins])


def _touched_sql(model, path, rows: str, quote) -> str:
    """SELECT of the provinces (column p) whose version a write of the rows in `rows` changes."""
    if path is None:
        return _EVERY_PROVINCE_SQL
    sql = _provinces_sql(model, path, rows, quote)
    shared = SHOWN_EVERYWHERE_WHEN.get(model._meta.label)
    if shared is not None:
        referrer = apps.get_model(shared[0])
        column = referrer._meta.get_field(shared[1]).column
        sql += (
            f" UNION {_EVERY_PROVINCE_SQL} WHERE EXISTS (SELECT 1 FROM {rows} r "
            f"JOIN {quote(referrer._meta.db_table)} x ON x.{quote(column)} = r.{quote(model._meta.pk.column)})"
        )
    return sql


def _row_columns(model, path) -> tuple[str, str]:
    """The columns of a row that _touched_sql() reads: its key and its first step to its province."""
    return model._meta.pk.column, model._meta.get_field(path[0]).column


def _postgres_triggers(cursor, model, path, quote) -> None:
    table = model._meta.db_table
    name = f"{TRIGGER_PREFIX}_{table}"
    for suffix in ("all", "insert", "update", "delete", "truncate"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {quote(table)}")
    new = _touched_sql(model, path, "new_rows", quote)
    old = _touched_sql(model, path, "old_rows", quote)
    both = new
    if path is not None:
        # the rows before and after, deduplicated before the joins (an update seldom moves a row)
        columns = ", ".join(quote(column) for column in _row_columns(model, path))
        both = _touched_sql(
            model, path, f"(SELECT {columns} FROM new_rows UNION SELECT {columns} FROM old_rows)", quote
        )
    token = _TOKEN["postgresql"]
    cursor.execute(
        _POSTGRES_TABLE_FUNCTION.format(
            name=name,
            insert=_UPSERT.format(token=token, touched=new),
            update=_UPSERT.format(token=token, touched=both),
            delete=_UPSERT.format(token=token, touched=old),
            truncate=_UPSERT.format(token=token, touched=_EVERY_PROVINCE_SQL),
        )
    )

    def create(suffix: str, events: str, referencing: str = "") -> None:
        cursor.execute(
            f"CREATE TRIGGER {name}_{suffix} AFTER {events} ON {quote(table)} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )

    if path is None:
        # no transition tables needed (PostgreSQL allows them only on triggers of one event)
        create("all", "INSERT OR UPDATE OR DELETE OR TRUNCATE")
        return
    create("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows")
    create("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows")
    create("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows")
    create("truncate", "TRUNCATE")


def _sqlite_triggers(cursor, model, path, quote) -> None:
    table = model._meta.db_table
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        name = f"{TRIGGER_PREFIX}_{table}_{event.lower()}"
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if path is None:
            provinces = _EVERY_PROVINCE_SQL
        else:
            columns = _row_columns(model, path)
            provinces = " UNION ".join(
                _touched_sql(
                    model, path, "(SELECT " + ", ".join(f"{row}.{quote(c)} AS {quote(c)}" for c in columns) + ")", quote
                )
                for row in rows
            )
        upsert = _UPSERT.format(token=_TOKEN["sqlite"], touched=provinces)
        cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} BEGIN {upsert}; END")


def install_triggers(using: str = "default") -> None:
    """Creates the triggers on every watched table that exists, and a version for every
    province that has none yet; safe to repeat."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "dashboards_dataversion" not in existing:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for label, path in WATCHED.items():
            model = apps.get_model(label)
            if model._meta.db_table not in existing:
                continue
            if connection.vendor == "postgresql":
                _postgres_triggers(cursor, model, path, quote)
            elif connection.vendor == "sqlite":
                _sqlite_triggers(cursor, model, path, quote)
        if "agencies_province" in existing:
            # every version is new: what was written while the triggers were away (a migration) shows
            cursor.execute(_UPSERT.format(token=_TOKEN[connection.vendor], touched=_EVERY_PROVINCE_SQL))


def drop_triggers(using: str = "default") -> None:
    """Removes every data-version trigger (before a migration: on SQLite a trigger that names
    a table the migration rebuilds would make the rebuild fail; install_triggers() puts them
    back and changes every version)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
                [f"{TRIGGER_PREFIX}%"],
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER_PREFIX}%"]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def drop_triggers_before_migrate(sender, using: str = "default", **kwargs) -> None:
    drop_triggers(using)


def install_triggers_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install_triggers(using)


def provinces_shown(user, province_id: int | None = None) -> tuple[int, ...] | None:
    """The provinces whose data a page may show `user`: the chosen one, else the user's own,
    else (a national viewer) EVERY_PROVINCE."""
    if province_id is not None:
        return (province_id,)
    if access.sees_nation(user):
        return EVERY_PROVINCE
    own = access.user_province_id(user)
    return () if own is None else (own,)


def _versions(request: HttpRequest | None) -> dict[int, str]:
    """Every province's tokens: one query per request (SLOTS rows per province, a few hundred)."""
    versions = getattr(request, "_dashboard_data_versions", None)
    if versions is None:
        versions = {}
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT province_id, slot, token FROM dashboards_dataversion ORDER BY province_id, slot")
            for province_id, slot, token in cursor.fetchall():
                versions.setdefault(province_id, []).append((slot, token))
        if request is not None:
            request._dashboard_data_versions = versions
    return versions


def data_version(request: HttpRequest | None = None, provinces: Iterable[int] | None = EVERY_PROVINCE) -> str:
    """The tokens of `provinces` (EVERY_PROVINCE: all of them) as one token; "" when the
    versions are unknown (then nothing is cached)."""
    versions = _versions(request)
    if not versions:
        return ""
    scope = sorted(versions) if provinces is None else sorted(set(provinces))
    return hashlib.sha256(repr([(pk, versions.get(pk)) for pk in scope]).encode()).hexdigest()


def viewer_key(user) -> tuple:
    """What decides which agencies a user sees and which links the pages show them."""
    return (user.is_superuser, user.is_staff, user.role, user.agency_id)


def cached(
    request: HttpRequest,
    parts: tuple,
    build: Callable[[], T],
    *,
    provinces: Iterable[int] | None,
    viewer: tuple | None = None,
) -> T:
    """build(), or what it returned for the same parts, viewer, language and day under the
    current data versions of `provinces` (provinces_shown(); EVERY_PROVINCE for a page that
    may show any). `viewer` replaces the user's viewer_key() on pages that are the same for
    everyone (the open data)."""
    timeout = settings.DASHBOARD_CACHE_SECONDS
    if not timeout or connections["default"].vendor not in TRIGGER_VENDORS:
        return build()
    token = data_version(request, provinces)
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


def cached_response(
    request: HttpRequest, parts: tuple, build: Callable[[], HttpResponse], *, provinces: Iterable[int] | None
) -> HttpResponse:
    """cached() for a file download: keeps its bytes and headers."""

    def frozen():
        response = build()
        return response.content, response["Content-Type"], response["Content-Disposition"]

    content, content_type, disposition = cached(request, parts, frozen, provinces=provinces)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response
