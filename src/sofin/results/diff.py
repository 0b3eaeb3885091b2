"""`sofin diff`: two tables compared row by row, with causes."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from sofin.domain.amounts import Assumption, RateBasis, Source
from sofin.domain.scenario import Scenario
from sofin.domain.tree import RowTree
from sofin.results.mismatch import Mismatch


def named_payers(payers: Iterable[str], *sources: Mapping[str, str | None]) -> dict[str, str]:
    """Each payer's name: the first of `sources` that names it (a table's own, then a strategy's, say; a
    name that is only the id names nothing), else its id."""
    return {
        payer: next((name for source in sources if (name := source.get(payer)) and name != payer), payer)
        for payer in payers
    }


@dataclass(frozen=True)
class SidePay:
    """How the pay law moved a part from last year's amount: its schedule, f(Y) and f(Y-1) (the factor
    is their ratio), where before and target come from."""

    schedule: str  # the schedule's id
    year_pay: Decimal  # f(Y): the sum of the year's twelve monthly pays
    previous_year_pay: Decimal  # f(Y-1)
    source: str | None = None  # where before and target come from
    scenario: bool = False  # before and target are a what-if of the command line (--pay)


@dataclass(frozen=True)
class SidePart:
    path: str
    amount: Decimal
    source: Source
    rate: Decimal | None = None
    basis: RateBasis | None = None  # when indexed: what the rate rests on (unknown for a table without it)
    rate_source: str | None = None  # an adopted rate's source
    projected: bool | None = False
    pay: SidePay | None = None  # when computed by the pay law (then `rate` is r of its last step)


@dataclass(frozen=True)
class SideRow:
    path: tuple[str, ...]
    label: str
    total: Decimal
    figures: dict[str, Decimal]
    parts: tuple[SidePart, ...] = ()  # known for lines of sofin's own tables
    projected: bool | None = False
    # Issue 24: a line's key by name, in a side that names keys of its own (None: a total, or a side without).
    key: str | None = None


@dataclass(frozen=True)
class Side:
    """One table to compare: what its name is, its key and its rows in table order."""

    name: str
    year: int | None
    unit: Decimal
    payers: dict[str, str]  # id -> name
    shares: dict[str, Decimal] | None  # id -> percent
    rows: tuple[SideRow, ...]
    projected: bool | None = False  # a figure rests on a rate that is not adopted; None: a table that does not say
    scenario: Scenario | None = None  # the what-ifs it was computed with
    assumptions: tuple[Assumption, ...] = ()  # the rates not adopted that its figures rest on
    mismatches: tuple[Mismatch, ...] = ()  # where a table read back does not add up; sofin's own always does
    # Issue 24: every key's percent by payer (`default` first), when the side names keys of its own and says
    # their percents (an allocation, a JSON table of format_version 2); None otherwise.
    keys: dict[str, dict[str, Decimal]] | None = None

    @property
    def reconciles(self) -> bool:
        return not self.mismatches

    @property
    def named_keys(self) -> bool:
        """Whether the side splits its lines by keys of its own: its lines name them (a keyed CSV does without
        their percents)."""
        return self.keys is not None or any(row.key is not None for row in self.rows)


class Cause(enum.StrEnum):
    added = "added"
    removed = "removed"
    key = "key"
    amount = "amount"
    rounding = "rounding"
    # A figure moved while its total and share stayed, in a comparison where a side does not add up: not
    # rounding, which keeps every sum (issue 23, item 5); the figure was edited, or one of its sums was.
    unreconciled = "unreconciled"
    # The total changed by a step of the pay law (a society's or the grand total's: a line's beneath it).
    pay_law = "pay_law"


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
    basis: RateBasis | None = None  # when indexed: what the rate rests on
    rate_source: str | None = None  # an adopted rate's source
    projected: bool | None = False  # the new amount rests on a rate that is not adopted
    pay: SidePay | None = None  # the new amount was computed by the pay law: how

    @property
    def by_pay_law(self) -> bool:
        """Whether the pay law moved the amount: computed by it, with a year's pay unlike the year before's
        (once the reform is complete, or with before = target, only the rate moves it)."""
        return self.pay is not None and self.pay.year_pay != self.pay.previous_year_pay


@dataclass(frozen=True)
class RowChange:
    path: tuple[str, ...]
    label: str
    total_before: Decimal | None
    total_after: Decimal | None
    total_change: Decimal  # a missing total counted as 0
    # A payer's figure a column at a time (issue 27 item 2: a national diff has 233,000 of them), in the diff's
    # payers' order; `figures` joins them, for those who read one payer's figure at a time.
    payers: tuple[str, ...]
    befores: tuple[Decimal | None, ...]  # None when the payer or row is not in that side
    afters: tuple[Decimal | None, ...]
    changes: tuple[Decimal, ...]  # after - before, a missing figure counted as 0
    percents: tuple[Decimal | None, ...]  # as FigureChange's percent
    changed: bool  # the total or a figure changed
    causes: tuple[Cause, ...]  # empty when nothing changed
    amount_notes: tuple[AmountNote, ...] = ()
    projected_before: bool | None = False  # the row's earlier figures rest on a rate that is not adopted
    projected_after: bool | None = False
    # Issue 24: a line's key on each side, when either side names keys of its own (`default` for a side
    # without); None for a total, or when neither does.
    key_before: str | None = None
    key_after: str | None = None

    @cached_property
    def figures(self) -> tuple[FigureChange, ...]:
        """Each payer's figures, before and after, with the change and its percent."""
        return tuple(map(FigureChange, self.payers, self.befores, self.afters, self.changes, self.percents))


@dataclass(frozen=True)
class KeyChange:
    payer: str
    name: str
    before: Decimal | None  # percent; None when the payer is not in that side
    after: Decimal | None


@dataclass(frozen=True)
class KeyPercentChange:
    """Issue 24: a named key's percent for a payer that differs between the sides (`default`'s: KeyChange)."""

    key: str
    payer: str
    name: str  # the payer's
    before: Decimal  # percent; 0 for a payer the key does not name
    after: Decimal


@dataclass(frozen=True)
class Diff(RowTree["RowChange"]):
    before: Side
    after: Side
    unit: Decimal  # the finer of the two sides' units: every figure of either is a whole number of it
    payers: tuple[str, ...]  # the union, in the later side's order, then those only in the earlier
    key_changes: tuple[KeyChange, ...]
    rows: tuple[RowChange, ...]  # every row of either side: the later side's order, then removed rows
    assumptions: tuple[Assumption, ...] = ()  # what either side's projected figures rest on, by year and kind
    key_percent_changes: tuple[KeyPercentChange, ...] = ()  # issue 24: named keys in both sides whose percents differ
    changed_keys: tuple[str, ...] = ()  # issue 24: the keys whose percents differ (`default`: the payers' shares)

    @property
    def named_keys(self) -> bool:
        """Whether either side splits its lines by keys of its own (issue 24)."""
        return self.before.named_keys or self.after.named_keys

    @property
    def projected(self) -> bool:
        return bool(self.before.projected or self.after.projected)

    @property
    def reconciles(self) -> bool:
        return self.before.reconciles and self.after.reconciles

    @cached_property  # once a diff, not once a changed row (issue 27 item 2)
    def payer_names(self) -> dict[str, str]:
        """Each payer's name: the later side's, else the earlier's, else its id."""
        return named_payers(self.payers, self.after.payers, self.before.payers)

    @property
    def changed_rows(self) -> tuple[RowChange, ...]:
        return tuple(row for row in self.rows if row.changed)

    @property
    def unchanged_count(self) -> int:
        return sum(1 for row in self.rows if not row.changed)
