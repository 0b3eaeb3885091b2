"""A table's rows as a tree by path: the grand total (), a society (s,), a line (s, l)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar


class _HasPath(Protocol):
    @property
    def path(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=_HasPath)


class RowTree(Generic[R]):
    """The tree of a table's rows by path: grand total (), society (s,), line (s, l).

    For any table with `rows` in table order (an allocation, a table read back, a diff); the
    index is built once, on first use, so every lookup is O(1).
    """

    if TYPE_CHECKING:
        rows: Sequence[R]

    def row(self, path: tuple[str, ...]) -> R:
        """The row at `path`; KeyError when the table has none."""
        try:
            return self._by_path[path]
        except KeyError:
            raise KeyError("/".join(path)) from None

    def has(self, path: tuple[str, ...]) -> bool:
        return path in self._by_path

    def children(self, path: tuple[str, ...]) -> tuple[R, ...]:
        """The rows directly beneath `path`, in table order: the societies of the grand total, a society's lines."""
        return self._children.get(path, ())

    def parent(self, path: tuple[str, ...]) -> R | None:
        """The row `path` adds up into; None for the grand total."""
        return self.row(path[:-1]) if path else None

    @cached_property
    def _by_path(self) -> dict[tuple[str, ...], R]:
        return {row.path: row for row in self.rows}

    @cached_property
    def _children(self) -> dict[tuple[str, ...], tuple[R, ...]]:
        children: dict[tuple[str, ...], list[R]] = {}
        for row in self.rows:
            if row.path:
                children.setdefault(row.path[:-1], []).append(row)
        return {path: tuple(rows) for path, rows in children.items()}
