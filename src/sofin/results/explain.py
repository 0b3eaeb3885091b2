"""`sofin explain`: one row's derivation (or one item's, with its line's split)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.results.allocate import Allocation, Assumption, LineHistory, Part, PayerColumn, PayStep, Row


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
class Approximation:
    """An exact fraction as people read it: a decimal that is the fraction itself when `exact`, else
    the fraction cut after a fixed number of decimals, only to be shown."""

    fraction: Fraction
    decimal: Decimal
    exact: bool


@dataclass(frozen=True)
class LawWhy:
    """A year whose amount the pay law computed: its step, with the factor f(Y)/f(Y-1) and the amount
    before rounding, each as a decimal to show."""

    step: PayStep
    factor: Approximation
    exact: Approximation


@dataclass(frozen=True)
class YearWhy:
    """One year of an amount: the amount and where it comes from."""

    year: int
    part: Part
    law: LawWhy | None = None  # when the pay law computed the amount this year
    # The line adopted as one amount this year, after years when its parts followed the pay law:
    # from now on it is indexed as one amount by the staff rate, and its items' pay no longer applies.
    ends_law: bool = False


@dataclass(frozen=True)
class ItemHistory:
    """One amount of a line (an item, or the whole line) from the base year on."""

    path: str  # society/line/N for an item, society/line for the whole line
    years: tuple[YearWhy, ...]

    @property
    def first(self) -> Part:
        """As first written: its label, its pay grade and funded share, and its pay law, when it has them."""
        return self.years[0].part

    @property
    def last(self) -> YearWhy:
        return self.years[-1]


@dataclass(frozen=True)
class Explanation:
    allocation: Allocation
    row: Row  # for an item: its line's row, whose figures carry the item's money to the payers
    history: LineHistory | None  # for a line: its parts from the base year to this year
    # The same, amount by amount (empty for a total row); for an item, the item's alone and the line's
    # own amount from a year it was adopted as a whole.
    items: tuple[ItemHistory, ...]
    figures: tuple[FigureWhy, ...]
    assumptions: tuple[Assumption, ...] = ()  # the rates not adopted that the row's amount rests on, by year and kind
    item: ItemHistory | None = None  # when an item's path was asked for: its history (in `items` too)
