"""CSV: one line per row, for scripts (plain decimals with '.') or for spreadsheets in Slovenian."""

from __future__ import annotations

from sofin.cells import CSV_HEADER, KEY_COLUMN
from sofin.render import CsvDialect
from sofin.render.allocate.layout import key_legend, printed_note
from sofin.render.banner import payer_names
from sofin.render.csvtable import CsvTable, csv_notes, projected_cell
from sofin.render.numbers import plain_amounts
from sofin.render.projection import notes, pay_footnotes
from sofin.results.allocate import Allocation
from sofin.words import MACHINE, row_label

HEADER = CSV_HEADER  # then one column per payer id


def render_csv(allocation: Allocation, dialect: CsvDialect = CsvDialect.plain) -> str:
    """`plain`: `,` and decimal points, as programs read CSV. `sl`: as a Slovenian spreadsheet saves
    it, `;` and decimal commas, with a BOM and CRLF so that Excel and LibreOffice open it right.
    In both, every line after the header is a row, `projected` says whether its figures are projected,
    and a label a spreadsheet would run as a formula starts with an apostrophe (render/csvtable.py).
    A strategy with keys of its own (issue 24) adds the column `key` after `projected`: a line's key by
    name, empty for a total; the keys' percents follow the data on `#` lines, as the legend of the table."""
    if allocation.keys:
        return _keyed_csv(allocation, dialect)
    table = CsvTable(dialect)
    table.row([*HEADER, *(payer.id for payer in allocation.payers)])
    unit = allocation.unit
    for row in allocation.rows:
        texts = [str(row.level), "/".join(row.path), row_label(row.path, row.label, MACHINE)]
        table.row(texts, [projected_cell(row.projected), *plain_amounts((row.total, *row.allocation), unit)])
    _notes(table, allocation)
    return table.text()


def _keyed_csv(allocation: Allocation, dialect: CsvDialect) -> str:
    """render_csv of a strategy with keys of its own: the `key` column after `projected` (a name is text,
    kept text as a label is), the keys' legend first among the notes."""
    table = CsvTable(dialect)
    header = [*HEADER[: HEADER.index("total")], KEY_COLUMN, *HEADER[HEADER.index("total") :]]
    table.row([*header, *(payer.id for payer in allocation.payers)])
    unit = allocation.unit
    for row in allocation.rows:
        label = row_label(row.path, row.label, MACHINE)
        texts = [str(row.level), "/".join(row.path), label, projected_cell(row.projected), row.key or ""]
        table.row(texts, plain_amounts((row.total, *row.allocation), unit))
    _notes(table, allocation, key_legend(allocation, MACHINE, KEY_COLUMN))
    return table.text()


def _notes(table: CsvTable, allocation: Allocation, legend: tuple[str, ...] = ()) -> None:
    """What a table for people says above and below it, after the data on `#` lines."""
    said = notes(allocation.scenario, payer_names(allocation.payers), allocation.assumptions, MACHINE)
    printed = printed_note(allocation.printed, allocation.year, MACHINE)  # issue 23 item 9
    footnotes = [*said, *pay_footnotes(allocation.rows, MACHINE), *([] if printed is None else [printed])]
    csv_notes(table, [*legend, *footnotes])
