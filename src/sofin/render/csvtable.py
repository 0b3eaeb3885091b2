"""What every CSV sofin writes shares: data rows only, text cells kept text, figures in the dialect's decimals.

A row is given as its text cells (labels, names, ids, headers), then its figures: each text goes
through `sofin.cells.escape_formula`, so no CSV format can let a label run as a formula, and a
figure such as plan's `-0.114` stays a number. Every line after the header is a row of the table:
what a table for people says around it (a scenario's banner, the footnotes) follows the data on
lines of its own that start with `#`, which `pandas.read_csv(comment="#")` and `sofin check` skip.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from sofin.cells import COMMENT, escape_formula
from sofin.render import CsvDialect
from sofin.words import MACHINE, catalogue

PROJECTED, NOT_PROJECTED = "1", "0"  # the `projected` column: numbers in pandas and in every spreadsheet locale


class CsvTable:
    """A CSV text built row by row: `,`, decimal points and LF for programs (`plain`), or `;`, decimal
    commas, CRLF and a BOM as a spreadsheet in Slovenian saves it (`sl`)."""

    def __init__(self, dialect: CsvDialect = CsvDialect.plain) -> None:
        spreadsheet = dialect is CsvDialect.sl
        self._lines: list[str] = []
        self._line_end = "\r\n" if spreadsheet else "\n"
        self._decimal_point = "," if spreadsheet else "."
        self._start = "\ufeff" if spreadsheet else ""
        # Python's csv module quotes a cell holding a character of its line end, and only those besides
        # the delimiter and the quote: with this one, a carriage return (which ends a row for a reader,
        # sofin check's too) and a `#` (where pandas' comment="#" cut an unquoted cell off) are quoted.
        self._delimiter = ";" if spreadsheet else ","
        self._writer = csv.writer(_Lines(self._lines), delimiter=self._delimiter, lineterminator=_QUOTED)
        self._notes: list[str] = []

    def row(self, texts: Iterable[str], figures: Iterable[str] = ()) -> None:
        """A row of the table: its texts escaped, its figures (plain decimals) in the dialect's decimals."""
        cells = [escape_formula(text) for text in texts]
        cells += [figure.replace(".", self._decimal_point) for figure in figures]
        self._writer.writerow(cells)

    def note(self, text: str) -> None:
        """A sentence for people after the data, a line of its text a line: `#`, then the line as one
        quoted cell, which a spreadsheet shows whole whatever delimiters it holds."""
        for line in text.splitlines() or [""]:
            quoted = escape_formula(line).replace('"', '""')
            self._notes.append(f'{COMMENT}{self._delimiter}"{quoted}"')

    def text(self) -> str:
        return self._start + "".join(line + self._line_end for line in [*self._lines, *self._notes])


def csv_notes(table: CsvTable, notes: Iterable[str]) -> None:
    """The notes after the table's data; the projection's footnote names the rows it is about by the
    `projected` column, as no label carries the mark it starts with in the other formats."""
    mark = catalogue(MACHINE).projection.mark + " "
    for note in notes:
        table.note(f"projected={PROJECTED}: {note.removeprefix(mark)}" if note.startswith(mark) else note)


def projected_cell(projected: bool) -> str:
    """The `projected` column of a row: 1 when its figures rest on a rate that is not adopted, else 0."""
    return PROJECTED if projected else NOT_PROJECTED


_QUOTED = "\r\n" + COMMENT  # the characters a cell is quoted for, besides the delimiter and the quote


class _Lines:
    """Where the csv module writes: each row's line (one write a row), without the line end it was given."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def write(self, line: str) -> None:
        self._lines.append(line.removesuffix(_QUOTED))
