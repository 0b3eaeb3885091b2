"""What every CSV sofin writes shares: its text cells kept text in a spreadsheet, its figures left as they are.

A row is given as its text cells (labels, names, ids, notes, headers), then its figures: each text
goes through `sofin.cells.escape_formula`, so no CSV format can let a label run as a formula, and a
figure such as plan's `-0.114` stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from sofin.cells import escape_formula


class CsvTable:
    """A CSV text built row by row: `,` and LF for programs, or `;` and CRLF as a spreadsheet saves it."""

    def __init__(self, delimiter: str = ",", line_end: str = "\n") -> None:
        self._buffer = io.StringIO()
        self._delimiter, self._line_end = delimiter, line_end
        self._writer = csv.writer(self._buffer, delimiter=delimiter, lineterminator=line_end)

    def row(self, texts: Iterable[str], figures: Iterable[str] = ()) -> None:
        escaped = [escape_formula(text) for text in texts]
        if "\r" in self._line_end or not any("\r" in text for text in escaped):  # a figure never has one
            self._writer.writerow([*escaped, *figures])
        else:
            self._buffer.write(self._quoting_carriage_returns([*escaped, *figures]))

    def text(self) -> str:
        return self._buffer.getvalue()

    def _quoting_carriage_returns(self, cells: list[str]) -> str:
        # Python's csv module quotes only the characters of its own line end: with LF, a carriage return
        # in a label stood bare, and a reader (sofin check's too) ended the row there.
        line = io.StringIO()
        csv.writer(line, delimiter=self._delimiter, lineterminator="\r\n").writerow(cells)
        return line.getvalue().removesuffix("\r\n") + self._line_end
