"""Text outputs as plain text: no colours or styles, the same bytes wherever they are written.

Tables are Grids: laid out here as rich lays out a SIMPLE_HEAD table (one space of padding each
side of a cell), in time linear in the cells, where every character takes one terminal cell; else
by rich itself, which measures wide East Asian, combining and control characters and wraps a title
wider than its table. rich takes milliseconds a row: a diff of 10,000 rows took twenty seconds.
tests/test_render.py checks that the two layouts agree.
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

    headers: Sequence[str]
    right: Sequence[bool]
    rows: Sequence[Sequence[str]]
    sections: frozenset[int] = field(default_factory=frozenset)  # rows with a section break before them
    title: str | None = None


def one_cell_each(words: Iterable[str]) -> bool:
    """Whether every character of the words takes one terminal cell, as rich measures it."""
    return all(
        char in _ONE_CELL
        or (char.isprintable() and not unicodedata.combining(char) and unicodedata.east_asian_width(char) in _NARROW)
        for word in words
        for char in word
    )


def plain_text(*items: str | Grid | Table) -> str:
    """Each item on its own lines (strings as they are, never wrapped), trailing spaces removed; a rich
    Table is printed by rich (the section-4 table lays out its own plain form: render/table.py)."""
    if all(isinstance(item, str) or (isinstance(item, Grid) and _simple(item)) for item in items):
        lines = [
            line for item in items for line in (_laid_out(item) if isinstance(item, Grid) else str(item).split("\n"))
        ]
        return "\n".join(line.rstrip() for line in lines) + "\n"
    return _rich_text(items)


def _simple(grid: Grid) -> bool:
    cells = [*grid.headers, *(cell for row in grid.rows for cell in row)]
    return one_cell_each(cells) and (
        grid.title is None or len(grid.title) <= _width(grid) and one_cell_each([grid.title])
    )


def _widths(grid: Grid) -> list[int]:
    return [
        max(len(cell) for cell in (header, *(row[j] for row in grid.rows))) for j, header in enumerate(grid.headers)
    ]


def _width(grid: Grid) -> int:
    """The table's width: its cells with their padding, the spaces between them and its two edges."""
    widths = _widths(grid)
    return sum(width + 2 for width in widths) + len(widths) - 1 + 2


def _laid_out(grid: Grid) -> list[str]:
    widths = _widths(grid)

    def line(cells: Sequence[str]) -> str:
        # rich drops a right-justified cell's trailing spaces
        padded = (
            cell.rstrip().rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, grid.right)
        )
        return "  " + "   ".join(padded)

    width = _width(grid)
    name = (grid.title or "").rstrip()  # as rich centres it; an empty title has no line
    title = [" " * ((width - len(name)) // 2) + name] if grid.title else []
    out = [*title, "", line(grid.headers), " " + RULE * (width - 2)]
    for index, row in enumerate(grid.rows):
        if index in grid.sections and index:  # rich breaks a section after a row, so never before the first
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

    table = Table(title=None if grid.title is None else Text(grid.title), box=box.SIMPLE_HEAD)
    for header, right in zip(grid.headers, grid.right):
        table.add_column(Text(header), justify="right" if right else "left")
    for index, row in enumerate(grid.rows):
        if index in grid.sections:
            table.add_section()
        table.add_row(*(Text(cell) for cell in row))
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
