"""CSV: one line per row, for scripts (plain decimals with '.') or for spreadsheets in Slovenian."""

from __future__ import annotations

from sofin.cells import CSV_HEADER
from sofin.render import CsvDialect
from sofin.render.csvtable import CsvTable, csv_notes, projected_cell
from sofin.render.layout import notes, pay_footnotes, payer_names, printed_note
from sofin.render.numbers import plain_amounts
from sofin.results.allocate import Allocation
from sofin.words import MACHINE, row_label

HEADER = CSV_HEADER  # then one column per payer id


def render_csv(allocation: Allocation, dialect: CsvDialect = CsvDialect.plain) -> str:
    """`plain`: `,` and decimal points, as programs read CSV. `sl`: as a Slovenian spreadsheet saves
    it, `;` and decimal commas, with a BOM and CRLF so that Excel and LibreOffice open it right.
    In both, every line after the header is a row, `projected` says whether its figures are projected,
    and a label a spreadsheet would run as a formula starts with an apostrophe (render/csvtable.py)."""
    table = CsvTable(dialect)
    table.row([*HEADER, *(payer.id for payer in allocation.payers)])
    unit = allocation.unit
    for row in allocation.rows:
        texts = [str(row.level), "/".join(row.path), row_label(row.path, row.label, MACHINE)]
        table.row(texts, [projected_cell(row.projected), *plain_amounts((row.total, *row.allocation), unit)])
    # What a table for people says above and below it, after the data on `#` lines.
    said = notes(allocation.scenario, payer_names(allocation.payers), allocation.assumptions, MACHINE)
    printed = printed_note(allocation.printed, allocation.year, MACHINE)  # issue 23 item 9
    csv_notes(table, [*said, *pay_footnotes(allocation.rows, MACHINE), *([] if printed is None else [printed])])
    return table.text()
