"""The section-4 table's layout, which allocate builds from an allocation (render/allocate/layout.py) and `sofin
show` from a table read back (render/show.py): which cells, in which order, which text; and its plain text.

Section 4 of the strategy lists each society (bold) with its cost lines beneath, the grand total at the bottom,
a key row under the municipalities' names, and footnotes marked with asterisks on the figure of the
municipality that gives something in kind. A strategy with keys of its own (issue 24 item 3) has each line's
key by name beside its label and, under the table, a legend of every key's percents (legend_of_keys).

Its text is render/text.py's Grid without padding (layout_grid), laid out as rich lays it out, so that `sofin
allocate 2025`, the command run most, starts without loading rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sofin.render.numbers import local_percent, rate_text
from sofin.render.text import Grid, laid_out, laid_out_plainly, plain_text
from sofin.results.allocate import KeyInForce
from sofin.words import DEFAULT, Language, catalogue

_GAP = "   "


@dataclass(frozen=True)
class Line:
    label: str  # with the projection mark when its figures are projected
    cells: tuple[str, ...]  # the total, then one per payer
    level: int  # 0 grand total, 1 society, 2 cost line
    key: str = ""  # a cost line's key by name, when the strategy names keys of its own (issue 24); totals none


@dataclass(frozen=True)
class Layout:
    title: str
    headers: tuple[str, ...]  # the total, then one per payer
    key_label: str
    key: tuple[str, ...]  # under the headers: blank under the total, each payer's share
    lines: tuple[Line, ...]
    # With their markers: the in-kind ones, then what the figures rest on (basis_note), the projection's, the pay law's.
    footnotes: tuple[str, ...]
    banner: str | None = None  # above the title: the scenario the figures were computed with
    # Issue 24 item 3, for a strategy with keys of its own: the header of the column naming each line's key
    # (None: no such column), and the legend under the table (its heading, then a line a key: key_legend).
    key_column: str | None = None
    legend: tuple[str, ...] = ()
    # The legend's heading where no column of keys is shown, each line's key after its label
    # (render/allocate/narrow.py).
    legend_after_labels: str = ""


def marker(number: int) -> str:
    return "*" * number


def legend_of_keys(
    keys: Sequence[KeyInForce], names: Sequence[str], lang: Language = DEFAULT, column: str | None = None
) -> tuple[str, ...]:
    """key_legend's lines for keys in force, `default` first; also for a table read back (`sofin show`)."""
    if not keys:
        return ()
    words = catalogue(lang).keys
    entries = []
    for key in keys:
        if key.mix:
            parts = " + ".join(words.part.format(weight=rate_text(weight, lang), key=part) for part, weight in key.mix)
            name = words.mix.format(name=key.name, parts=parts)
        elif key is keys[0]:  # `default`, the payers' own shares: KeyInForce's first
            name = words.described.format(name=key.name, what=words.default)
        else:
            name = key.name
        percents = ", ".join(
            words.share.format(payer=payer, percent=local_percent(share, lang))
            for payer, share in zip(names, key.shares)
        )
        entries.append(words.entry.format(name=name, percents=percents))
    return (words.legend.format(column=column or words.column), *entries)


class _Column(NamedTuple):
    header: list[str]  # its lines, top to bottom
    cells: list[str]
    right: bool  # justified to the right


def layout_text(layout: Layout) -> str:
    """A section-4 layout as plain text: allocate's table, and a table read back (`sofin show`, issue 25 item 5)."""
    grid = layout_grid(layout)
    if not laid_out_plainly(grid, _words(layout)):
        return plain_text(*above(layout), grid, *below(layout))
    return "\n".join([*above(layout), *laid_out(grid), *below(layout)]) + "\n"


def layout_grid(layout: Layout) -> Grid:
    """The table as render/text.py's Grid. No cell padding: a footnote mark sits in a narrow column of its own
    right beside its figure, so the digits stay aligned; the gap between figures is written into the cells
    instead. The societies and the grand total are bold, a section break before the grand total."""
    columns = _columns(layout)
    return Grid(
        headers=[tuple(column.header) for column in columns],
        right=[column.right for column in columns],
        rows=list(zip(*(column.cells for column in columns))),
        sections=frozenset(index for index, line in enumerate(layout.lines) if line.level == 0),
        title=layout.title,
        padding=0,
        bold=frozenset(index for index, line in enumerate(layout.lines) if line.level < 2),
        as_section4=True,
    )


def table_width(layout: Layout) -> int:
    """How wide the table is: its columns, a space between each two, and its edges."""
    from rich.cells import cell_len

    columns = _columns(layout)
    return sum(max(map(cell_len, (*column.header, *column.cells))) for column in columns) + len(columns) + 1


def above(layout: Layout) -> tuple[str, ...]:
    """The lines above the table: a scenario's banner and a blank line, or none."""
    return () if layout.banner is None else (layout.banner, "")


def below(layout: Layout) -> tuple[str, ...]:
    """The lines under the table: the keys' legend (issue 24 item 3; a key a line, indented), a blank line,
    then the footnotes; only the footnotes for a table of one key."""
    if not layout.legend:
        return layout.footnotes
    heading, *keys = layout.legend
    return (heading, *(f"  {key}" for key in keys), *([""] if layout.footnotes else []), *layout.footnotes)


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


def _words(layout: Layout) -> list[str]:
    """The table's words, whose characters may take other than one terminal cell (its figures never do)."""
    keys = [layout.key_column or "", *(line.key for line in layout.lines)]
    return [layout.title, *layout.headers, *layout.key, *(line.label for line in layout.lines), *keys]
