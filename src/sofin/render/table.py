"""The section-4 table as text: plain for files and pipes, with rich's bold rows on a terminal.

The plain text is laid out here, as rich lays out the same table on a terminal (SIMPLE_HEAD box,
no padding), so that `sofin allocate 2025`, the command people run most, starts without loading
rich; tests/test_render.py checks that the two agree.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from sofin.allocate import Allocation
from sofin.render.language import Language
from sofin.render.layout import Layout, section4_layout

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

_GAP = "   "


def _split_mark(cell: str) -> tuple[str, str]:
    figure = cell.rstrip("*")
    return figure, cell[len(figure) :]


def allocation_table(allocation: Allocation, lang: Language) -> tuple[Table, tuple[str, ...]]:
    """The rich Table and the footnotes printed under it."""
    from rich import box
    from rich.table import Table

    layout = section4_layout(allocation, lang)
    # No cell padding: a footnote mark sits in a narrow column of its own right beside its figure,
    # so the digits stay aligned; the gap between figures is written into the cells instead.
    table = Table(title=layout.title, box=box.SIMPLE_HEAD, padding=0, pad_edge=False)
    table.add_column("")
    columns = list(zip(*(line.cells for line in layout.lines)))
    marked = [any(_split_mark(cell)[1] for cell in column) for column in columns]
    for header, key, has_marks in zip(layout.headers, layout.key, marked):
        title = f"{_GAP}{header}\n{_GAP}{key}" if key else f"{_GAP}{header}"
        table.add_column(title, justify="right")
        if has_marks:
            table.add_column("", justify="left")
    for line in layout.lines:
        cells: list[str] = []
        for cell, has_marks in zip(line.cells, marked):
            figure, mark = _split_mark(cell)
            cells += [_GAP + figure, mark] if has_marks else [_GAP + figure]
        if line.level == 0:
            table.add_section()
        label = line.label if line.level < 2 else f"  {line.label}"
        table.add_row(label, *cells, style="bold" if line.level < 2 else None)
    return table, layout.footnotes


def render_table(allocation: Allocation, lang: Language) -> str:
    """Plain text, no colours or styles: the same bytes wherever it is written."""
    layout = section4_layout(allocation, lang)
    columns = _plain_columns(layout)
    widths = [max(map(_width, (*header, *cells))) for header, cells, _ in columns]
    inner = sum(widths) + len(widths) - 1
    header_lines = max(len(header) for header, _, _ in columns)
    headers = [[""] * (header_lines - len(header)) + header for header, _, _ in columns]  # at the bottom

    def line(cells: list[str], right: list[bool]) -> str:
        padded = (_justify(cell, width, at_right) for cell, width, at_right in zip(cells, widths, right))
        return (" " + " ".join(padded)).rstrip()

    right = [at_right for _, _, at_right in columns]
    text = [" " * max(0, (inner + 2 - _width(layout.title)) // 2) + layout.title, ""]
    text += [line([header[index] for header in headers], right) for index in range(header_lines)]
    text.append(" " + "\u2500" * inner)
    for index, row in enumerate(layout.lines):
        if row.level == 0:
            text.append("")  # the section before the grand total
        text.append(line([cells[index] for _, cells, _ in columns], right))
    return "\n".join([*text, "", *layout.footnotes]) + "\n"


def _plain_columns(layout: Layout) -> list[tuple[list[str], list[str], bool]]:
    """(header lines, cells, right-justified) of each column, as allocation_table makes them."""
    labels = [line.label if line.level < 2 else f"  {line.label}" for line in layout.lines]
    columns = [([""], labels, False)]
    for index, (header, key) in enumerate(zip(layout.headers, layout.key)):
        split = [_split_mark(line.cells[index]) for line in layout.lines]
        title = [f"{_GAP}{header}", f"{_GAP}{key}"] if key else [f"{_GAP}{header}"]
        columns.append((title, [_GAP + figure for figure, _ in split], True))
        if any(mark for _, mark in split):
            columns.append(([""], [mark for _, mark in split], False))
    return columns


def _justify(cell: str, width: int, at_right: bool) -> str:
    padding = " " * (width - _width(cell))
    return padding + cell if at_right else cell + padding


def _width(text: str) -> int:
    """Terminal cells: two for wide East Asian characters, none for combining marks."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def print_table(console: Console, allocation: Allocation, lang: Language) -> None:
    table, footnotes = allocation_table(allocation, lang)
    console.print(table)
    for footnote in footnotes:
        console.print(footnote, soft_wrap=True, highlight=False, markup=False)
