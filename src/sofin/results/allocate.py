"""A year's allocation table: what allocate hands its renderers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sofin.domain.amounts import Assumption, Part
from sofin.domain.record import Record
from sofin.domain.scenario import Scenario
from sofin.domain.table import Provenance
from sofin.domain.tree import RowTree


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
