"""CSV: one line per row, plain decimals with '.', for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io

from sofin.render.numbers import plain_amount
from sofin.results.allocate import Allocation
from sofin.words import MACHINE, row_label


def render_csv(allocation: Allocation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["level", "path", "label", "total", *(payer.id for payer in allocation.payers)])
    unit = allocation.unit
    for row in allocation.rows:
        figures = (plain_amount(value, unit) for value in row.allocation)
        writer.writerow(
            [
                row.level,
                "/".join(row.path),
                row_label(row.path, row.label, MACHINE),
                plain_amount(row.total, unit),
                *figures,
            ]
        )
    return buffer.getvalue()
