"""CSV: one line per row, for scripts (plain decimals with '.') or for spreadsheets in Slovenian."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sofin.render import CsvDialect
from sofin.render.layout import marked, notes, payer_names
from sofin.render.numbers import plain_amount
from sofin.results.allocate import Allocation
from sofin.words import MACHINE, row_label


def render_csv(allocation: Allocation, dialect: CsvDialect = CsvDialect.plain) -> str:
    """`plain`: `,` and decimal points, as programs read CSV. `sl`: as a Slovenian spreadsheet saves
    it, `;` and decimal commas, with a BOM and CRLF so that Excel and LibreOffice open it right."""
    spreadsheet = dialect is CsvDialect.sl
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if spreadsheet else ",", lineterminator="\r\n" if spreadsheet else "\n")
    writer.writerow(["level", "path", "label", "total", *(payer.id for payer in allocation.payers)])
    unit = allocation.unit

    def amount(value: Decimal) -> str:
        text = plain_amount(value, unit)
        return text.replace(".", ",") if spreadsheet else text

    for row in allocation.rows:
        label = marked(row_label(row.path, row.label, MACHINE), row.projected, MACHINE)
        writer.writerow(
            [
                row.level,
                "/".join(row.path),
                _as_text(label) if spreadsheet else label,
                amount(row.total),
                *(amount(value) for value in row.allocation),
            ]
        )
    # What a table for people says above and below it, as lines of their own that `sofin check` skips.
    for note in notes(allocation.scenario, payer_names(allocation.payers), allocation.assumptions, MACHINE):
        writer.writerow([NOTE_LEVEL, "", note, "", *("" for _ in allocation.payers)])
    return ("\ufeff" if spreadsheet else "") + buffer.getvalue()


NOTE_LEVEL = "note"  # a line that is no row: a scenario's banner, the projection footnote


def _as_text(label: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: an apostrophe keeps it text.
    return "'" + label if label[:1] in ("=", "+", "-", "@") else label
