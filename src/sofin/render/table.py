"""The section-4 table as text: plain for files and pipes, with rich's bold rows on a terminal.

The plain text is laid out here as rich lays out the same table (SIMPLE_HEAD box, no padding), so
that `sofin allocate 2025`, the command run most, starts without loading rich. Where the two could
differ, rich lays it out as before: text with characters of other than one terminal cell (wide East
Asian, combining, control or format characters) and a title wider than the table, which rich wraps.
tests/test_render.py checks that the two layouts agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sofin.render.layout import Layout, section4_layout
from sofin.render.text import RULE, one_cell_each
from sofin.results.allocate import Allocation
from sofin.words import Language

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

_GAP = "   "


class _Column(NamedTuple):
    header: list[str]  # its lines, top to bottom
    cells: list[str]
    right: bool  # justified to the right


def render_table(allocation: Allocation, lang: Language) -> str:
    """Plain text, no colours or styles: the same bytes wherever it is written."""
    return layout_text(section4_layout(allocation, lang))


def layout_text(layout: Layout) -> str:
    """A section-4 layout as plain text: allocate's table, and a table read back (`sofin show`, issue 25 item 5)."""
    columns = _columns(layout)
    widths = [max(map(len, (*column.header, *column.cells))) for column in columns]
    inner = sum(widths) + len(widths) - 1
    if not _one_cell_each(layout) or len(layout.title) > inner + 2:
        from sofin.render.text import plain_text

        return plain_text(*_above(layout), _rich_table(layout), *_below(layout))

    def line(cells: list[str]) -> str:
        padded = (
            cell.rjust(width) if column.right else cell.ljust(width)
            for cell, width, column in zip(cells, widths, columns)
        )
        return (" " + " ".join(padded)).rstrip()

    header_lines = max(len(column.header) for column in columns)
    headers = [[""] * (header_lines - len(column.header)) + column.header for column in columns]  # at the bottom
    text = [*_above(layout), " " * ((inner + 2 - len(layout.title)) // 2) + layout.title, ""]
    text += [line([header[index] for header in headers]) for index in range(header_lines)]
    text.append(" " + RULE * inner)
    for index, row in enumerate(layout.lines):
        if row.level == 0:
            text.append("")  # the section before the grand total
        text.append(line([column.cells[index] for column in columns]))
    return "\n".join([*text, "", *_below(layout)]) + "\n"


def print_table(console: Console, allocation: Allocation, lang: Language) -> None:
    layout = section4_layout(allocation, lang)
    if table_width(layout) > console.width:  # issue 23, item 5: nothing cut on a narrow terminal
        _print_narrow(console, layout)
        return
    for line in _above(layout):
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    table, footnotes = _rich_table(layout), _below(layout)
    console.print(table)
    for footnote in footnotes:
        console.print(footnote, soft_wrap=True, highlight=False, markup=False)


def table_width(layout: Layout) -> int:
    """How wide the table is: its columns, a space between each two, and its edges."""
    from rich.cells import cell_len

    columns = _columns(layout)
    return sum(max(map(cell_len, (*column.header, *column.cells))) for column in columns) + len(columns) + 1


def _print_narrow(console: Console, layout: Layout) -> None:
    """The table within the terminal's width (render/narrow.py), the lines above and below it wrapped at words."""
    from rich.text import Text

    from sofin.render.narrow import narrow_legend, narrow_lines
    from sofin.render.text import wrapped

    # Broken at spaces only (issue 23 item 5): rich breaks at any whitespace, the no-break space too, and
    # left "16,32" at a line's end and "%" at the next's.
    for line in _above(layout):
        for part in wrapped(line, console.width) or [""]:
            console.print(part, soft_wrap=True, highlight=False, markup=False)
    for text, bold in [*narrow_lines(layout, console.width), ("", False)]:
        console.print(Text(text, style="bold" if bold else ""), soft_wrap=True)
    for footnote in _below(narrow_legend(layout, console.width)):  # issue 24 review: no column, none named
        indent = " " * (len(footnote) - len(footnote.lstrip(" ")))  # a legend's key: its lines indented
        for part in wrapped(footnote.lstrip(" "), console.width, indent, indent * 2) or [""]:
            console.print(part, soft_wrap=True, highlight=False, markup=False)


def allocation_table(allocation: Allocation, lang: Language) -> tuple[Table, tuple[str, ...]]:
    """The rich Table and the lines printed under it (a scenario's banner is printed above it)."""
    layout = section4_layout(allocation, lang)
    return _rich_table(layout), _below(layout)


def _above(layout: Layout) -> tuple[str, ...]:
    """The lines above the table: a scenario's banner and a blank line, or none."""
    return () if layout.banner is None else (layout.banner, "")


def _below(layout: Layout) -> tuple[str, ...]:
    """The lines under the table: the keys' legend (issue 24 item 3; a key a line, indented), a blank line,
    then the footnotes; only the footnotes for a table of one key."""
    if not layout.legend:
        return layout.footnotes
    heading, *keys = layout.legend
    return (heading, *(f"  {key}" for key in keys), *([""] if layout.footnotes else []), *layout.footnotes)


def _rich_table(layout: Layout) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # No cell padding: a footnote mark sits in a narrow column of its own right beside its figure,
    # so the digits stay aligned; the gap between figures is written into the cells instead.
    # Text, not markup: a label's brackets are part of the label.
    table = Table(title=Text(layout.title), box=box.SIMPLE_HEAD, padding=0, pad_edge=False)
    columns = _columns(layout)
    for column in columns:
        table.add_column(Text("\n".join(column.header)), justify="right" if column.right else "left")
    for index, line in enumerate(layout.lines):
        if line.level == 0:
            table.add_section()
        cells = [Text(column.cells[index]) for column in columns]
        table.add_row(*cells, style="bold" if line.level < 2 else None)
    return table


def _columns(layout: Layout) -> list[_Column]:
    """The labels, then each figure column, with a narrow column for footnote marks where it has any."""
    columns = [_Column([""], [line.label if line.level < 2 else f"  {line.label}" for line in layout.lines], False)]
    if layout.key_column is not None:  # issue 24 item 3: each line's key by name, beside its label
        keys = [f"{_GAP}{line.key}" if line.key else "" for line in layout.lines]
        columns.append(_Column([f"{_GAP}{layout.key_column}"], keys, False))
    for index, (header, key) in enumerate(zip(layout.headers, layout.key)):
        split = [_split_mark(line.cells[index]) for line in layout.lines]
        title = [f"{_GAP}{header}", f"{_GAP}{key}"] if key else [f"{_GAP}{header}"]
        columns.append(_Column(title, [_GAP + figure for figure, _ in split], True))
        if any(mark for _, mark in split):
            columns.append(_Column([""], [mark for _, mark in split], False))
    return columns


def _split_mark(cell: str) -> tuple[str, str]:
    figure = cell.rstrip("*")
    return figure, cell[len(figure) :]


def _one_cell_each(layout: Layout) -> bool:
    """Whether every character of the words in the table takes one terminal cell (numbers always do)."""
    keys = [layout.key_column or "", *(line.key for line in layout.lines)]
    return one_cell_each([layout.title, *layout.headers, *layout.key, *(line.label for line in layout.lines), *keys])
