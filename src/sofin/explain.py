"""Why a figure is what it is: the derivation of one row's figures, step by step (pure).

For a row of a year's table: where its amount comes from (declared items, the indexation
chain year by year, adopted amounts), and for each payer the exact share, the naive half-up
figure, the rounded figure and what decided its direction:
- the row: its figures must add up to its total, so of its figures exactly `ups` go up;
- the column: the payer's figures of the row and its siblings must add up to the payer's figure
  of the parent row, so of those exactly `ups` go up;
- the whole table: rounding the figure the other way, the best table that still adds up has a
  larger summed error (by how much is computed by solving again with the figure forced), or
  there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from sofin.allocate import Allocation, PayerColumn, Row
from sofin.rounding import NoRounding
from sofin.years import LineHistory


@dataclass(frozen=True)
class Constraint:
    """A group of figures that must add up: `ups` of its `size` figures go up from their floors."""

    total: Decimal  # what the group adds up to
    size: int
    ups: int
    rank: int  # 1 = the largest remainder in the group
    label: str  # the row whose total binds the group: this row, or the parent row


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

    @property
    def flip_possible(self) -> bool:
        return self.flip_cost is not None

    @property
    def direction(self) -> str:
        if self.rounded == self.exact:
            return "exact"
        return "up" if self.rounded > self.exact else "down"


@dataclass(frozen=True)
class Explanation:
    allocation: Allocation
    row: Row
    history: LineHistory | None  # for a line: its parts from the base year to this year
    figures: tuple[FigureWhy, ...]


# The least summed error with one figure forced (over the year, or over the period when it was
# rounded as one table); raises NoRounding when no table adds up with it.
Resolve = Callable[[Row, PayerColumn, Decimal], Decimal]


def explain(
    allocation: Allocation,
    path: tuple[str, ...],
    history: LineHistory | None,
    optimum: Decimal,
    resolve: Resolve,
    payers: tuple[str, ...] | None = None,
) -> Explanation:
    """The derivation of the row at `path` (for `payers`, by default all); `optimum` is the least
    summed error that `resolve` compares with."""
    row = allocation.row(path)
    unit = allocation.unit
    figures = []
    for index, payer in enumerate(allocation.payers):
        if payers is not None and payer.id not in payers:
            continue
        exact, rounded = row.exact[index], row.allocation[index]
        other = None if exact == rounded else rounded - unit if rounded > exact else rounded + unit
        figures.append(
            FigureWhy(
                payer,
                exact,
                rounded,
                exact.quantize(unit, rounding=ROUND_HALF_UP),
                _constraint(
                    [(row, i) for i in range(len(allocation.payers))], (row, index), row.total, row.label, unit
                ),
                _column(allocation, row, index),
                other,
                None if other is None else _flip_cost(row, payer, other, optimum, resolve),
            )
        )
    return Explanation(allocation, row, history, tuple(figures))


def _flip_cost(row: Row, payer: PayerColumn, other: Decimal, optimum: Decimal, resolve: Resolve) -> Decimal | None:
    try:
        return resolve(row, payer, other) - optimum
    except NoRounding:
        return None


def _column(allocation: Allocation, row: Row, index: int) -> Constraint | None:
    if not row.path:
        return None
    parent = allocation.row(row.path[:-1])
    siblings = allocation.children(parent.path)
    return _constraint(
        [(s, index) for s in siblings], (row, index), parent.allocation[index], parent.label, allocation.unit
    )


def _constraint(
    group: list[tuple[Row, int]], member: tuple[Row, int], total: Decimal, label: str, unit: Decimal
) -> Constraint:
    def rest(cell: tuple[Row, int]) -> Decimal:
        exact = cell[0].exact[cell[1]]
        return exact - exact.quantize(unit, rounding=ROUND_FLOOR)

    floors = sum((cell[0].exact[cell[1]].quantize(unit, rounding=ROUND_FLOOR) for cell in group), Decimal(0))
    ups = int((total - floors) / unit)
    larger = sum(1 for cell in group if rest(cell) > rest(member))
    return Constraint(total, len(group), ups, larger + 1, label)
