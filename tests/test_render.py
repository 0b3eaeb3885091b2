"""Rendering: number formats people read, every format handled, cents tables."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate
from sofin.render import Format
from sofin.render.allocate import render
from sofin.render.document import json_text
from sofin.render.numbers import local_amount, local_percent, plain_amount, plain_amounts, plain_exact
from sofin.units import OffGrid
from sofin.words import Language
from sofin.years import year_lines

from .helpers import MINIMAL, strategy_from_text
from .helpers.strategies import shares


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "unit", "expected"),
        [
            ("194630", "1", "194.630"),
            ("825", "1", "825"),
            ("11768.00", "0.01", "11.768,00"),
            ("0.05", "0.01", "0,05"),
            ("1234567.5", "0.01", "1.234.567,50"),
        ],
    )
    def test_slovenian_amounts(self, value, unit, expected):
        """Thousands with '.', decimals with ',', as in the strategy's table."""
        assert local_amount(Decimal(value), Decimal(unit)) == expected

    def test_slovenian_percent(self):
        assert local_percent(Decimal("50.78")) == "50,78\u00a0%"

    def test_a_figure_off_the_unit_grid_is_refused(self):
        """Rendering never rounds (Babel would round half-even): an unrounded figure is a bug."""
        with pytest.raises(OffGrid, match="2.5 is not a multiple of the unit 1"):
            local_amount(Decimal("2.5"), Decimal(1))
        with pytest.raises(OffGrid, match="0.005 is not a multiple of the unit 0.01"):
            plain_amounts([Decimal("1.00"), Decimal("0.005")], Decimal("0.01"))

    @pytest.mark.parametrize(
        ("value", "unit", "amount", "exact"),
        [("2563", "1", "2563", "2563"), ("100.5", "0.01", "100.50", "100.50"), ("2562.8666", "1", None, "2562.8666")],
    )
    def test_plain_decimals(self, value, unit, amount, exact):
        """Machine formats: '.' decimals, the unit's places; exact shares keep every digit."""
        if amount is not None:
            assert plain_amount(Decimal(value), Decimal(unit)) == amount
        assert plain_exact(Decimal(value), Decimal(unit)) == exact


class TestFormats:
    @pytest.mark.parametrize("output_format", list(Format))
    def test_every_format_renders_the_cents_table(self, output_format):
        """Each format in the closed set is handled, here for a table in cents."""
        strategy = strategy_from_text(MINIMAL.replace("unit: 1", "unit: 0.01").replace("333}", "333.33}"))
        output = render(allocate(strategy, year_lines(strategy, 2025)), output_format)
        if isinstance(output, bytes):
            output = _workbook_text(output)
        expected = {
            Format.table: "1.334,33",
            Format.markdown: "1.334,33",
            Format.html: "1.334,33",
            Format.csv: "1334.33",
            Format.json: '"1334.33"',
            Format.ledger: "333.33 EUR",
            Format.xlsx: "201.66 #,##0.00",  # 333,33 x 60,5 % on the programme line
        }[output_format]
        assert expected in output


def _workbook_text(data: bytes) -> str:
    """Every cell of the overview as 'value number-format', for a text search."""
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return "\n".join(f"{cell.value} {cell.number_format}" for row in sheet.iter_rows() for cell in row)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


class TestJsonText:
    @settings(max_examples=300, deadline=None)
    @given(JSON_VALUES)
    def test_the_standard_librarys_bytes(self, document):
        """Every JSON output is what json.dumps(indent=2, ensure_ascii=False) writes, control characters included."""
        assert json_text(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @settings(max_examples=300, deadline=None)
    @given(
        st.dictionaries(st.text(), JSON_VALUES, min_size=1, max_size=4), st.lists(JSON_VALUES, max_size=4), st.data()
    )
    def test_a_list_encoded_item_by_item_gives_the_same_bytes(self, document, items, data):
        """The rows of a national table are encoded one at a time: the text is the same as at once."""
        key = data.draw(st.sampled_from(sorted(document)))
        whole = {**document, key: items}
        assert (
            json_text({**whole, key: iter(items)}, stream=key) == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
        )


# As YAML writes them in double quotes: wide, combining, control characters, markup-like brackets. (A zero-width
# space is refused in a strategy: tests/test_hidden_characters.py.)
NAMES = st.sampled_from(
    ["Občina Ž", "東京都", "Cafe\\u0301", "A", "Hrpelje-Kozina", "Občina z zelo dolgim imenom", "[b]x[/b] [2025]",
     "tab\\there", "two\\nlines", "wide \\U0001F600 face"]
)  # fmt: skip


@st.composite
def tables(draw):
    """Allocations with names of every kind, in-kind marks, and cents or euros."""
    count = draw(st.integers(1, 5))
    payers = "\n".join(
        f'  - {{id: p{i}, name: "{draw(NAMES)}", share: {share}}}'
        for i, share in enumerate(draw(shares(min_payers=count, max_payers=count)) if count > 1 else [100])
    )
    societies = []
    for s in range(draw(st.integers(1, 3))):
        in_kind = (
            f"    in_kind: Prostor {s}.\n    in_kind_by: p{draw(st.integers(0, count - 1))}\n"
            if draw(st.booleans())
            else ""
        )
        lines = "\n".join(
            f'      - {{id: l{n}, label: "{draw(NAMES)}", kind: programme, amount: {draw(st.integers(0, 10**9))}}}'
            for n in range(draw(st.integers(1, 3)))
        )
        societies.append(f'  - id: s{s}\n    name: D {s}\n    short: "{draw(NAMES)}"\n{in_kind}    lines:\n{lines}')
    text = (
        f"strategy: T\nperiod: [2025, 2029]\nbase_year: 2025\ncurrency: EUR\nunit: {draw(st.sampled_from(['1', '0.01']))}\n"
        f"payers:\n{payers}\nindexation:\n  staff: {{default: 2}}\n  programme: {{default: 2}}\nsocieties:\n"
        + "\n".join(societies)
        + "\n"
    )
    strategy = strategy_from_text(text)
    return allocate(strategy, year_lines(strategy, 2025)), draw(st.sampled_from(list(Language)))


# Text that rich measures one cell a character, sofin's words among it; brackets are text, not markup.
_CELL_TEXT = st.text(alphabet="abcčšžABCŠŽ 0123456789.,+-()%[]»«†", max_size=14)


@st.composite
def grids(draw):
    from sofin.render.text import Grid

    columns = draw(st.integers(1, 6))
    rows = draw(st.lists(st.lists(_CELL_TEXT, min_size=columns, max_size=columns), max_size=6))
    return Grid(
        draw(st.lists(_CELL_TEXT, min_size=columns, max_size=columns)),
        draw(st.lists(st.booleans(), min_size=columns, max_size=columns)),
        rows,
        frozenset(draw(st.sets(st.integers(0, max(len(rows) - 1, 0))))),
        draw(st.none() | _CELL_TEXT),
    )


class TestPlainText:
    @settings(max_examples=300, deadline=None)
    @given(tables(), grids(), st.lists(_CELL_TEXT, max_size=2))
    def test_the_plain_layout_is_what_rich_prints(self, table, grid, lines):
        """Every command's text tables are laid out without rich, by one engine (render/text.py, linear in the
        cells): `sofin allocate`'s table, and the grids of diff, plan, payments and check. rich's own layout of
        the same table is the reference."""
        from sofin.render.allocate.table import render_table
        from sofin.render.text import _rich_text, plain_text

        from .helpers.section4 import allocation_table

        allocation, lang = table
        rich_table, footnotes = allocation_table(allocation, lang)
        assert render_table(allocation, lang) == plain_text(rich_table, *footnotes)
        assert plain_text(*lines, grid, *lines) == _rich_text([*lines, grid, *lines])
