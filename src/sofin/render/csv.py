"""CSV: one line per row, for scripts (plain decimals with '.') or for spreadsheets in Slovenian."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sofin.render import CsvDialect
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
        writer.writerow(
            [
                row.level,
                "/".join(row.path),
                row_label(row.path, row.label, MACHINE),
                amount(row.total),
                *(amount(value) for value in row.allocation),
            ]
        )
    return ("\ufeff" if spreadsheet else "") + buffer.getvalue()
