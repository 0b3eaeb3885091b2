"""`sofin diff`'s terminal table: a block a changed row, its name and causes beside its figures, within WIDTH."""

from __future__ import annotations

from itertools import chain, repeat
from typing import TYPE_CHECKING

from sofin.render.diff.figures import FigureColumns, figure_columns, total_cells
from sofin.render.diff.wording import (
    banners,
    cause_texts,
    diff_title,
    key_lines,
    marks_footnote,
    not_reconciled_texts,
    row_name,
)
from sofin.render.text import RULE, cell_width, wrapped
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.results.diff import Diff, RowChange


WIDTH = 80  # a terminal's usual width: diff's text fits it, in files too (issue 23, item 5)


_GAP = "   "


def render_table(diff: Diff, lang: Language) -> str:
    """The changed rows one under another, each named with its society: its total's line, a line for each
    municipality whose figure changed, then its causes; every line within WIDTH, however many payers."""
    words = catalogue(lang).diff
    head = [
        *wrapped(diff_title(diff, lang), WIDTH),
        *(line for text in [*banners(diff, lang), *key_lines(diff, lang)] for line in wrapped(text, WIDTH)),
    ]
    head += not_reconciled(diff, lang)
    changed = diff.changed_rows
    if not changed:
        return _lines([*head, words.no_change])
    marks = any(row.projected_before or row.projected_after for row in changed)
    footnote = marks_footnote(diff, lang) if marks else None
    unchanged = words.unchanged.format(count=diff.unchanged_count)
    return _lines([*head, "", *_changes(diff, changed, lang), "", unchanged, *wrapped(footnote or "", WIDTH)])


def _lines(lines: list[str]) -> str:
    return "\n".join(map(str.rstrip, lines)) + "\n"


def not_reconciled(diff: Diff, lang: Language) -> list[str]:
    """For each side that does not add up, in words: that it does not, and where (row, municipality, the sums)."""
    lines = []
    for side_text, places in not_reconciled_texts(diff, lang):
        lines += wrapped(side_text, WIDTH)
        lines += [line for place in places for line in wrapped(place, WIDTH, first="  ", rest="    ")]
    return lines


def _changes(diff: Diff, changed: tuple[RowChange, ...], lang: Language) -> list[str]:
    """The header, the rule, then a block a changed row (separated by blank lines)."""
    words = catalogue(lang).diff
    header = [words.row, words.total_before, words.total_after, words.change]
    blocks = [
        (row_name(diff, row.path, lang), total_cells(diff, row, lang), _FigureBlock(figure_columns(diff, row, lang)))
        for row in changed
    ]
    totals = [header, *(total for _, total, _ in blocks)]
    figures = [block for _, _, block in blocks]
    _align_mark_columns(totals, figures, catalogue(lang).projection.mark)
    names = diff.payer_names
    moved = {payer for block in figures for payer in block.payers}
    widths = [_column_width([*(cells[0] for cells in totals), *(names.get(payer, payer) for payer in moved)])]
    for j in (1, 2, 3):
        widths.append(max([_column_width([cells[j] for cells in totals]), *(block.width(j) for block in figures)]))
    figures_width = sum(widths[1:]) + 3 * len(_GAP)
    indent = "    "  # a row's lines under its name
    widths[0] = max(0, min(widths[0], WIDTH - len(indent) - figures_width))  # a longer name: a line of its own

    def line(cells: list[str], start: str = indent) -> list[str]:
        name, *figures = cells
        figures_text = _GAP + _GAP.join(
            " " * (width - cell_width(cell)) + cell for cell, width in zip(figures, widths[1:])
        )
        return _with_figures(_name_lines(start, name, len(indent) + widths[0] - len(start)), figures_text)

    prefixes = _PayerPrefixes(names, indent, widths[0])
    out = [*line(header, "  "), " " + RULE * (len(indent) + widths[0] + figures_width - 1)]
    for index, (row, (name, total, block)) in enumerate(zip(changed, blocks)):
        out += ([""] if index else []) + wrapped(name, WIDTH, first="  ", rest="    ")
        out += line(total)
        if block.narrow:  # 220,000 lines at 233k: no cell measured, a line by a template
            out += map(block.template(widths).__mod__, zip(map(prefixes.__getitem__, block.payers), *block.cells))
        else:
            out += [text for cells in block.lines() for text in line([names.get(cells[0], cells[0]), *cells[1:]])]
        out += _cause_lines(diff, row, lang)
    return out


class _FigureBlock:
    """A changed row's figure lines as `figure_columns` writes them, the before and after columns each with what
    `_align_mark_columns` puts after every cell (a space, when the projection mark is beside them): the row's
    lines are laid out by one template, not a cell at a time."""

    def __init__(self, columns: FigureColumns) -> None:
        self.payers, *cells = columns
        self.cells = cells
        self.suffixes = ["", "", ""]  # what each cell of a column is followed by
        self.narrow = _NARROW.issuperset("".join(chain(*cells)))

    def width(self, column: int) -> int:
        """The column's width in terminal cells (0 with no line)."""
        texts = self.cells[column - 1]
        if not texts:
            return 0
        return (max(map(len, texts)) if self.narrow else _column_width(texts)) + len(self.suffixes[column - 1])

    def template(self, widths: list[int]) -> str:
        """A line's %-template: a payer's start (`_PayerPrefixes`), then each cell right-aligned in its column."""
        spans = (f"%{width - len(suffix)}s{suffix}" for width, suffix in zip(widths[1:], self.suffixes))
        return "%s" + "".join(f"{_GAP}{span}" for span in spans)

    def lines(self) -> list[list[str]]:
        """Each line's cells: the payer, then its figures, each followed as its column says."""
        cells = ([text + suffix for text in texts] for texts, suffix in zip(self.cells, self.suffixes))
        return [list(line) for line in zip(self.payers, *cells)]


def _name_lines(start: str, name: str, room: int) -> list[str]:
    """A line's start: its name padded to `room` cells, to which its figures are joined; a longer name on a line of
    its own, then the padding."""
    name_width = cell_width(name)
    if name_width > room:
        return [start + name, start + " " * room]
    return [start + name + " " * (room - name_width)]


def _with_figures(name_lines: list[str], figures_text: str) -> list[str]:
    """A line's name lines (`_name_lines`) with its figures after the last."""
    *names, last = name_lines
    return [*names, last + figures_text]


class _PayerPrefixes(dict[str, str]):
    """Each payer's figure lines' start, its name padded (`_name_lines`), worked out at its first line: a long
    name's line, its line break and the padding in one text, the name's line without the spaces `_lines` drops."""

    def __init__(self, names: dict[str, str], indent: str, room: int) -> None:
        super().__init__()
        self.names, self.indent, self.room = names, indent, room

    def __missing__(self, payer: str) -> str:
        *names, padding = _name_lines(self.indent, self.names.get(payer, payer), self.room)
        self[payer] = prefix = "".join(f"{text.rstrip()}\n" for text in names) + padding
        return prefix


def _align_mark_columns(lines: list[list[str]], blocks: list[_FigureBlock], mark: str) -> None:
    """Digits under digits: where a column's figures carry the projection mark (the header's and totals' `lines`,
    or a row's figure `blocks`), the others a space in its place."""
    for column in (1, 2):
        texts = [block.cells[column - 1] for block in blocks]
        if any(cells[column].endswith(mark) for cells in lines) or any(_ends_with(each, mark) for each in texts):
            for cells in lines:
                cells[column] += "" if cells[column].endswith(mark) else " "
            for block, each in zip(blocks, texts):
                if _ends_with(each, mark):  # a figure with the mark: each cell as it ends
                    each[:] = [text if text.endswith(mark) else f"{text} " for text in each]
                else:  # none: a space after every cell, which the template writes
                    block.suffixes[column - 1] = " "


def _ends_with(texts: list[str], mark: str) -> bool:
    """Whether a text ends with the mark (a loop in C: a national diff's columns have 220,000 figures)."""
    return any(map(str.endswith, texts, repeat(mark)))


# Characters one terminal cell wide each, as cell_width measures them (rich's single-cell ranges hold them): a
# text of only these is as wide as it is long. Figures are written in them, a percent's no-break space included;
# measuring each of a national diff's 660,000 figure cells otherwise took most of its time (issue 27 item 2).
_NARROW = frozenset(map(chr, range(0x20, 0x7F))) | {"\u00a0"}


def _column_width(texts: list[str]) -> int:
    """The widest text's width in terminal cells (each text once: a column of names repeats them)."""
    if _NARROW.issuperset("".join(texts)):
        return max(map(len, texts))
    return max(len(text) if _NARROW.issuperset(text) else cell_width(text) for text in set(texts))


def _cause_lines(diff: Diff, row: RowChange, lang: Language) -> list[str]:
    """`Vzrok: ...`, each cause on a line of its own, wrapped within WIDTH."""
    texts = cause_texts(diff, row, lang)
    lines = []
    for index, text in enumerate(texts):
        text += ";" if index < len(texts) - 1 else ""
        first = f"    {catalogue(lang).diff.cause}: " if not index else "      "
        lines += wrapped(text, WIDTH, first=first, rest="      ")
    return lines
