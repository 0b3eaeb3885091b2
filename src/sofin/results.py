"""What each command hands its renderers: complete results, data only (no solver, no I/O).

The core stages build these; renderers (render/) read them and only format. Nothing here imports
a computing stage, so a renderer that imports this module cannot reach the solver.
Labels are data from the strategy file; sofin's own words are in sofin.words.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:  # a check report keeps the table it read
    from sofin.published import PublishedTable

# Tables of rows by path


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


@dataclass(frozen=True)
class Part:
    """One amount of a line in one year: an item, or the whole line."""

    path: str  # society/line or society/line/N, as adopted amounts name it
    label: str
    amount: Decimal
    source: Source
    rate: Decimal | None = None  # percent, when indexed
    pay_grade: int | None = None
    funded_share: Decimal | None = None
    unrounded: Decimal | None = None  # when indexed: last year's amount x (1 + rate/100), before rounding half-up


@dataclass(frozen=True)
class LineYear:
    """A line's parts in one year; the line's amount is their sum."""

    year: int
    parts: tuple[Part, ...]

    @property
    def amount(self) -> Decimal:
        return sum((part.amount for part in self.parts), Decimal(0))


LineHistory = tuple[LineYear, ...]  # base year first, one entry a year

# A year's allocation table (allocate.py)


@dataclass(frozen=True)
class PayerColumn:
    id: str
    name: str
    share: Decimal  # percent


@dataclass(frozen=True)
class Row:
    path: tuple[str, ...]  # () grand total, (society,), (society, line)
    label: str
    total: Decimal
    allocation: tuple[Decimal, ...]  # rounded, one per payer in column order
    exact: tuple[Decimal, ...]  # total x share / 100, exactly
    footnote: int | None = None  # 1-based number of the footnote this row's figure carries
    footnote_payer: str | None = None  # the payer whose figure carries the footnote mark
    parts: tuple[Part, ...] = ()  # a line's amounts and where they come from; empty for totals

    @property
    def level(self) -> int:
        return len(self.path)


@dataclass(frozen=True)
class Provenance:
    """Where a table came from: the strategy file's SHA-256 and the sofin version that made it."""

    strategy_sha256: str
    sofin_version: str


@dataclass(frozen=True)
class Allocation(RowTree["Row"]):
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

    @property
    def grand_total(self) -> Row:
        return self.rows[0]


# plan (plan.py)


@dataclass(frozen=True)
class PeriodRow:
    """One society or municipality: a figure a year and their sum."""

    id: str
    label: str  # "" for the grand total, which renderers name in their language
    figures: tuple[Decimal, ...]
    period_total: Decimal


@dataclass(frozen=True)
class RoundingBalance:
    """A municipality's paid - exact, each year and cumulated from the first year."""

    payer: PayerColumn
    differences: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]


@dataclass(frozen=True)
class Plan:
    """The period's years side by side (see plan.py)."""

    allocations: tuple[Allocation, ...]  # one a year, in year order
    societies: tuple[PeriodRow, ...]  # each society's total a year, in table order
    grand_total: PeriodRow
    municipalities: tuple[PeriodRow, ...]  # each municipality's grand-total figure a year: what it pays in all
    rounding: tuple[RoundingBalance, ...]

    @property
    def first(self) -> Allocation:
        return self.allocations[0]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(allocation.year for allocation in self.allocations)

    @property
    def fair(self) -> bool:
        return self.first.fair


# payments (payments.py)


class Schedule(enum.StrEnum):
    annual = "annual"
    quarterly = "quarterly"
    monthly = "monthly"

    @property
    def periods(self) -> int:
        return {Schedule.annual: 1, Schedule.quarterly: 4, Schedule.monthly: 12}[self]


@dataclass(frozen=True)
class Contract:
    path: tuple[str, ...]
    label: str
    annual: Decimal
    instalments: tuple[Decimal, ...]


@dataclass(frozen=True)
class Payments:
    year: int
    payer: PayerColumn
    schedule: Schedule
    currency: str
    unit: Decimal
    contracts: tuple[Contract, ...]
    annual: Decimal  # the payer's figure on the grand total row
    totals: tuple[Decimal, ...]  # per period, across contracts


# diff (diff.py)


@dataclass(frozen=True)
class SidePart:
    path: str
    amount: Decimal
    source: Source
    rate: Decimal | None = None


@dataclass(frozen=True)
class SideRow:
    path: tuple[str, ...]
    label: str
    total: Decimal
    figures: dict[str, Decimal]
    parts: tuple[SidePart, ...] = ()  # known for lines of sofin's own tables


@dataclass(frozen=True)
class Side:
    """One table to compare: what its name is, its key and its rows in table order."""

    name: str
    year: int | None
    unit: Decimal
    payers: dict[str, str]  # id -> name
    shares: dict[str, Decimal] | None  # id -> percent
    rows: tuple[SideRow, ...]


class Cause(enum.StrEnum):
    added = "added"
    removed = "removed"
    key = "key"
    amount = "amount"
    rounding = "rounding"


@dataclass(frozen=True)
class FigureChange:
    payer: str
    before: Decimal | None  # None when the payer or row is not in that side
    after: Decimal | None
    change: Decimal  # after - before, a missing figure counted as 0
    percent: Decimal | None  # the change in percent of the earlier figure, to 0.01, half-up; None when there was none


@dataclass(frozen=True)
class AmountNote:
    """How a line's new amount came about: one entry per part whose amount changed."""

    path: str
    before: Decimal | None
    after: Decimal
    source: Source
    rate: Decimal | None


@dataclass(frozen=True)
class RowChange:
    path: tuple[str, ...]
    label: str
    total_before: Decimal | None
    total_after: Decimal | None
    total_change: Decimal  # a missing total counted as 0
    figures: tuple[FigureChange, ...]
    changed: bool  # the total or a figure changed
    causes: tuple[Cause, ...]  # empty when nothing changed
    amount_notes: tuple[AmountNote, ...] = ()


@dataclass(frozen=True)
class KeyChange:
    payer: str
    name: str
    before: Decimal | None  # percent; None when the payer is not in that side
    after: Decimal | None


@dataclass(frozen=True)
class Diff(RowTree["RowChange"]):
    before: Side
    after: Side
    payers: tuple[str, ...]  # the union, in the later side's order, then those only in the earlier
    key_changes: tuple[KeyChange, ...]
    rows: tuple[RowChange, ...]  # every row of either side: the later side's order, then removed rows

    @property
    def changed_rows(self) -> tuple[RowChange, ...]:
        return tuple(row for row in self.rows if row.changed)


# explain (explain.py)


@dataclass(frozen=True)
class Constraint:
    """A group of figures that must add up: `ups` of its `size` figures go up from their floors."""

    total: Decimal  # what the group adds up to
    size: int
    ups: int
    rank: int  # 1 = the largest remainder in the group
    path: tuple[str, ...]  # the row whose total binds the group: this row, or the parent row
    label: str  # that row's label ("" for the grand total)


@dataclass(frozen=True)
class FigureWhy:
    payer: PayerColumn
    exact: Decimal
    rounded: Decimal
    half_up: Decimal  # what rounding this figure alone, half-up, would give
    row: Constraint
    column: Constraint | None  # None for the grand total, which has no parent
    other: Decimal | None  # the figure rounded the other way; None when the share is whole
    flip_cost: Decimal | None  # extra summed error of the best table with `other`; None when none adds up
    direction: str  # "up", "down" or "exact"
    # What decided the direction: "half_up" (the same as rounding it alone), else the group whose
    # largest-remainder order alone gives it ("row", "column", "both"), else "table" (only the optimum).
    decided_by: str

    @property
    def flip_possible(self) -> bool:
        return self.flip_cost is not None


@dataclass(frozen=True)
class Explanation:
    allocation: Allocation
    row: Row
    history: LineHistory | None  # for a line: its parts from the base year to this year
    figures: tuple[FigureWhy, ...]


# check (check.py)


@dataclass(frozen=True)
class Finding:
    kind: str
    path: tuple[str, ...] | None  # None for findings about the whole file
    payer: str | None  # None for a row's total, or the whole file
    expected: str | None
    found: str | None


@dataclass(frozen=True)
class CorrectedRow:
    total: Decimal
    figures: tuple[Decimal, ...]  # payer by payer, in the table's order


@dataclass(frozen=True)
class Correction:
    """The table as it should have been printed (see check.corrected), or the finding that prevents it."""

    rows: dict[tuple[str, ...], CorrectedRow]  # by path; empty when `prevented_by` is set
    prevented_by: str | None = None  # "key_sum" or "off_grid"


@dataclass(frozen=True)
class Report:
    """What `sofin check` found in one table, with what a report needs to show it."""

    file: str
    table: PublishedTable
    shares: dict[str, Decimal]
    shares_source: str | None  # the strategy file the key was taken from; None: the table's own
    unit: Decimal
    findings: tuple[Finding, ...]
    corrected: Correction

    @property
    def reconciles(self) -> bool:
        return not self.findings
