"""Issue 27 item 2: `sofin diff` compares and writes a row's figures a column at a time. Each fast path is pinned
here to the careful one it stands in for: compare's columns to a figure computed alone, the text's template lines
to the lines laid out and measured a cell at a time as before issue 27, and a column of amounts to each amount written alone."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.diff import compare
from sofin.render import DiffFormat
from sofin.render.diff import figures as diff_cells
from sofin.render.diff import render_diff
from sofin.render.diff import table as diff_table
from sofin.render.diff.figures import amount_text, signed_amount
from sofin.render.diff.table import WIDTH
from sofin.render.diff.wording import row_name
from sofin.render.numbers import _as_on_grid
from sofin.render.projection import marked_figure
from sofin.render.text import RULE, cell_width, wrapped
from sofin.results.diff import Side, SideRow
from sofin.words import Language, catalogue

PAYERS = ["a", "b", "c", "d"]
# Names as wide as long, with letters beyond ASCII, wider than long, and longer than the name column may be.
NAMES = ["Občina A", "B", "東京都", "Občina z imenom, ki je daljše od vsega, kar stolpec imen sme biti"]
PATHS = [("s",), ("s", "x"), ("s", "y"), ("t",), ("t", "z")]


@st.composite
def sides(draw: st.DrawFn, name: str, unit: Decimal) -> Side:
    payers = draw(st.lists(st.sampled_from(PAYERS), min_size=1, max_size=4, unique=True))
    figure = st.integers(-(10**9), 10**12).map(lambda units: Decimal(units) * unit)
    rows = tuple(
        SideRow(
            path,
            draw(st.sampled_from(["", "Plače", "Programi"])),
            draw(figure),
            {payer: draw(figure) for payer in payers},
            projected=draw(st.sampled_from([False, True, None])),
        )
        for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, unique=True))
    )
    names = {payer: draw(st.sampled_from(NAMES)) for payer in payers}
    return Side(name, None, unit, names, None, rows)


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[Side, Side]:
    units = draw(
        st.sampled_from([(Decimal(1), Decimal(1)), (Decimal("0.01"), Decimal("0.01")), (Decimal(1), Decimal("0.01"))])
    )
    before = draw(sides("2025", units[0]))
    after = draw(st.one_of(sides("2026", units[1]), st.just(before)))  # unchanged figures too
    return before, after


def _figure_alone(before: Decimal | None, after: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """A figure's change and percent as compare worked them out one payer at a time."""
    change = (after or Decimal(0)) - (before or Decimal(0))
    percent = (change * 100 / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if before else None
    return change, percent


@settings(max_examples=300, deadline=None)
@given(two_sides())
def test_a_rows_columns_hold_each_figure_as_compared_alone(pair):
    before, after = pair
    diff = compare(before, after)
    old = {row.path: row for row in before.rows}
    new = {row.path: row for row in after.rows}
    for row in diff.rows:
        was = old[row.path].figures if row.path in old else {}
        now = new[row.path].figures if row.path in new else {}
        assert [figure.payer for figure in row.figures] == list(diff.payers)
        for figure in row.figures:
            assert (figure.before, figure.after) == (was.get(figure.payer), now.get(figure.payer))
            change, percent = _figure_alone(figure.before, figure.after)
            assert figure.change == change
            assert str(figure.percent) == str(percent)  # -0.00 as well
        assert row.changed == (row.total_before != row.total_after or any(f.change for f in row.figures))


def _changes_cell_by_cell(diff, changed, lang):
    """The changed rows' lines as the text was laid out before issue 27: each figure's cells written alone from its
    FigureChange, each cell measured, a line at a time (render/diff/table.py's `_changes` and render/diff/figures.py's `change_cells` then)."""
    words, unit, mark = catalogue(lang).diff, diff.unit, catalogue(lang).projection.mark

    def cells(row):
        total = [
            words.row_total,
            marked_figure(amount_text(row.total_before, unit, lang), row.projected_before, lang),
            marked_figure(amount_text(row.total_after, unit, lang), row.projected_after, lang),
            signed_amount(row.total_change, unit, lang),
        ]
        figures = []
        for figure in (figure for figure in row.figures if figure.change):
            change = signed_amount(figure.change, unit, lang)
            if figure.percent is not None:
                change += f" ({diff_cells._percent_change(figure.percent, lang)})"
            before, after = (amount_text(value, unit, lang) for value in (figure.before, figure.after))
            figures.append([diff.payer_names.get(figure.payer, figure.payer), before, after, change])
        return [total, *figures]

    blocks = [(row_name(diff, row.path, lang), cells(row), diff_table._cause_lines(diff, row, lang)) for row in changed]
    header = [words.row, words.total_before, words.total_after, words.change]
    lines = [header, *(line for _, block, _ in blocks for line in block)]
    for column in (1, 2):  # digits under digits: a space where another line of the column has the mark
        if any(line[column].endswith(mark) for line in lines):
            for line in lines:
                line[column] += "" if line[column].endswith(mark) else " "
    widths = [max(cell_width(line[column]) for line in lines) for column in range(4)]
    gap, indent = diff_table._GAP, "    "
    figures_width = sum(widths[1:]) + 3 * len(gap)
    widths[0] = max(0, min(widths[0], WIDTH - len(indent) - figures_width))

    def laid_out(line, start=indent):
        name, *figures = line
        text = gap + gap.join(" " * (width - cell_width(cell)) + cell for cell, width in zip(figures, widths[1:]))
        room = len(indent) + widths[0] - len(start)
        if cell_width(name) > room:
            return [start + name, start + " " * room + text]
        return [start + name + " " * (room - cell_width(name)) + text]

    out = [*laid_out(header, "  "), " " + RULE * (len(indent) + widths[0] + figures_width - 1)]
    for index, (name, block, causes) in enumerate(blocks):
        out += ([""] if index else []) + wrapped(name, WIDTH, first="  ", rest="    ")
        out += [text for line in block for text in laid_out(line)] + causes
    return out


@settings(max_examples=300, deadline=None)
@given(two_sides(), st.sampled_from(list(Language)))
def test_the_texts_template_lines_are_the_lines_laid_out_cell_by_cell(pair, lang):
    diff = compare(*pair)
    fast = render_diff(diff, DiffFormat.table, lang)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diff_table, "_changes", _changes_cell_by_cell)
        careful = render_diff(diff, DiffFormat.table, lang)
    assert fast == careful


def test_a_national_row_takes_the_template():
    """A row of sofin's figures in Slovenian: the template's path, else a national diff silently loses its speed."""
    before = Side(
        "2025", None, Decimal(1), {"a": "Občina A"}, None, (SideRow(("s",), "", Decimal(5), {"a": Decimal(5)}),)
    )
    after = Side(
        "2026", None, Decimal(1), {"a": "Občina A"}, None, (SideRow(("s",), "", Decimal(7), {"a": Decimal(7)}),)
    )
    diff = compare(before, after)
    block = diff_table._FigureBlock(diff_cells.figure_columns(diff, diff.rows[0], Language.sl))
    assert block.narrow


@pytest.mark.parametrize(("texts", "unit"), [(["98833", "-5", "0"], "1"), (["98833.00", "-0.05"], "0.01")])
def test_sofins_figures_take_the_column_path(texts, unit):
    """Figures as sofin writes them: written as they are, else a national diff quantizes each again."""
    assert _as_on_grid([Decimal(text) for text in texts], unit) is not None
