"""What kinds of job exist. Apps register a builder for each in their AppConfig.ready(), so
this app depends on none of them (the arrows point one way)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    content: bytes
    filename: str
    content_type: str


#: builder(job, progress) -> Result; progress(percent) records how far it is.
Builder = Callable[..., Result]

_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[kind] = builder


def builder_for(kind: str) -> Builder:
    return _BUILDERS[kind]
