"""The table a strategy printed for a year, beside sofin's table of that year (issue 23 item 9; pure).

A strategy's printed table was typed or rounded by hand: section 4 of the 2025 strategy does not add
up in twelve places, and sofin's table, which does, differs from it in ten figures. The comparison
is `sofin check --year`'s (check.against), so that the note under sofin's table counts exactly the
figures that command lists as differing; whether the printed table reconciles is check's own test
of its sums (row_sum, parent_sum).
"""

from __future__ import annotations

from sofin.check import against, discrepancies
from sofin.published import PublishedTable
from sofin.results.allocate import Allocation, Printed, PrintedFigure
from sofin.results.check import SUM_KINDS, Finding, FindingKind


def beside_printed(allocation: Allocation, table: PublishedTable, source: str, strategy: str | None) -> Printed:
    """Where `table`, the printed one, differs from sofin's `allocation`, and whether it reconciles.

    `source` names the printed table as the strategy does, `strategy` the strategy as a command would."""
    shares = table.shares or {payer.id: payer.share for payer in allocation.payers}
    reconciles = not any(finding.kind in SUM_KINDS for finding in discrepancies(table, shares, allocation.unit))
    figures = tuple(_figure(finding, table, allocation) for finding in against(table, allocation))
    return Printed(source, strategy, reconciles, figures)


def _figure(finding: Finding, table: PublishedTable, allocation: Allocation) -> PrintedFigure:
    """A finding of check.against as a figure of each table: a row one of them lacks has its total only."""
    assert finding.path is not None  # against() finds nothing about the whole file
    if finding.kind is FindingKind.missing_row:
        return PrintedFigure(finding.path, None, None, allocation.row(finding.path).total)
    if finding.kind is FindingKind.extra_row:
        return PrintedFigure(finding.path, None, table.row(finding.path).total, None)
    assert not isinstance(finding.expected, str) and not isinstance(finding.found, str)  # differs: amounts
    return PrintedFigure(finding.path, finding.payer, finding.found, finding.expected)
