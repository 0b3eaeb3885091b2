"""`sofin explain`: one row's derivation (or one item's, with its line's split)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.domain.amounts import Assumption, LineHistory, Part, PayStep
    from sofin.results.allocate import Allocation, PayerColumn, Row


@dataclass(frozen=True)
class Constraint:
    """A group of figures that must add up: `ups` of its `size` figures go up from their floors."""

    total: Decimal  # what the group adds up to
    size: int
    ups: int
    rank: int  # 1 = the largest remainder in the group
    path: tuple[str, ...]  # the row whose total binds the group: this row, or the parent row
    label: str  # that row's label ("" for the grand total)
    # Which way the group's largest remainders alone would round the figure: "up", "down", or None when
    # its share is whole or it ties with others at the edge between the figures that go up and the rest.
    way: str | None = None
    # Issue 24, a strategy with keys: the group's other figures whose exact share is 0 (a payer outside a
    # line's key), exactly 0 and never rounded; not counted in `size`, which counts the figures that can move.
    fixed: int = 0


@dataclass(frozen=True)
class Partner:
    """The figure a group's remainders would round the other way instead of the one explained, and the
    other group that holds it as it is: its own row, or its own column."""

    path: tuple[str, ...]  # its row
    label: str  # its row's label
    payer: PayerColumn
    exact: Decimal
    rounded: Decimal
    direction: str  # "up" or "down"
    holds: Constraint  # the group (its row, or its column) whose remainders round it as it is


@dataclass(frozen=True)
class Forced:
    """Why a figure rounds against its own remainder in its row or its column (issue 23, item 11): which
    sum forced it. `by`:
    - "column": the row's remainders alone would round it the other way; its column's round it as it is
      (or it ties there, `tie`);
    - "row": the same the other way round;
    - "beneath": a total whose figure is the sum of the payer's figures in the rows beneath it (`beneath`);
    - "partner_row": against both; the column's remainders would round `partner` (a figure of the same
      payer under the same parent) the other way instead, and `partner`'s own row holds it;
    - "partner_column": against both; the row's remainders would round `partner` (another payer's
      figure of the row) the other way instead, and `partner`'s own column holds it;
    - "table": against both, and no single row or column holds a figure that could swap with it: only
      the least summed error of the whole table decides."""

    by: str
    against: tuple[str, ...]  # the groups whose remainders alone would round it the other way: "row", "column"
    constraint: Constraint | None  # the sum named: its column, its row, or the group it shares with `partner`
    partner: Partner | None = None
    beneath: tuple[tuple[str, Decimal], ...] = ()  # "beneath": each row beneath, its label and the payer's figure
    # "column", "row": its remainder ties in that group with figures on the other side of the edge between
    # those that go up and the rest, so that the group does not prefer it to them either way.
    tie: bool = False


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
    forced: Forced | None = None  # when it rounds against its own remainder in its row or its column
    # Issue 24: the payer's percent under the line's key, in a strategy with keys of its own (0: outside the
    # key, the figure exactly 0); None for a total there, and for every row of a strategy without.
    key_share: Decimal | None = None


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
class KeyWhy:
    """Issue 24: a key with its exact percent for each payer; a mix with its parts by name, each by its weight
    (a part may be a mix in turn: Explanation.keys holds it once, however many mixes it is a part of)."""

    name: str  # `default`: the payers' own shares
    shares: tuple[Decimal, ...]  # percent, one per payer in column order, exactly
    parts: tuple[tuple[Decimal, str], ...] = ()  # a mix's: (weight in percent, the part's name)


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
    # Issue 24, a strategy with keys of its own: a line's key, then every key a mix of it is made of, each once,
    # flat (empty for a total, the sum of its rows, each line split by its own key); `keyed` says the strategy
    # has them.
    keys: tuple[KeyWhy, ...] = ()
    keyed: bool = False

    @property
    def key(self) -> KeyWhy | None:
        """The line's key; None for a total, or without keys."""
        return self.keys[0] if self.keys else None
