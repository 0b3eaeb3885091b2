"""`sofin check`: the findings in a table and its corrected figures."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.domain.record import Record

if TYPE_CHECKING:  # a report keeps the table it read
    from sofin.domain.scenario import Scenario
    from sofin.results.table_read import ReadTable


class FindingKind(enum.StrEnum):
    """What a finding says is wrong (check.py's docstring says when each is found)."""

    key_sum = "key_sum"
    off_grid = "off_grid"
    thousands = "thousands"
    row_sum = "row_sum"
    parent_sum = "parent_sum"
    off_key = "off_key"
    outside_key = "outside_key"  # issue 24: a figure that is not 0 for a payer outside its row's key
    differs = "differs"
    missing_row = "missing_row"
    extra_row = "extra_row"
    stamp = "stamp"


# Issue 23 item 9 (review): a table reconciles ("je usklajena") when its figures add up to its totals: none of
# these. The other findings of the table itself, and those that compare it with sofin's allocation, are told apart.
SUM_KINDS = frozenset({FindingKind.row_sum, FindingKind.parent_sum})
AGAINST_SOFIN_KINDS = frozenset(
    {FindingKind.differs, FindingKind.missing_row, FindingKind.extra_row, FindingKind.stamp}
)

Cell = tuple[tuple[str, ...], str | None]  # a row's path and a payer (None: the row's total)


@dataclass(frozen=True, eq=False, repr=False)
class Finding(Record):
    kind: FindingKind
    path: tuple[str, ...] | None  # None for findings about the whole file
    payer: str | None  # None for a row's total, or the whole file
    expected: Decimal | str | None  # an amount or share; a row's label or a stamp as text; None: nothing
    found: Decimal | str | None
    # Issue 23, item 6: a `thousands` figure as the file writes it ("11.768"), which sofin reads as `found`;
    # and the misread cells (path, payer) a sum or a share follows from, to say so beside its figures.
    written: str | None = None
    follows: tuple[Cell, ...] = ()
    # Issue 24: the key a key_sum, off_key or outside_key finding is about, in a table of a strategy with keys.
    key: str | None = None
    # Issue 25 item 1: where in the table's file the figure is (1-based line and column); None when not known.
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, eq=False, repr=False)
class CorrectedRow(Record):
    total: Decimal
    figures: tuple[Decimal, ...]  # payer by payer, in the table's order


@dataclass(frozen=True, eq=False, repr=False)
class Correction(Record):
    """The table as it should have been printed (see check.corrected), or the finding that prevents it."""

    rows: dict[tuple[str, ...], CorrectedRow]  # by path; empty when `prevented_by` is set
    prevented_by: FindingKind | None = None  # key_sum or off_grid


@dataclass(frozen=True, eq=False, repr=False)
class Report(Record):
    """What `sofin check` found in one table, with what a report needs to show it."""

    file: str
    table: ReadTable
    # The strategy the key (a keyed CSV's keys) came from (see shipped_source); None: the table's own.
    shares_source: str | None
    unit: Decimal
    findings: tuple[Finding, ...]
    corrected: Correction | None  # None: asked for by no format of the report (see CheckFormat), so not computed
    # The what-ifs of the allocation it was compared with; None: the strategy as written.
    scenario: Scenario | None = None
    # Names for the payers the table does not name (a CSV names none), from the strategy when it was read.
    names: dict[str, str] = field(default_factory=dict)
    # Issue 23 item 9 (review): whether the table was compared with sofin's allocation, and whether
    # `shares_source` is the shipped strategy's title (a path inside the package names it to no one).
    compared: bool = False
    shipped_source: bool = False
    # Issue 24 (review, finding 6): a keyed CSV checked with no year known takes its keys' percents of the
    # base year only when they are the same in every year of the period: (base year, first year, last year).
    keys_every_year: tuple[int, int, int] | None = None
    # The strategy was given (-s), but the table names no year to compare with sofin's allocation of.
    not_compared_without_year: bool = False

    @property
    def reconciles(self) -> bool:
        """No findings at all (JSON `reconciles`, exit 0): it adds up and, when compared, is sofin's table."""
        return not self.findings

    @property
    def own_findings(self) -> tuple[Finding, ...]:
        """What is wrong in the table itself, whatever sofin would allocate."""
        return tuple(finding for finding in self.findings if finding.kind not in AGAINST_SOFIN_KINDS)

    @property
    def against_sofin(self) -> tuple[Finding, ...]:
        """Where the table is not sofin's table of the year it was compared with."""
        return tuple(finding for finding in self.findings if finding.kind in AGAINST_SOFIN_KINDS)

    @property
    def payer_names(self) -> dict[str, str]:
        """Each payer's name: the table's, else the strategy's, else its id."""
        from sofin.results.diff import named_payers

        written = {payer.id: payer.name for payer in self.table.payers}
        return named_payers(self.table.payer_ids, written, self.names)
