"""Where a table does not add up: what `sofin check` finds of its sums and `sofin diff` of each side's.

Apart from results/diff.py so that the note under `sofin allocate`'s table, which asks whether the printed
table adds up, loads no diff (issue 27 item 1)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sofin.domain.record import Record


@dataclass(frozen=True, eq=False, repr=False)
class Mismatch(Record):
    """Where a side does not add up (issue 23, item 5), in `sofin check`'s words: `row_sum`, a row's figures
    against its total; `parent_sum`, a row's total (payer None) or figure against the rows beneath it."""

    kind: str  # row_sum or parent_sum
    path: tuple[str, ...]
    payer: str | None
    written: Decimal  # the total or figure the table writes
    summed: Decimal  # what its figures, or the rows beneath it, add up to
