"""Workbooks of `plan`, `payments` and `check`: sofin's figures, live SUMs that a spreadsheet recalculates
to the same figures, A4 landscape pages, the same bytes every run."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import check_table, payments_for, plan_period
from sofin.results.payments import Schedule
from sofin.words import Language, catalogue

from .helpers import ROOT
from .helpers.workbooks import load, recalculated_books

runner = CliRunner()
SECTION4 = ROOT / "data" / "published" / "strategija_2025_section4.csv"
SL = catalogue(Language("sl"))
COMMANDS = {
    "plan": ["plan"],
    "payments": ["payments", "2025", "--payer", "komen"],
    "check": ["check", str(SECTION4)],
}


def write(tmp_path: Path, command: str, *args: str) -> bytes:
    """The workbook `sofin <command> --format xlsx` writes to a file (check exits 1: the table has findings)."""
    target = tmp_path / f"{command}.xlsx"
    result = runner.invoke(app, [*COMMANDS[command], *args, "--format", "xlsx", "--output", str(target)])
    assert result.exit_code == (1 if command == "check" else 0), result.output
    return target.read_bytes()


def figures(sheet, row: int, first: int, last: int) -> list[Decimal]:
    """The numbers of a sheet row (1-based) from column `first` to `last`, as Decimals."""
    return [Decimal(str(sheet.cell(row, column).value)) for column in range(first, last + 1)]


def is_sum(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=SUM(")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("workbooks")
    return {command: write(folder, command) for command in COMMANDS}


@pytest.fixture(scope="module")
def plan():
    return plan_period(None)


@pytest.fixture(scope="module")
def payments():
    return payments_for(None, 2025, "komen", Schedule.monthly)


@pytest.fixture(scope="module")
def report():
    return check_table(SECTION4, None, None)


# Where the figures stand (1-based sheet rows): the title, a blank row, then each table.
PLAN_SOCIETIES, PLAN_MUNICIPALITIES, PLAN_ROUNDING = 4, 11, 19  # the first row of each section
PAYMENTS_FIRST = 4
CHECK_FIRST = 5  # the title, the summary, a blank row, the header


def assert_plan(sheet, plan) -> None:
    """Every figure of the plan's sheet is sofin's (the period totals and grand totals included)."""
    years = len(plan.years)
    for first, rows in ((PLAN_SOCIETIES, plan.societies), (PLAN_MUNICIPALITIES, plan.municipalities)):
        for offset, row in enumerate((*rows, plan.grand_total)):
            assert figures(sheet, first + offset, 2, years + 2) == [*row.figures, row.period_total], (first, offset)
    for offset, balance in enumerate(plan.rounding):
        assert figures(sheet, PLAN_ROUNDING + offset, 2, years + 1) == list(balance.cumulative), balance.payer.id


def assert_payments(sheet, payments) -> None:
    columns = 2 + len(payments.totals)
    for offset, contract in enumerate(payments.contracts):
        assert sheet.cell(PAYMENTS_FIRST + offset, 1).value == contract.label
        assert figures(sheet, PAYMENTS_FIRST + offset, 2, columns) == [contract.annual, *contract.instalments]
    total = PAYMENTS_FIRST + len(payments.contracts)
    assert figures(sheet, total, 2, columns) == [payments.annual, *payments.totals]


def assert_corrected(sheet, report) -> None:
    for offset, row in enumerate(report.table.rows):
        corrected = report.corrected.rows[row.path]
        columns = 2 + len(report.table.payer_ids)
        assert figures(sheet, CHECK_FIRST + offset, 2, columns) == [corrected.total, *corrected.figures], row.path


class TestPlan:
    def test_cached_values_are_sofins_figures(self, books, plan):
        book = load(books["plan"], values=True)
        assert book.sheetnames == ["Načrt 2025–2029"]
        assert_plan(book.active, plan)

    def test_period_totals_and_grand_totals_are_sums(self, books, plan):
        """Each row's period total sums its years; each grand-total figure sums the section's rows."""
        sheet = load(books["plan"]).active
        years = len(plan.years)
        for first, rows in ((PLAN_SOCIETIES, plan.societies), (PLAN_MUNICIPALITIES, plan.municipalities)):
            for offset in range(len(rows)):
                r = first + offset
                assert all(isinstance(sheet.cell(r, column).value, int) for column in range(2, years + 2))
                assert sheet.cell(r, years + 2).value == f"=SUM(B{r}:F{r})"
            total = first + len(rows)
            assert sheet.cell(total, 1).value == SL.all_municipalities
            assert sheet.cell(total, 2).value == f"=SUM(B{first}:B{total - 1})"
            assert all(is_sum(sheet.cell(total, column).value) for column in range(2, years + 3))

    def test_the_rounding_differences_keep_every_digit(self, books):
        sheet = load(books["plan"]).active
        assert sheet.cell(PLAN_ROUNDING, 2).value == pytest.approx(-0.114)
        assert sheet.cell(PLAN_ROUNDING, 2).number_format == "#,##0.0000"


class TestPayments:
    def test_cached_values_are_sofins_figures(self, books, payments):
        book = load(books["payments"], values=True)
        assert book.sheetnames == ["Občina Komen"]
        assert_payments(book.active, payments)

    def test_annual_amounts_sum_the_instalments_and_the_total_row_each_column(self, books, payments):
        sheet = load(books["payments"]).active
        assert [sheet.cell(3, column).value for column in (1, 2, 3, 14)] == ["Društvo", "Letno", "januar", "december"]
        for offset in range(len(payments.contracts)):
            r = PAYMENTS_FIRST + offset
            assert sheet.cell(r, 2).value == f"=SUM(C{r}:N{r})"
            assert all(isinstance(sheet.cell(r, column).value, int) for column in range(3, 15))
        total = PAYMENTS_FIRST + len(payments.contracts)
        assert sheet.cell(total, 2).value == f"=SUM(B{PAYMENTS_FIRST}:B{total - 1})"
        assert sheet.cell(total, 14).value == f"=SUM(N{PAYMENTS_FIRST}:N{total - 1})"

    @pytest.mark.parametrize(("schedule", "columns"), [("annual", 2), ("quarterly", 6)])
    def test_other_schedules(self, tmp_path, schedule, columns):
        """The annual schedule shows its amount once, a number; the quarterly one four instalments."""
        sheet = load(write(tmp_path, "payments", "--schedule", schedule, "--lang", "en")).active
        expected = payments_for(None, 2025, "komen", Schedule(schedule))
        assert sheet.max_column == columns
        assert sheet.cell(3, columns).value == ("Annual" if schedule == "annual" else "Q4")
        first = sheet.cell(PAYMENTS_FIRST, 2).value
        assert (first == expected.contracts[0].annual) if schedule == "annual" else is_sum(first)
        values = load(write(tmp_path, "payments", "--schedule", schedule), values=True).active
        total = PAYMENTS_FIRST + len(expected.contracts)
        assert Decimal(str(values.cell(total, 2).value)) == expected.annual


class TestCheck:
    def test_sheets_corrected_table_then_findings(self, books):
        assert load(books["check"]).sheetnames == ["Popravljeni zneski", "Neskladja"]

    def test_corrected_table_cached_values_are_sofins_figures(self, books, report):
        assert_corrected(load(books["check"], values=True)["Popravljeni zneski"], report)

    def test_corrected_totals_are_sums_and_changed_figures_are_marked(self, books, report):
        """Row totals sum the municipalities, parents their rows; a changed figure carries the published one."""
        sheet = load(books["check"])["Popravljeni zneski"]
        payers = report.table.payer_ids
        for offset, row in enumerate(report.table.rows):
            r = CHECK_FIRST + offset
            assert sheet.cell(r, 2).value == f"=SUM(C{r}:F{r})"
            parent = bool(report.table.children(row.path))
            for column, payer in enumerate(payers, start=3):
                cell = sheet.cell(r, column)
                assert is_sum(cell.value) if parent else isinstance(cell.value, int)
                published, fixed = row.allocation[payer], report.corrected.rows[row.path].figures[column - 3]
                if published == fixed:
                    assert cell.comment is None
                else:
                    assert cell.comment.text == f"Objavljeno: {published:,}".replace(",", ".")
                    assert cell.fill.fgColor.rgb.endswith("FFEB9C")
        assert sheet.cell(13, 6).comment.text == "Objavljeno: 1.635"  # RK Sežana's programme, Komen

    def test_findings_numbers_are_numbers(self, books, report):
        sheet = load(books["check"])["Neskladja"]
        words = SL.check
        assert [sheet.cell(4, column).value for column in range(1, 6)] == list(words.headers)
        for offset, finding in enumerate(report.findings):
            r = CHECK_FIRST + offset
            assert sheet.cell(r, 1).value.endswith(f"({'/'.join(finding.path) or 'skupaj'})")
            assert sheet.cell(r, 2).value == (report.payer_names.get(finding.payer) if finding.payer else None)
            assert sheet.cell(r, 3).value == words.meanings[finding.kind]
            assert figures(sheet, r, 4, 5) == [finding.expected, finding.found]
        assert sheet.cell(CHECK_FIRST + len(report.findings), 1).value is None

    def test_a_table_that_reconciles_exits_0_with_no_findings(self, tmp_path):
        table = tmp_path / "2025.csv"
        assert runner.invoke(app, ["allocate", "2025", "-f", "csv", "-o", str(table)]).exit_code == 0
        target = tmp_path / "check.xlsx"
        result = runner.invoke(app, ["check", str(table), "-f", "xlsx", "-o", str(target), "--lang", "en"])
        assert result.exit_code == 0, result.output
        book = load(target.read_bytes())
        assert book.sheetnames == ["Corrected figures", "Discrepancies"]
        assert "the table reconciles" in book["Discrepancies"]["A2"].value
        assert book["Discrepancies"].cell(CHECK_FIRST, 1).value is None
        corrected = book["Corrected figures"]
        assert not any(cell.comment for row in corrected.iter_rows() for cell in row)

    def test_a_key_that_does_not_sum_to_100_says_why_there_are_no_corrected_figures(self, tmp_path):
        changed = tmp_path / "t.csv"
        changed.write_text(SECTION4.read_text(encoding="utf-8").replace(",15.32\n", ",15.30\n"), encoding="utf-8")
        target = tmp_path / "check.xlsx"
        result = runner.invoke(app, ["check", str(changed), "-f", "xlsx", "-o", str(target)])
        assert result.exit_code == 1, result.output
        book = load(target.read_bytes())
        assert book["Popravljeni zneski"]["A4"].value == SL.check.corrected_prevented_by["key_sum"]
        findings = book["Neskladja"]
        assert findings.cell(CHECK_FIRST, 3).value == SL.check.meanings["key_sum"]
        assert figures(findings, CHECK_FIRST, 4, 5) == [Decimal(100), Decimal("99.98")]


class TestEveryWorkbook:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_a4_landscape_one_page_wide_title_rows_repeated(self, books, command):
        for sheet in load(books[command]):
            assert sheet.page_setup.orientation == "landscape"
            assert int(sheet.page_setup.paperSize) == 9  # A4
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert sheet.page_setup.fitToWidth in (None, 1) and int(sheet.page_setup.fitToHeight) == 0  # 1 by default
            assert sheet.print_title_rows

    @pytest.mark.parametrize("command", COMMANDS)
    def test_same_bytes_every_run(self, books, command, tmp_path):
        assert write(tmp_path, command) == books[command]

    @pytest.mark.parametrize("command", COMMANDS)
    def test_written_to_stdout_when_it_is_no_terminal(self, command):
        result = runner.invoke(app, [*COMMANDS[command], "--format", "xlsx"])  # CliRunner's stdout is no terminal
        assert result.exit_code == (1 if command == "check" else 0) and result.stdout_bytes[:2] == b"PK"

    @pytest.mark.parametrize("command", COMMANDS)
    def test_refused_on_a_terminal_without_output(self, command):
        """Binary bytes on a terminal help nobody: exit 2, naming --format, before anything is computed."""
        import pty

        leader, follower = pty.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "sofin", *COMMANDS[command], "--format", "xlsx", "--lang", "en"],
                stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120, cwd=ROOT,
            )  # fmt: skip
        finally:
            os.close(follower)
            os.close(leader)
        assert done.returncode == 2, done.stderr
        assert "--format: xlsx writes a file: give --output" in done.stderr

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_sheet_names_fit_excels_31_characters(self, lang: str):
        words = catalogue(Language(lang))
        names = [words.plan.sheet.format(start=2025, end=2029), words.check.corrected_sheet]
        assert all(len(name) <= 31 for name in [*names, words.check.findings_heading, words.check.sofin_sheet])


@pytest.fixture(scope="module")
def recalculated(books, tmp_path_factory) -> dict[str, Any]:
    """The three workbooks as LibreOffice recalculates them, in one run of it."""
    return recalculated_books(books, tmp_path_factory.mktemp("recalculated"))


# LibreOffice keeps a file's stored results unless told to recalculate on load (its default for xlsx
# files not saved by Excel is "never"); the profile of the conversion tells it always to.
class TestRecalculatedByLibreOffice:
    def test_plan(self, recalculated, plan):
        assert_plan(recalculated["plan"]["Načrt 2025–2029"], plan)

    def test_payments(self, recalculated, payments):
        assert_payments(recalculated["payments"]["Občina Komen"], payments)

    def test_check(self, recalculated, report):
        assert_corrected(recalculated["check"]["Popravljeni zneski"], report)


def test_the_xlsxwriter_internals_fit_columns_reads_are_there():
    """render/workbook.py fit_columns reads what XlsxWriter holds of a sheet before it is written: its cell
    table, shared strings, merged ranges and last column, and the cells' classes by name. pyproject pins
    XlsxWriter below 4; a release that changes any of these fails here, by name, not as a cut label."""
    import io

    import xlsxwriter

    assert int(xlsxwriter.__version__.split(".")[0]) == 3, (
        f"XlsxWriter {xlsxwriter.__version__}: fit_columns is written against 3.x internals; check them, "
        "then move pyproject's pin"
    )
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet()
    wrapped = book.add_format({"text_wrap": True})
    sheet.write_string(0, 0, "Naslov")
    sheet.write_number(1, 1, 12345, book.add_format({"num_format": "#,##0"}))
    sheet.write_formula(1, 2, "=B2", None, 12345)
    sheet.merge_range(3, 0, 3, 2, "Opomba", wrapped)
    missing = [name for name in ("table", "str_table", "merge", "dim_colmax") if not hasattr(sheet, name)]
    assert not missing, f"XlsxWriter {xlsxwriter.__version__} worksheets lack {missing}: fit_columns reads them"
    cells = {(row, column): cell for row, columns in sheet.table.items() for column, cell in columns.items()}
    kinds = {place: type(cell).__name__ for place, cell in cells.items()}
    assert kinds[0, 0] == "String" and kinds[1, 1] == "Number" and kinds[1, 2] == "Formula", (
        f"XlsxWriter {xlsxwriter.__version__} names its cells {sorted(set(kinds.values()))}: fit_columns reads them"
    )
    strings = {index: text for text, index in sheet.str_table.string_table.items()}
    assert strings[cells[0, 0].string] == "Naslov" and cells[0, 0].format is None
    assert cells[1, 1].number == 12345 and cells[1, 1].format.num_format == "#,##0"
    assert cells[1, 2].value == 12345
    assert [tuple(merged) for merged in sheet.merge] == [(3, 0, 3, 2)] and cells[3, 0].format.text_wrap
    assert sheet.dim_colmax == 2
    book.close()


def test_pyproject_pins_xlsxwriter_below_4():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"XlsxWriter>=3.1,<4"' in text, "fit_columns reads XlsxWriter 3's internals: keep the upper bound"
