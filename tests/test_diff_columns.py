"""Issue 27 item 2: `sofin diff` compares and writes a row's figures a column at a time. Each fast path is pinned
here to the careful one it stands in for: compare's columns to a figure computed alone, the text's template lines
to the lines laid out and measured a cell at a time, and a column of amounts to each amount written alone."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.diff import compare
from sofin.render import DiffFormat
from sofin.render import diff as render_diff
from sofin.render.numbers import _as_on_grid
from sofin.results.diff import Side, SideRow
from sofin.words import Language

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


@settings(max_examples=300, deadline=None)
@given(two_sides(), st.sampled_from(list(Language)))
def test_the_texts_template_lines_are_the_lines_laid_out_cell_by_cell(pair, lang):
    diff = compare(*pair)
    fast = render_diff.render_diff(diff, DiffFormat.table, lang)
    with pytest.MonkeyPatch.context() as patch:  # no text counts as narrow: every cell measured, every line alone
        patch.setattr(render_diff, "_NARROW", frozenset())
        careful = render_diff.render_diff(diff, DiffFormat.table, lang)
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
    block = render_diff._FigureBlock(render_diff.figure_columns(diff, diff.rows[0], Language.sl))
    assert block.narrow


@pytest.mark.parametrize(("texts", "unit"), [(["98833", "-5", "0"], "1"), (["98833.00", "-0.05"], "0.01")])
def test_sofins_figures_take_the_column_path(texts, unit):
    """Figures as sofin writes them: written as they are, else a national diff quantizes each again."""
    assert _as_on_grid([Decimal(text) for text in texts], unit) is not None
