"""Issue 26 item 2: the plan workbook's native chart. A clustered column chart on the plan sheet whose every
series is a reference to the sheet's own cells (a municipality's name and yearly figures, the years'
header; a group of the rest, a row of SUMs), so that a figure edited in the sheet moves its bar; a projected
year's bars hatched; the chart over no cell that holds anything; the same bytes on every run."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl.utils.cell import range_boundaries

from .helpers import MINIMAL, run
from .helpers.benchmarks import benchmark_strategy
from .helpers.workbooks import load, saved_by_libreoffice, without_results

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# MINIMAL with 2026's rates adopted: 2025 declared, 2026 adopted, 2027-2029 projected.
ADOPTED_2026 = MINIMAL.replace(
    "  staff: {default: 2}\n  programme: {default: 2, 2027: 2.5}\n",
    '  staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}}\n'
    '  programme: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}, 2027: 2.5}\n',
)


def plan_book(tmp_path: Path, *args: str, name: str = "f.xlsx") -> bytes:
    path = tmp_path / name
    result = run("plan", "-f", "xlsx", "-o", str(path), *args)
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def plan_json(*args: str) -> dict[str, Any]:
    result = run("plan", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def reference(formula: str) -> tuple[str, tuple[int, int, int, int]]:
    """A chart's reference, 'Sheet'!$B$11:$F$11, as its sheet's name and (min_col, min_row, max_col, max_row)."""
    sheet, _, cells = formula.rpartition("!")
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    bounds = range_boundaries(cells.replace("$", ""))
    assert None not in bounds, formula
    return sheet, bounds  # type: ignore[return-value]


def cells(sheet: Any, formula: str) -> list[Any]:
    """The values of the cells a reference names, row by row; the reference must be to `sheet`."""
    name, (min_col, min_row, max_col, max_row) = reference(formula)
    assert name == sheet.title, formula
    return [
        sheet.cell(row, column).value for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1)
    ]


def the_chart(sheet: Any) -> Any:
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert chart.tagname == "barChart" and chart.type == "col" and chart.grouping == "clustered"
    return chart


def chart_xml(data: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert [name for name in book.namelist() if name.startswith("xl/charts/")] == ["xl/charts/chart1.xml"]
        return ElementTree.fromstring(book.read("xl/charts/chart1.xml"))


def texts(element: ElementTree.Element) -> list[str]:
    return [node.text or "" for node in element.iter(f"{A}t")]


def amount(value: object) -> Decimal:
    return Decimal(str(value))


def sum_of(sheet: Any, formula: str) -> Decimal:
    """What =SUM(B5,B7:B9) adds, read from the sheet's numbers (a text cell, as SUM does, counts nothing)."""
    match = re.fullmatch(r"=SUM\((.*)\)", formula)
    assert match, formula
    total = Decimal(0)
    for argument in match.group(1).split(","):
        min_col, min_row, max_col, max_row = range_boundaries(argument)
        for row in range(min_row, max_row + 1):  # type: ignore[arg-type]
            for column in range(min_col, max_col + 1):  # type: ignore[arg-type]
                value = sheet.cell(row, column).value
                total += amount(value) if isinstance(value, (int, float)) else 0
    return total


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return plan_book(tmp_path_factory.mktemp("plan"))


@pytest.fixture(scope="module")
def strategy30(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("thirty") / "s.yaml"
    path.write_text(benchmark_strategy(30, 3, 2), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def book30(strategy30: str, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return plan_book(tmp_path_factory.mktemp("plan30"), "-s", strategy30)


def edited(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_covers_nothing(sheet: Any) -> None:
    """The chart's anchor (two cells, 0-based, an offset into each) starts one empty column right of the table,
    at the first section's header row, and spans cells that all are empty."""
    anchor = the_chart(sheet).anchor
    first_row, first_column = anchor._from.row, anchor._from.col
    last_row = anchor.to.row - (anchor.to.rowOff == 0)  # a chart that ends on a cell's edge leaves the cell free
    last_column = anchor.to.col - (anchor.to.colOff == 0)
    assert first_column == sheet.max_column + 1  # 0-based: the table's last column, then an empty one
    assert sheet.cell(first_row + 1, 1).value in ("Društvo", "Society")  # beside the first table, from its header
    assert last_row - first_row >= 10 and last_column - first_column >= 3  # a chart one can read, not a sliver
    covered = [
        (row, column)
        for row in range(first_row, last_row + 1)
        for column in range(first_column, last_column + 1)
        if sheet.cell(row + 1, column + 1).value is not None
    ]
    assert covered == []


class TestTheShippedStrategy:
    def test_one_clustered_column_chart_a_series_a_municipality_from_the_sheets_cells(self, book):
        document = plan_json()
        sheet = load(book).active
        chart = the_chart(sheet)
        assert len(chart.series) == len(document["payers"]) == 4
        years = [str(year) for year in document["years"]]
        for series, payer in zip(chart.series, document["payers"]):
            assert series.val.numLit is None and series.val.numRef is not None  # a reference, not a copy
            assert cells(sheet, series.tx.strRef.f) == [payer["label"]]
            figures = cells(sheet, series.val.numRef.f)
            assert [amount(figure) for figure in figures] == [amount(payer["figures"][year]) for year in years]
            headers = cells(sheet, series.cat.strRef.f)
            assert [header.split()[0] for header in headers] == years  # "2026 †": the table's own header

    def test_the_values_are_the_years_and_not_the_period_total(self, book):
        sheet = load(book).active
        for series in the_chart(sheet).series:
            _, (min_col, _, max_col, _) = reference(series.val.numRef.f)
            assert (min_col, max_col) == (2, 6)  # B..F; G is the period total
            assert sheet.cell(reference(series.cat.strRef.f)[1][1], 7).value.startswith("Skupaj 2025–2029")

    def test_the_chart_stands_beside_the_tables_over_cells_that_hold_nothing(self, book):
        assert_covers_nothing(load(book).active)

    def test_the_projected_years_bars_are_hatched_and_the_axis_names_them(self, book):
        root = chart_xml(book)
        series = root.findall(f".//{C}ser")
        assert len(series) == 4
        for one in series:
            points = one.findall(f"{C}dPt")
            assert [int(point.find(f"{C}idx").get("val")) for point in points] == [1, 2, 3, 4]  # 2026-2029
            assert all(point.find(f".//{A}pattFill") is not None for point in points)
            assert one.find(f"{C}spPr/{A}solidFill") is not None  # 2025, as the series: solid
        axis = root.find(f".//{C}catAx/{C}title")
        assert axis is not None and texts(axis) == ["Leto (šrafirani stolpci: projekcija, 2026–2029)"]

    def test_titles_and_the_legend_at_the_bottom(self, book):
        root = chart_xml(book)
        assert texts(root.find(f"{C}chart/{C}title")) == ["Prispevki občin po letih 2025–2029"]
        assert texts(root.find(f".//{C}valAx/{C}title")) == ["Znesek v EUR"]
        assert root.find(f".//{C}legend/{C}legendPos").get("val") == "b"

    def test_two_runs_give_the_same_bytes(self, book, tmp_path):
        assert plan_book(tmp_path) == book

    def test_editing_a_figure_moves_its_bar(self, book, tmp_path):
        """Sežana's 2027 figure edited in the sheet: LibreOffice recalculates the book and the chart it saves
        draws the edited figure (its cache of the series' cells), and the period total follows."""
        workbook = load(book)
        sheet = workbook.active
        first = the_chart(sheet).series[0]
        _, (min_col, row, _, _) = reference(first.val.numRef.f)
        before = sheet.cell(row, min_col + 2).value
        sheet.cell(row, min_col + 2).value = before + 1000
        # A book openpyxl edited has no stored results (recalculated wants some to zero): LibreOffice computes each.
        saved = saved_by_libreoffice({"book": edited(workbook)}, tmp_path)["book"]
        again = load(saved, values=True)
        with zipfile.ZipFile(io.BytesIO(saved)) as files:
            charts = [name for name in files.namelist() if name.startswith("xl/charts/chart")]
            assert len(charts) == 1
            root = ElementTree.fromstring(files.read(charts[0]))
        first_series = root.findall(f".//{C}ser")[0]
        assert first_series.find(f"{C}val/{C}numRef/{C}f").text.endswith(f"$B${row}:$F${row}")
        drawn = [amount(v.text) for v in first_series.findall(f"{C}val/{C}numRef/{C}numCache/{C}pt/{C}v")]
        assert drawn[2] == before + 1000
        total = again.active.cell(row, 7).value
        assert amount(total) == amount(load(book, values=True).active.cell(row, 7).value) + 1000


class TestAnAdoptedYear:
    def test_only_the_projected_years_are_hatched(self, write, tmp_path):
        path = str(write(ADOPTED_2026))
        assert plan_json("-s", path)["projected"] == {
            "2025": False, "2026": False, "2027": True, "2028": True, "2029": True,
        }  # fmt: skip
        root = chart_xml(plan_book(tmp_path, "-s", path))
        for one in root.findall(f".//{C}ser"):
            assert [int(point.find(f"{C}idx").get("val")) for point in one.findall(f"{C}dPt")] == [2, 3, 4]
        axis = root.find(f".//{C}catAx/{C}title")
        assert texts(axis) == ["Leto (šrafirani stolpci: projekcija, 2027–2029)"]


class TestEnglish:
    def test_titles_in_english(self, tmp_path):
        root = chart_xml(plan_book(tmp_path, "--lang", "en"))
        assert texts(root.find(f"{C}chart/{C}title")) == ["Municipalities' contributions by year, 2025–2029"]
        assert texts(root.find(f".//{C}catAx/{C}title")) == ["Year (hatched bars: projected, 2026–2029)"]
        assert texts(root.find(f".//{C}valAx/{C}title")) == ["Amount in EUR"]


class TestThirtyPayers:
    def test_five_named_and_one_group_whose_cells_are_sums_of_the_others(self, strategy30, book30):
        document = plan_json("-s", strategy30)
        years = [str(year) for year in document["years"]]
        sheet, values = load(book30).active, load(book30, values=True).active
        chart = the_chart(sheet)
        assert len(chart.series) == 6
        by_label = {payer["label"]: payer for payer in document["payers"]}
        named = [cells(sheet, series.tx.strRef.f)[0] for series in chart.series[:5]]
        largest = sorted(document["payers"], key=lambda payer: -amount(payer["period_total"]))[:5]
        assert set(named) == {payer["label"] for payer in largest}
        for label, series in zip(named, chart.series):
            figures = [amount(figure) for figure in cells(sheet, series.val.numRef.f)]
            assert figures == [amount(by_label[label]["figures"][year]) for year in years]
        group = chart.series[5]
        assert cells(sheet, group.tx.strRef.f) == ["Druge občine (25)"]
        formulas = cells(sheet, group.val.numRef.f)
        cached = [amount(value) for value in cells(values, group.val.numRef.f)]
        others = [payer for payer in document["payers"] if payer["label"] not in named]
        assert len(others) == 25
        assert cached == [sum(amount(payer["figures"][year]) for payer in others) for year in years]
        assert [sum_of(sheet, formula) for formula in formulas] == cached  # each SUM adds exactly the others

    def test_the_group_row_is_labelled_and_under_the_tables(self, book30):
        sheet = load(book30).active
        group = the_chart(sheet).series[5]
        _, (_, row, _, _) = reference(group.val.numRef.f)
        assert sheet.cell(row - 1, 1).value == "Za grafikon: občine, ki jih ne imenuje posebej, skupaj"
        assert row > max(  # under every table (openpyxl's rows are 1-based)
            r for r in range(1, row) if isinstance(sheet.cell(r, 2).value, (int, float))
        )

    def test_the_chart_covers_no_cell_that_holds_anything(self, book30):
        assert_covers_nothing(load(book30).active)

    def test_a_spreadsheet_recalculates_the_groups_sums_to_sofins(self, book30, by_libreoffice30):
        sheet = load(book30).active
        group = the_chart(sheet).series[5]
        again = load(by_libreoffice30["recalculated"], values=True).active
        assert cells(again, group.val.numRef.f) == cells(load(book30, values=True).active, group.val.numRef.f)

    def test_editing_an_unnamed_municipalitys_figure_moves_the_groups_bar(self, book30, by_libreoffice30):
        row, min_col, _ = group_and_member(load(book30).active)
        before = load(book30, values=True).active.cell(row, min_col).value
        again = load(by_libreoffice30["edited"], values=True).active
        assert amount(again.cell(row, min_col).value) == amount(before) + 500


def group_and_member(sheet: Any) -> tuple[int, int, int]:
    """The group's row and first column, and the row of the first municipality its first SUM adds."""
    group = the_chart(sheet).series[5]
    _, (min_col, row, _, _) = reference(group.val.numRef.f)
    member = re.search(r"B(\d+)", sheet.cell(row, min_col).value)
    assert member is not None
    return row, min_col, int(member.group(1))


@pytest.fixture(scope="class")
def by_libreoffice30(book30: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The thirty payers' workbook as LibreOffice recalculates it, its stored results zeroed first; and as it
    saves it with an unnamed municipality's first figure 500 more (a book openpyxl edited has no stored
    results: LibreOffice computes each). Both in one run of LibreOffice."""
    workbook = load(book30)
    sheet = workbook.active
    _, min_col, edited_row = group_and_member(sheet)
    sheet.cell(edited_row, min_col).value += 500
    books = {"recalculated": without_results(book30), "edited": edited(workbook)}
    return saved_by_libreoffice(books, tmp_path_factory.mktemp("libreoffice30"))
