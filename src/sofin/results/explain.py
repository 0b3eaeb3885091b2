"""`sofin explain`: one row's derivation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.results.allocate import Allocation, Assumption, LineHistory, Part, PayerColumn, Row


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


@dataclass(frozen=True)
class ItemHistory:
    """One amount of a line (an item, or the whole line) from the base year on."""

    years: tuple[tuple[int, Part], ...]  # (year, the amount that year and where it comes from)

    @property
    def first(self) -> Part:
        """As first written: its label, and its pay grade and funded share when it has them."""
        return self.years[0][1]


@dataclass(frozen=True)
class Explanation:
    allocation: Allocation
    row: Row
    history: LineHistory | None  # for a line: its parts from the base year to this year
    items: tuple[ItemHistory, ...]  # the same, amount by amount (empty for a total row)
    figures: tuple[FigureWhy, ...]
    assumptions: tuple[Assumption, ...] = ()  # the rates not adopted that the row's amount rests on, by year and kind
