"""`sofin check`: the findings in a table and its corrected figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a report keeps the table it read
    from sofin.published import PublishedTable


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
