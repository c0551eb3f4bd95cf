"""Columns other apps add to the open data's agency table (and its CSV and JSON).

The annual evaluation (its final scores) is the one foreseen: when that app exists, its
AppConfig.ready() registers a column, e.g.

    register_agency_column(AgencyColumn(
        key="final_score", label=_("Final evaluation score"),
        values=lambda province, period, agency_ids: {…agency id: score of a final, published evaluation…},
    ))

`values` answers for all the province's agencies at once (a fixed number of queries) and
returns only what its own app lets the public see (e.g. final evaluations an administrator
published); an agency left out shows «—». The column appears on /open/<province>/, in
agencies.csv and in data.json under its key; tests/opendata/test_views.py shows one, and
evaluations/public.py is the real one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class AgencyColumn:
    key: str
    label: Promise | str
    #: (province, period, agency ids) -> {agency id: value}; one or a few queries for all agencies
    values: Callable[..., dict[int, Decimal | int | str | None]]
    percent: bool = False


_COLUMNS: dict[str, AgencyColumn] = {}


def register_agency_column(column: AgencyColumn) -> AgencyColumn:
    _COLUMNS[column.key] = column
    return column


def unregister_agency_column(key: str) -> None:
    _COLUMNS.pop(key, None)


def agency_columns() -> list[AgencyColumn]:
    return list(_COLUMNS.values())
