"""Where a table does not add up (pure): each row's figures against its total, and its total and figures against
the rows beneath it. `sofin check` reports these as its row_sum and parent_sum findings, `sofin diff` as a side's
mismatches; neither loads the other for them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from sofin.published import PublishedTable
from sofin.results.mismatch import Mismatch
from sofin.table_parts import TableRow


def mismatches(table: PublishedTable) -> Iterator[Mismatch]:
    """Where the table does not add up, row by row in table order (`row_mismatches`)."""
    for row in table.rows:
        yield from row_mismatches(row, table.children(row.path), table.payer_ids)


def row_mismatches(row: TableRow, kids: tuple[TableRow, ...], payers: Iterable[str]) -> Iterator[Mismatch]:
    """Where a row does not add up: its figures against its total (`row_sum`), then its total and each
    payer's figure against the rows beneath it (`parent_sum`)."""
    payers = tuple(payers)
    written = [row.total, *map(row.allocation.__getitem__, payers)]
    figures = sum(written[1:], Decimal(0))
    if figures != row.total:
        yield Mismatch("row_sum", tuple(row.path), None, row.total, figures)
    if not kids:
        return
    # Column by column over the rows beneath, each sum in the same order as one payer at a time would add it.
    columns = zip(*([kid.total, *map(kid.allocation.__getitem__, payers)] for kid in kids))
    for payer, figure, column in zip((None, *payers), written, columns):
        summed = sum(column, Decimal(0))
        if summed != figure:
            yield Mismatch("parent_sum", tuple(row.path), payer, figure, summed)
