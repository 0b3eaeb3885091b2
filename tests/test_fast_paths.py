"""Issue 27 item 2's fast paths read and write a national table a row at a time; each is pinned here to the
figure-by-figure path it stands in for, which names every problem: the same data, the same texts, or it steps
aside (None, False) and lets that path decide."""

import json
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sofin.published import _as_sofin_wrote_it, plainly_on_grid
from sofin.render.diff import table as diff_table
from sofin.render.numbers import local_amount, local_amounts
from sofin.render.text import cell_width
from sofin.source import json_data
from sofin.table_parts import TableRow, _plain_figures
from sofin.units import on_grid
from sofin.words import Language
from tests.helpers import ROOT, UPRAVA, run

PUBLISHED_JSON = ROOT / "data" / "published" / "2025.json"

# Decimal texts around every bound the fast paths copy: signs, -0, 15 and 16 whole digits, 25 and 26 decimals,
# exponents, spaces and other characters a figure may not hold.
figure_texts = st.one_of(
    st.from_regex(r"-?[0-9]{1,17}(\.[0-9]{1,27})?", fullmatch=True),
    st.sampled_from(["-0", "0.00", "-0.00", "1E+3", "1e2", " 5", "5 6", "+5", ".5", "5.", "١٢", "NaN", ""]),
)
units = st.sampled_from([Decimal("1"), Decimal("0.01"), Decimal("1.000"), Decimal("0.05"), Decimal("1E+1")])


def _figures_slowly(texts: dict[str, str]) -> dict[str, Decimal] | str:
    """A row's figures as pydantic validates them one by one (the fast path turned off), or the error's kind."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sofin.table_parts._plain_figures", lambda value: None)
        return _row_figures(texts)


def _row_figures(texts: dict[str, str]) -> dict[str, Decimal] | str:
    try:
        return TableRow.model_validate({"path": ["a"], "total": "0", "allocation": texts}).allocation
    except ValueError as error:
        return type(error).__name__


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), figure_texts, min_size=1))
def test_a_row_of_plain_figures_is_what_validating_each_gives(texts):
    fast = _plain_figures(texts)
    if fast is not None:
        slow = _figures_slowly(texts)
        assert isinstance(slow, dict)
        assert {payer: value.as_tuple() for payer, value in fast.items()} == {  # -0 and trailing zeros as well
            payer: value.as_tuple() for payer, value in slow.items()
        }
    assert _row_figures(texts) == _figures_slowly(texts)


@settings(max_examples=400, deadline=None)
@given(st.lists(figure_texts, min_size=1, max_size=4), units)
def test_a_row_plainly_on_the_grid_is_on_it_figure_by_figure(texts, unit):
    row = TableRow.model_validate({"path": ["a"], "total": "0", "allocation": {"p": "0"}})
    try:
        figures = {f"p{index}": Decimal(text) for index, text in enumerate(texts)}
    except ArithmeticError:
        return
    row = row.model_copy(update={"total": figures["p0"], "allocation": figures})
    if plainly_on_grid(unit)(row):
        assert all(on_grid(value, unit) for value in [row.total, *figures.values()])


# Figures around the precision's bound (28 digits), with either unit's decimals or others, and -0.
long_figures = st.one_of(
    st.from_regex(r"-?[0-9]{1,32}(\.[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["-0", "-0.00", "1E+3", "1E+27", "5.0", "NaN", "Infinity"]),
)


@settings(max_examples=600, deadline=None)
@example(["9" * 28, "1" * 29], Decimal(1), Language.sl)  # quantizing the second fails, however it is written
@example(["9" * 26 + ".00", "9" * 27 + ".00"], Decimal("0.01"), Language.en)
@given(st.lists(figure_texts | long_figures, max_size=5), units, st.sampled_from(list(Language)))
def test_a_row_of_amounts_is_written_as_each_alone(texts, unit, lang):
    try:
        values = [Decimal(text) for text in texts]
    except ArithmeticError:
        return
    try:
        alone = [local_amount(value, unit, lang) for value in values]
    except Exception as error:  # off the grid: the row at once fails the same way
        with pytest.raises(type(error)):
            local_amounts(values, unit, lang)
        return
    assert local_amounts(values, unit, lang) == alone


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=6), min_size=1, max_size=4))
def test_a_column_measured_by_its_length_is_as_wide_as_rich_measures_it(texts):
    measured = diff_table._column_width(texts)
    assert measured == max(cell_width(text) for text in texts)


def _sofin_json(*args: str) -> bytes:
    result = run("allocate", "2025", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(
    "raw",
    [PUBLISHED_JSON.read_bytes(), pytest.param(None, id="keyed")],
    ids=["published", "keyed"],
)
def test_a_table_sofin_wrote_takes_the_fast_read_and_reads_the_same(raw):
    raw = _sofin_json("-s", str(UPRAVA)) if raw is None else raw
    fast = _as_sofin_wrote_it(raw)
    assert fast is not None  # else a national check silently loses issue 27's speed
    assert fast == json_data(raw.decode("utf-8"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.decimals(allow_nan=False, places=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(json_values | st.dictionaries(st.text(max_size=3), json_values, max_size=4))
def test_any_json_the_fast_read_takes_is_what_the_careful_read_builds(value):
    raw = (json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")  # as orjson indents
    fast = _as_sofin_wrote_it(raw)
    if fast is not None:
        assert type(fast) is dict
        assert fast == json_data(raw.decode("utf-8"))


@pytest.mark.parametrize("root", ["5", "null", "true", "1.5", '"x"', "[]"])
@pytest.mark.parametrize("command", [("check",), ("diff", "{path}")])
def test_a_json_file_that_holds_no_object_is_named_not_a_traceback(tmp_path, root, command):
    path = tmp_path / "t.json"
    path.write_text(root + "\n", encoding="utf-8")
    result = run(*[part.format(path=path) for part in command], str(path))
    assert result.exit_code == 2, result.output
    assert "t.json:1:1" in result.stderr
    assert "Traceback" not in result.output
