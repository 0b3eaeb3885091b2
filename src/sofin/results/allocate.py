"""A year's allocation table, its rows as a tree by path, and the amounts they come from."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from sofin.results.record import Record

# The layout of the JSON table, described by schema/table.schema.json; render/json.py writes it and
# published.py reads it. A reader knows what it reads by it: raise it when a member changes meaning
# or goes away (a new optional member keeps it).
FORMAT_VERSION = 1
# Issue 24: the table of a strategy with keys of its own (schema/table-v2.schema.json): format 1's members,
# and every key's exact percents (`keys`) and each line row's key by name (`key`).
KEYS_FORMAT_VERSION = 2


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


# Amounts and where they come from (years.py)


class Source(enum.StrEnum):
    declared = "declared"  # as written for the base year
    indexed = "indexed"  # last year's amount times (1 + rate/100), half-up to the unit
    adopted = "adopted"  # as the municipalities adopted it for the year


class RateBasis(enum.StrEnum):
    """What a year's indexation rate rests on."""

    planned = "planned"  # a planning assumption of the strategy file (a plain number)
    adopted = "adopted"  # adopted by the municipalities, with its source
    scenario = "scenario"  # a what-if given on the command line (--rate)


@dataclass(frozen=True, order=True)
class Assumption:
    """A rate that is not adopted, used in an amount's derivation: what a projected figure rests on."""

    year: int
    kind: str  # the cost kind: staff or programme
    rate: Decimal  # percent
    basis: RateBasis  # planned or scenario


@dataclass(frozen=True, eq=False, repr=False)
class ScenarioRate(Record):
    kind: str
    year: int
    rate: Decimal  # percent


@dataclass(frozen=True, eq=False, repr=False)
class ScenarioPay(Record):
    """A staff amount's monthly pay before and after the reform, in place of its `pay` block's."""

    path: str  # society/line/N, or society/line for a staff line without items
    before: Decimal
    target: Decimal


@dataclass(frozen=True, eq=False, repr=False)
class Scenario(Record):
    """What-ifs given on the command line in place of the strategy file's figures."""

    shares: tuple[tuple[str, Decimal], ...] = ()  # (payer id, percent), for every year
    rates: tuple[ScenarioRate, ...] = ()
    pays: tuple[ScenarioPay, ...] = ()
    # Issue 24: (key name, payer id, percent), for every year: a named key's percent in place of the file's.
    keys: tuple[tuple[str, str, Decimal], ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class PayLaw(Record):
    """What an amount computed by the pay law rests on: the schedule, and before/target with their source."""

    schedule: str  # its id: reform-2025, or one of the strategy's pay_schedules
    schedule_source: str  # the law the schedule comes from
    before: Decimal  # monthly gross basic pay before the reform
    target: Decimal  # on the new scale, once the reform is complete
    source: str | None  # where before and target come from
    scenario: bool = False  # before and target are a what-if of the command line (--pay)


@dataclass(frozen=True, eq=False, repr=False)
class PayMonths(Record):
    """A year's months worked as runs at one monthly pay: (first month, last month, monthly pay)."""

    year: int
    periods: tuple[tuple[int, int, Decimal], ...]
    total: Decimal  # f(year): the sum of the twelve monthly pays


@dataclass(frozen=True, eq=False, repr=False)
class PayStep(Record):
    """How the pay law moved an amount from last year's: A(Y) = ((A(Y-1) - O(Y-1)) x f(Y) / f(Y-1)
    + O(Y-1)) x (1 + r/100), half-up to the unit; r is the part's rate."""

    law: PayLaw
    months: PayMonths  # this year's
    previous_months: PayMonths  # last year's
    other_before: Decimal  # O(Y-1): the part of last year's amount that is not pay
    exact: Fraction  # A(Y) before rounding

    @property
    def factor(self) -> Fraction:
        """f(Y) / f(Y-1): 1 once the reform is complete."""
        return Fraction(self.months.total) / Fraction(self.previous_months.total)


@dataclass(frozen=True, eq=False, repr=False)
class Part(Record):
    """One amount of a line in one year: an item, or the whole line."""

    path: str  # society/line or society/line/N, as adopted amounts name it
    label: str
    amount: Decimal
    source: Source
    rate: Decimal | None = None  # percent, when indexed
    pay_grade: int | None = None
    funded_share: Decimal | None = None
    unrounded: Decimal | None = None  # when indexed: last year's amount x (1 + rate/100), before rounding half-up
    indexed_from: Decimal | None = None  # when indexed: last year's amount
    basis: RateBasis | None = None  # when indexed: what the rate rests on
    rate_source: str | None = None  # when indexed at an adopted rate: its source
    # The rates that are not adopted in the derivation since the last declared or adopted amount.
    assumptions: tuple[Assumption, ...] = ()
    law: PayLaw | None = None  # when the amount follows the pay law (a `pay` block): what it rests on
    other: Decimal | None = None  # with law: O(Y), the part of the amount that is not pay
    # With law: the rates not adopted that O(Y) rests on since the base year (O is never adopted).
    other_assumptions: tuple[Assumption, ...] = ()
    pay: PayStep | None = None  # when indexed by the pay law: how

    @property
    def projected(self) -> bool:
        """Whether the amount rests on a planning (or what-if) rate rather than adopted figures only."""
        return bool(self.assumptions)


@dataclass(frozen=True, eq=False, repr=False)
class LineYear(Record):
    """A line's parts in one year; the line's amount is their sum."""

    year: int
    parts: tuple[Part, ...]
    amount: Decimal  # the line's amount, the sum of its parts


LineHistory = tuple[LineYear, ...]  # the line's first year (the base year or its `from`) first, one entry a year

# A year's allocation table (allocate.py)


@dataclass(frozen=True, eq=False, repr=False)
class PayerColumn(Record):
    id: str
    name: str
    share: Decimal  # percent


@dataclass(frozen=True, eq=False, repr=False)
class KeyInForce(Record):
    """A key of a strategy with several (issue 24) in one year: its exact percents, and if it is a mix, its parts."""

    name: str  # `default`: the payers' own shares
    shares: tuple[Decimal, ...]  # percent, one per payer in column order, exactly (a mix's may have many decimals)
    mix: tuple[tuple[str, Decimal], ...] = ()  # a mix's parts (key names) and their weights in percent


@dataclass(frozen=True, eq=False, repr=False)
class Row(Record):
    path: tuple[str, ...]  # () grand total, (society,), (society, line)
    label: str
    total: Decimal
    allocation: tuple[Decimal, ...]  # rounded, one per payer in column order
    exact: tuple[Decimal, ...]  # total x share / 100, exactly
    footnote: int | None = None  # 1-based number of the footnote this row's figure carries
    footnote_payer: str | None = None  # the payer whose figure carries the footnote mark
    parts: tuple[Part, ...] = ()  # a line's amounts and where they come from; empty for totals
    projected: bool = False  # an amount beneath it rests on a rate that is not adopted
    kind: str | None = None  # a line's cost kind (staff, programme): what the basis note names (issue 23 item 10)
    key: str | None = None  # a line's key by name, when the strategy names keys of its own (issue 24)

    @property
    def level(self) -> int:
        return len(self.path)


@dataclass(frozen=True, eq=False, repr=False)
class Provenance(Record):
    """Where a table came from: the strategy file's SHA-256 and the sofin version that made it."""

    strategy_sha256: str
    sofin_version: str


# Issue 23 item 9: the table the strategy printed for the year, beside sofin's (printed.py).


@dataclass(frozen=True, eq=False, repr=False)
class PrintedFigure(Record):
    """A figure in which the printed table and sofin's differ."""

    path: tuple[str, ...]  # the row
    payer: str | None  # the payer's id; None: the row's total
    printed: Decimal | None  # None: the printed table has no such row
    sofin: Decimal | None  # None: sofin's table has no such row


@dataclass(frozen=True, eq=False, repr=False)
class Printed(Record):
    """The printed table of the year compared with sofin's, figure by figure."""

    source: str  # the printed table's file as the strategy names it (relative to the strategy file)
    strategy: str | None  # the strategy as a command names it; None: the one sofin reads by default
    # Both None when the file is not where the strategy says (a copy of the strategy without it): not compared.
    reconciles: bool | None  # the printed table's figures add up to its totals, row by row and column by column
    figures: tuple[PrintedFigure, ...] | None  # where it differs from sofin's, in table order


@dataclass(frozen=True, eq=False, repr=False)
class Allocation(RowTree["Row"], Record):
    strategy: str
    year: int
    currency: str
    unit: Decimal
    payers: tuple[PayerColumn, ...]
    rows: tuple[Row, ...]  # table order: grand total, then each society followed by its lines
    footnotes: tuple[str, ...]
    rounding_error: Decimal  # summed |rounded - exact| over every figure; the least possible unless fair
    provenance: Provenance | None = None
    fair: bool = False  # rounded with the period's cumulative figures bound (see allocate_period)
    scenario: Scenario | None = None  # the what-ifs it was computed with; None: the strategy as written
    assumptions: tuple[Assumption, ...] = ()  # every rate not adopted that projected figures rest on, in order
    printed: Printed | None = None  # the strategy's printed table of the year beside this one, if it declares one
    # Issue 24: every key of a strategy that names keys of its own, `default` first; () for one that does not.
    keys: tuple[KeyInForce, ...] = ()

    @property
    def grand_total(self) -> Row:
        return self.rows[0]

    @property
    def projected(self) -> bool:
        return self.grand_total.projected
