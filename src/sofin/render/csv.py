"""CSV: one line per row, for scripts (plain decimals with '.') or for spreadsheets in Slovenian."""

from __future__ import annotations

from decimal import Decimal

from sofin.render import CsvDialect
from sofin.render.csvtable import CsvTable
from sofin.render.layout import marked, notes, pay_footnotes, payer_names, printed_note
from sofin.render.numbers import plain_amount
from sofin.results.allocate import Allocation
from sofin.words import MACHINE, row_label


def render_csv(allocation: Allocation, dialect: CsvDialect = CsvDialect.plain) -> str:
    """`plain`: `,` and decimal points, as programs read CSV. `sl`: as a Slovenian spreadsheet saves
    it, `;` and decimal commas, with a BOM and CRLF so that Excel and LibreOffice open it right.
    In both, a label a spreadsheet would run as a formula starts with an apostrophe (render/csvtable.py)."""
    spreadsheet = dialect is CsvDialect.sl
    table = CsvTable(";", "\r\n") if spreadsheet else CsvTable()
    table.row(["level", "path", "label", "total", *(payer.id for payer in allocation.payers)])
    unit = allocation.unit

    def amount(value: Decimal) -> str:
        text = plain_amount(value, unit)
        return text.replace(".", ",") if spreadsheet else text

    for row in allocation.rows:
        label = marked(row_label(row.path, row.label, MACHINE), row.projected, MACHINE)
        table.row([str(row.level), "/".join(row.path), label], [amount(row.total), *map(amount, row.allocation)])
    # What a table for people says above and below it, as lines of their own that `sofin check` skips.
    said = notes(allocation.scenario, payer_names(allocation.payers), allocation.assumptions, MACHINE)
    printed = printed_note(allocation.printed, allocation.year, MACHINE)  # issue 23 item 9
    for note in [*said, *pay_footnotes(allocation.rows, MACHINE), *([] if printed is None else [printed])]:
        table.row([NOTE_LEVEL, "", note], ["", *("" for _ in allocation.payers)])
    return ("\ufeff" if spreadsheet else "") + table.text()


NOTE_LEVEL = "note"  # a line that is no row: a scenario's banner, the projection's and the pay law's footnotes
