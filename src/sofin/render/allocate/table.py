"""allocate's table as text: plain for files and pipes (render/section4.py lays it out), with rich's bold rows
on a terminal, and within a terminal narrower than the table (render/allocate/narrow.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.allocate.layout import section4_layout
from sofin.render.section4 import Layout, above, below, layout_grid, layout_text, table_width
from sofin.render.text import rich_table
from sofin.results.allocate import Allocation
from sofin.words import Language

if TYPE_CHECKING:
    from rich.console import Console


def render_table(allocation: Allocation, lang: Language) -> str:
    """Plain text, no colours or styles: the same bytes wherever it is written."""
    return layout_text(section4_layout(allocation, lang))


def print_table(console: Console, allocation: Allocation, lang: Language) -> None:
    layout = section4_layout(allocation, lang)
    if table_width(layout) > console.width:  # issue 23, item 5: nothing cut on a narrow terminal
        _print_narrow(console, layout)
        return
    for line in above(layout):
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    table, footnotes = rich_table(layout_grid(layout)), below(layout)
    console.print(table)
    for footnote in footnotes:
        console.print(footnote, soft_wrap=True, highlight=False, markup=False)


def _print_narrow(console: Console, layout: Layout) -> None:
    """The table within the terminal's width (render/allocate/narrow.py), the lines above and below it wrapped at
    words."""
    from rich.text import Text

    from sofin.render.allocate.narrow import narrow_legend, narrow_lines
    from sofin.render.text import wrapped

    # Broken at spaces only (issue 23 item 5): rich breaks at any whitespace, the no-break space too, and
    # left "16,32" at a line's end and "%" at the next's.
    for line in above(layout):
        for part in wrapped(line, console.width) or [""]:
            console.print(part, soft_wrap=True, highlight=False, markup=False)
    for text, bold in [*narrow_lines(layout, console.width), ("", False)]:
        console.print(Text(text, style="bold" if bold else ""), soft_wrap=True)
    for footnote in below(narrow_legend(layout, console.width)):  # issue 24 review: no column, none named
        indent = " " * (len(footnote) - len(footnote.lstrip(" ")))  # a legend's key: its lines indented
        for part in wrapped(footnote.lstrip(" "), console.width, indent, indent * 2) or [""]:
            console.print(part, soft_wrap=True, highlight=False, markup=False)
