"""The frozen records of the domain, the results and the core: one equality, hash and repr for them all."""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any


class Record:
    """A frozen dataclass's equality, hash and repr, written once for every class that derives from it.

    `@dataclass(frozen=True)` compiles an `__eq__`, a `__hash__` and a `__repr__` for each class when its module
    is imported: at each start, for every class a run loads. A class declared
    `@dataclass(frozen=True, eq=False, repr=False)` deriving from Record compares, hashes and shows itself
    exactly so: by the tuple of its fields, only with an instance of its own class.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _values_of(self.__class__)(self) == _values_of(self.__class__)(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_values_of(self.__class__)(self))

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{each.name}={getattr(self, each.name)!r}" for each in fields(self) if each.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({shown})"


_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of a record's fields, as the methods `@dataclass` writes compare and hash it (made once a class)."""
    values = _VALUES.get(cls)
    if values is None:
        names = [each.name for each in fields(cls) if each.compare]
        _VALUES[cls] = values = attrgetter(*names) if len(names) > 1 else _tuple_of(names)
    return values


def _tuple_of(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of one field or none: attrgetter gives a lone field's value, not a tuple of it."""
    return lambda record: tuple(getattr(record, name) for name in names)
