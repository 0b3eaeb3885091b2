"""The section-4 table on a terminal narrower than it (issue 23, item 5): nothing cut, every line within the width.

rich fits a wide table into a narrow terminal by shrinking its columns: at 80 columns the payers' names
were cut ("HRPELJE-KO…") and the labels broke over three lines each. Here the municipalities' names
stand over their figures a word a line where needed (a word is never broken), and when the labels
do not fit beside the figures, each label stands on a line of its own above its figures; when even
the figures do not fit side by side, they come in bands of municipalities, one under another.
Files and pipes keep the table as it is (render/allocate/table.py); this layout is for a terminal only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sofin.render.section4 import Layout
from sofin.render.text import cell_width, wrapped

_LEVEL_INDENT = "  "  # a cost line under its society, as in the wide table


@dataclass(frozen=True)
class _Column:
    header: list[str]  # the name's words over lines of the column's width
    key: str
    figures: list[str]  # line by line, without footnote marks
    marks: list[str]
    figure_width: int
    mark_width: int

    @property
    def width(self) -> int:
        return self.figure_width + (1 + self.mark_width if self.mark_width else 0)

    def cell(self, index: int) -> str:
        figure = self.figures[index].rjust(self.figure_width)
        return f"{figure} {self.marks[index].ljust(self.mark_width)}" if self.mark_width else figure


def narrow_lines(layout: Layout, width: int) -> list[tuple[str, bool]]:
    """The table's lines within `width`, each with whether it is bold (a society's or the grand total's)."""
    columns = [_column(layout, index) for index in range(len(layout.headers))]
    labels = _labels(layout)
    label_width = max(map(cell_width, labels))
    gap = _gap_beside(layout, columns, label_width, width)
    if gap is not None:
        beside = label_width + _keys_width(layout, gap)
        return _title(layout, 1 + beside + sum(gap + c.width for c in columns), width) + _beside(
            layout, columns, labels, label_width, gap
        )
    gap = 3 if 1 + sum(c.width for c in columns) + 3 * (len(columns) - 1) <= width else 2
    bands = _bands(columns, width - 1, gap)
    widest = max(1 + sum(c.width for c in band) + gap * (len(band) - 1) for band in bands)
    out = _title(layout, widest, width)
    for number, band in enumerate(bands):
        out += [("", False)] * bool(number) + _stacked(layout, band, labels, gap, width)
    return out


def narrow_legend(layout: Layout, width: int) -> Layout:
    """The layout whose legend the narrow table is shown with: where the labels stand on lines of their own,
    there is no column of keys (each line's key follows its label), and the legend's heading names none."""
    if not layout.legend or _gap_beside(layout, *_columns_and_label_width(layout), width) is not None:
        return layout
    return replace(layout, legend=(layout.legend_after_labels, *layout.legend[1:]))


def _columns_and_label_width(layout: Layout) -> tuple[list[_Column], int]:
    return [_column(layout, index) for index in range(len(layout.headers))], max(map(cell_width, _labels(layout)))


def _labels(layout: Layout) -> list[str]:
    return [_LEVEL_INDENT + line.label if line.level == 2 else line.label for line in layout.lines]


def _gap_beside(layout: Layout, columns: list[_Column], label_width: int, width: int) -> int | None:
    """The gap between columns with the labels beside their figures, when they fit in `width`; else None."""
    for gap in (3, 2):
        beside = label_width + _keys_width(layout, gap)
        if 1 + beside + sum(gap + column.width for column in columns) <= width:
            return gap
    return None


def _column(layout: Layout, index: int) -> _Column:
    cells = [line.cells[index] for line in layout.lines]
    figures = [cell.rstrip("*") for cell in cells]
    marks = [cell[len(figure) :] for cell, figure in zip(cells, figures)]
    words = layout.headers[index].split()
    key = layout.key[index]
    figure_width = max(*map(cell_width, figures), cell_width(key), *map(cell_width, words or [""]))
    return _Column(
        wrapped(" ".join(words), figure_width) or [""], key, figures, marks, figure_width, max(map(cell_width, marks))
    )


def _title(layout: Layout, table: int, width: int) -> list[tuple[str, bool]]:
    """The title centred over the table, in lines within `width`; then a blank line."""
    lines = wrapped(layout.title, width - 1) or [""]
    return [(" " * max((min(table, width) - cell_width(line)) // 2, 0) + line, False) for line in lines] + [("", False)]


def _head(columns: list[_Column], before: str, gap: str, last: str = "") -> list[tuple[str, bool]]:
    """The names over their figures (bottom-aligned, right-justified), the key under them, then the rule;
    `last` at the start of the header's last line (the key column's header), `before` blank on the others."""
    height = max(len(column.header) for column in columns)
    rows = []
    for line in range(height):
        cells = [_header_cell(column, line - (height - len(column.header))) for column in columns]
        rows.append(gap.join(cells))
    if any(column.key for column in columns):
        rows.append(gap.join(column.key.rjust(column.figure_width).ljust(column.width) for column in columns))
    rows = [(f" {before}" + row).rstrip() for row in rows[:-1]] + [(f" {last.ljust(len(before))}" + rows[-1]).rstrip()]
    width = len(before) + sum(column.width for column in columns) + len(gap) * (len(columns) - 1)
    return [(row, False) for row in rows] + [(" " + "\u2500" * width, False)]


def _header_cell(column: _Column, line: int) -> str:
    text = column.header[line] if line >= 0 else ""
    return text.rjust(column.figure_width).ljust(column.width)


def _beside(
    layout: Layout, columns: list[_Column], labels: list[str], label_width: int, gap: int
) -> list[tuple[str, bool]]:
    """Labels to the left of their figures, as the wide table, with the names over lines of their own."""
    space = " " * gap
    keys_width = _keys_width(layout, gap)
    last = " " * (label_width + gap) + (layout.key_column or "")  # issue 24 item 3: the key column's header
    out = _head(columns, " " * (label_width + keys_width) + space, space, last if keys_width else "")
    for index, line in enumerate(layout.lines):
        if line.level == 0:
            out.append(("", False))  # the section before the grand total
        cells = space.join(column.cell(index) for column in columns)
        key = (space + line.key).ljust(keys_width) if keys_width else ""
        out.append(((" " + labels[index].ljust(label_width) + key + space + cells).rstrip(), line.level < 2))
    return out


def _keys_width(layout: Layout, gap: int) -> int:
    """The width of the column of each line's key beside the labels, with the gap before it (issue 24 item 3);
    0 for a table of one key."""
    if layout.key_column is None:
        return 0
    return gap + max(map(cell_width, [layout.key_column, *(line.key for line in layout.lines)]))


def _stacked(layout: Layout, columns: list[_Column], labels: list[str], gap: int, width: int) -> list[tuple[str, bool]]:
    """Each label on lines of its own (wrapped at words), its figures on the next."""
    space = " " * gap
    out = _head(columns, "", space)
    for index, line in enumerate(layout.lines):
        if line.level == 0:
            out.append(("", False))
        bold = line.level < 2
        indent = _LEVEL_INDENT if line.level == 2 else ""
        label = labels[index][len(indent) :]
        if line.key:  # issue 24 item 3: no room for a column of keys, each line's key after its label
            label = f"{label} ({(layout.key_column or '').lower()} {line.key})"
        out += [(f" {indent}{text}", bold) for text in wrapped(label, width - 1 - len(indent)) or [""]]
        out.append(((" " + space.join(column.cell(index) for column in columns)).rstrip(), bold))
    return out


def _bands(columns: list[_Column], width: int, gap: int) -> list[list[_Column]]:
    """The columns in order, as many to a band as fit in `width` (at least one)."""
    bands: list[list[_Column]] = [[]]
    used = 0
    for column in columns:
        wanted = column.width + (gap if bands[-1] else 0)
        if bands[-1] and used + wanted > width:
            bands.append([])
            wanted, used = column.width, 0
        bands[-1].append(column)
        used += wanted
    return bands
