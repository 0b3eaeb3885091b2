"""The one text-table engine: every command's tables as plain text, no colours or styles, the same bytes wherever
they are written; and as rich Tables, for a terminal's bold rows.

Tables are Grids: laid out here as rich lays out a SIMPLE_HEAD table (one space of padding each side of a cell,
or none), in time linear in the cells, where every character takes one terminal cell; else by rich itself,
which measures wide East Asian, combining and control characters and wraps a title wider than its table. rich
takes milliseconds a row: a diff of 10,000 rows took twenty seconds, and `sofin allocate 2025`, the command run
most, starts without loading it. tests/test_render.py checks that the two layouts agree.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

# Wide enough that rich never wraps a cell; a table takes only the width it needs.
_CANVAS = 1000
RULE = "\u2500"
_NARROW = frozenset({"Na", "N", "H"})  # East Asian widths of characters one cell wide
# East Asian Ambiguous characters of sofin's own words that rich, like Western terminals, draws one cell wide:
# the projection mark; and the no-break space before % in Slovenian (not "printable" to Python; issue 23 item 5).
_ONE_CELL = frozenset("\u2020\u00a0")


@dataclass(frozen=True)
class Grid:
    """A table of text cells: its headers, which columns are right-justified, its rows."""

    headers: Sequence[
        str | tuple[str, ...]
    ]  # a header of several lines as their tuple, set at the bottom as rich sets it
    right: Sequence[bool]
    rows: Sequence[Sequence[str]]
    sections: frozenset[int] = field(default_factory=frozenset)  # rows with a section break before them
    title: str | None = None
    padding: int = 1  # spaces each side of a cell: the section-4 table has none, its gaps are in its cells
    bold: frozenset[int] = field(default_factory=frozenset)  # rows printed bold on a terminal
    # The section-4 table's plain text as sofin has always written it (render/section4.py), in the two cases where
    # rich lays it out otherwise, which only a table read back by `sofin show` reaches: a right-justified cell
    # keeps its trailing spaces (a payer's name that ends in one), and a section breaks before the first row too
    # (a table of its grand total alone).
    as_section4: bool = False

    @functools.cached_property
    def widths(self) -> list[int]:
        """Each column's width, its widest header line or cell: measured once, though both laying out and asking
        whether it can be laid out plainly need it (a national table has 230,000 cells)."""
        return [
            max(len(cell) for cell in (*_lines(header), *(row[j] for row in self.rows)))
            for j, header in enumerate(self.headers)
        ]


def one_cell_each(words: Iterable[str]) -> bool:
    """Whether every character of the words takes one terminal cell, as rich measures it (printable ASCII does:
    a national table's figures are checked at C's speed)."""
    return all((word.isascii() and word.isprintable()) or _one_cell_each_char(word) for word in words)


def _one_cell_each_char(word: str) -> bool:
    return all(
        char in _ONE_CELL
        or (char.isprintable() and not unicodedata.combining(char) and unicodedata.east_asian_width(char) in _NARROW)
        for char in word
    )


def plain_text(*items: str | Grid | Table) -> str:
    """Each item on its own lines (strings as they are, never wrapped), trailing spaces removed; a rich
    Table is printed by rich."""
    if all(isinstance(item, str) or (isinstance(item, Grid) and laid_out_plainly(item)) for item in items):
        lines = [
            line for item in items for line in (laid_out(item) if isinstance(item, Grid) else str(item).split("\n"))
        ]
        return "\n".join(line.rstrip() for line in lines) + "\n"
    return _rich_text(items)


def laid_out_plainly(grid: Grid, words: Iterable[str] | None = None) -> bool:
    """Whether laid_out gives the grid as rich lays it out: every character of its words (by default its headers and
    cells) one terminal cell, and its title no wider than the table (rich would wrap it)."""
    if words is None:
        words = [
            *(line for header in grid.headers for line in _lines(header)),
            *(cell for row in grid.rows for cell in row),
        ]
    return one_cell_each(words) and (
        grid.title is None or len(grid.title) <= _width(grid) and one_cell_each([grid.title])
    )


def _lines(header: str | tuple[str, ...]) -> tuple[str, ...]:
    return (header,) if isinstance(header, str) else header


def _width(grid: Grid) -> int:
    """The table's width: its cells with their padding, the spaces between them and its two edges."""
    widths = grid.widths
    return sum(width + 2 * grid.padding for width in widths) + len(widths) - 1 + 2


def laid_out(grid: Grid) -> list[str]:
    """The grid's lines as rich lays them out (where laid_out_plainly), trailing spaces removed: the title, a blank
    line, the headers, the rule, the rows, a blank line."""
    widths = grid.widths
    pad = " " * grid.padding
    strip = not grid.as_section4  # rich drops a right-justified cell's trailing spaces

    def line(cells: Sequence[str]) -> str:
        padded = (
            (cell.rstrip() if strip else cell).rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, grid.right)
        )
        return (" " + pad + f"{pad} {pad}".join(padded)).rstrip()

    width = _width(grid)
    name = (grid.title or "").rstrip()  # as rich centres it; an empty title has no line
    title = [" " * ((width - len(name)) // 2) + name] if grid.title else []
    height = max(len(_lines(header)) for header in grid.headers)
    headers = [("",) * (height - len(_lines(header))) + _lines(header) for header in grid.headers]  # at the bottom
    out = [*title, "", *(line([header[index] for header in headers]) for index in range(height))]
    out.append(" " + RULE * (width - 2))
    for index, row in enumerate(grid.rows):
        if index in grid.sections and (index or grid.as_section4):  # rich breaks a section after a row, never first
            out.append("")
        out.append(line(row))
    return [*out, ""]


def _rich_text(items: Sequence[str | Grid | Table]) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=_CANVAS, color_system=None, force_terminal=False, highlight=False)
    for item in items:
        if isinstance(item, str):
            console.print(item, soft_wrap=True, markup=False)
        else:
            console.print(rich_table(item) if isinstance(item, Grid) else item)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def rich_table(grid: Grid) -> Table:
    """The Grid as a rich Table; cells are text, never rich markup (a label's brackets are its own)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    title = None if grid.title is None else Text(grid.title)
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, grid.padding), pad_edge=grid.padding > 0)
    for header, right in zip(grid.headers, grid.right):
        table.add_column(Text("\n".join(_lines(header))), justify="right" if right else "left")
    for index, row in enumerate(grid.rows):
        if index in grid.sections:
            table.add_section()
        table.add_row(*(Text(cell) for cell in row), style="bold" if index in grid.bold else None)
    return table


def cell_width(text: str) -> int:
    """A text's width in terminal cells: its length when it is ASCII, as every figure is (a diff of a large
    table has millions), else as rich measures it, once a text."""
    return len(text) if text.isascii() else _measured(text)


@functools.lru_cache(maxsize=4096)
def _measured(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def wrapped(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """The text in lines within `width` terminal cells (after `first`, then `rest`), broken at spaces only:
    a word longer than a line stands whole. No lines for no text."""
    if not text:
        return []
    if cell_width(first + text) <= width:
        return [first + text]
    lines: list[str] = []
    current, prefix = "", first
    for word in text.split(" "):
        if current and cell_width(prefix + current + " " + word) > width:
            lines.append(prefix + current)
            current, prefix = word, rest
        else:
            current = f"{current} {word}" if current else word
    return [*lines, prefix + current]
