"""Links other apps add to an agency's home page (programs/agency.html), so that programs,
which comes first in the apps' order, needs to know none of them.

The annual evaluation registers one (evaluations/apps.py): while a cycle of the agency's
province is open, its score simulator (what each missing report, evidence file or
under-target indicator puts at stake); once scores are published, the agency's scores.
A provider answers with a fixed number of queries and only links the user may follow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AgencyLink:
    label: Promise | str
    url: str
    note: Promise | str = ""


_PROVIDERS: dict[str, Callable[..., list[AgencyLink]]] = {}


def register_agency_links(key: str, provider: Callable[..., list[AgencyLink]]) -> None:
    """`provider(user, agency)` returns the links for that agency's home page."""
    _PROVIDERS[key] = provider


def agency_links(user, agency) -> list[AgencyLink]:
    return [link for provider in _PROVIDERS.values() for link in provider(user, agency)]
