"""The section-4 table as terminal text (rich)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from sofin.allocate import Allocation
from sofin.render.language import Language
from sofin.render.layout import section4_layout
from sofin.render.text import plain_text

_GAP = "   "


def _split_mark(cell: str) -> tuple[str, str]:
    figure = cell.rstrip("*")
    return figure, cell[len(figure) :]


def allocation_table(allocation: Allocation, lang: Language) -> tuple[Table, tuple[str, ...]]:
    """The rich Table and the footnotes printed under it."""
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
    table, footnotes = allocation_table(allocation, lang)
    return plain_text(table, *footnotes)


def print_table(console: Console, allocation: Allocation, lang: Language) -> None:
    table, footnotes = allocation_table(allocation, lang)
    console.print(table)
    for footnote in footnotes:
        console.print(footnote, soft_wrap=True, highlight=False, markup=False)
