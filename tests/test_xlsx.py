"""The workbook: live formulas that reconcile when a real spreadsheet engine recalculates them."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import allocate_year

from .helpers import MINIMAL, require_tool
from .helpers.workbooks import load, recalculated

runner = CliRunner()


@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory) -> bytes:
    target = tmp_path_factory.mktemp("xlsx") / "2025.xlsx"
    result = runner.invoke(app, ["allocate", "2025", "--format", "xlsx", "--output", str(target)])
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def section4_order(allocation):
    grand_total, *rest = allocation.rows
    return [*rest, grand_total]


class TestWorkbook:
    def test_sheets_overview_exact_and_one_per_municipality(self, workbook_bytes):
        assert load(workbook_bytes).sheetnames == [
            "Pregled 2025", "Točni deleži", "Občina Sežana", "Občina Divača", "Občina Hrpelje-Kozina", "Občina Komen",
        ]  # fmt: skip

    def test_lines_are_numbers_and_every_total_is_a_sum_formula(self, workbook_bytes):
        """Cost-line cells hold sofin's figures; society, grand-total and SKUPAJ cells are SUM formulas."""
        sheet = load(workbook_bytes)["Pregled 2025"]
        allocation = allocate_year(None, 2025)
        for offset, row in enumerate(section4_order(allocation)):
            cells = [sheet.cell(5 + offset, column).value for column in range(2, 7)]
            assert isinstance(cells[0], str) and cells[0].startswith("=SUM(")
            if row.level == 2:
                assert [Decimal(str(value)) for value in cells[1:]] == list(row.allocation)
            else:
                assert all(isinstance(value, str) and value.startswith("=SUM(") for value in cells[1:])

    def test_formats_and_frozen_header(self, workbook_bytes):
        """Whole-euro number format (shown 194.630 in Slovenian), footnote marks kept in the format and every
        figure of a column with marks padded to the widest (`_*`: an asterisk's width), digits in line."""
        sheet = load(workbook_bytes)["Pregled 2025"]
        assert sheet.freeze_panes == "B5"
        assert sheet["D6"].number_format == "#,##0"
        assert sheet["C8"].number_format == '#,##0"**"_*'  # VEZI, Sežana: the in-kind footnote
        assert sheet["C6"].number_format == "#,##0_*_*_*"  # PO-MOČ's staff, Sežana: room for MDPM's ***

    def test_every_formula_stores_its_value(self, workbook_bytes):
        """Readers that do not recalculate (openpyxl data_only, pandas, previews) see sofin's figures."""
        book = load(workbook_bytes, values=True)
        allocation = allocate_year(None, 2025)
        sheet = book["Pregled 2025"]
        for offset, row in enumerate(section4_order(allocation)):
            values = [Decimal(str(sheet.cell(5 + offset, column).value)) for column in range(2, 7)]
            assert values == [row.total, *row.allocation], row.path
        for column, payer in enumerate(allocation.payers):
            payer_sheet = book[payer.name]
            societies = allocation.children(())
            amounts = [Decimal(str(payer_sheet.cell(4 + i, 2).value)) for i in range(len(societies) + 1)]
            assert amounts == [row.allocation[column] for row in societies] + [
                allocation.grand_total.allocation[column]
            ]

    def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_its_titles(self, workbook_bytes):
        for sheet in load(workbook_bytes).worksheets:
            assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9", sheet.title
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (1, "1", None)
            assert str(sheet.page_setup.fitToHeight) == "0", sheet.title
            assert sheet.print_title_rows, sheet.title
            used = [sheet.cell(1, column).column_letter for column in range(1, sheet.max_column + 1)]
            assert all(sheet.column_dimensions[letter].customWidth for letter in used), sheet.title  # fitted

    def test_title_and_language_are_the_documents(self, workbook_bytes):
        import zipfile

        core = zipfile.ZipFile(io.BytesIO(workbook_bytes)).read("docProps/core.xml").decode()
        assert "<dc:title>Pregled sofinanciranja dejavnosti društev v letu 2025 (v EUR)</dc:title>" in core
        assert "<dc:language>sl</dc:language>" in core
        english = runner.invoke(app, ["allocate", "2025", "-f", "xlsx", "--lang", "en"]).stdout_bytes
        assert b"<dc:language>en</dc:language>" in zipfile.ZipFile(io.BytesIO(english)).read("docProps/core.xml")

    def test_source_date_epoch_dates_the_workbook(self, monkeypatch):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
        import zipfile

        data = runner.invoke(app, ["allocate", "2025", "-f", "xlsx"]).stdout_bytes
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
        assert "2026-01-01T00:00:00Z</dcterms:created>" in core and "2026-01-01T00:00:00Z</dcterms:modified>" in core
        assert runner.invoke(app, ["allocate", "2025", "-f", "xlsx"]).stdout_bytes == data

    def test_key_shares_are_written_as_the_language_writes_percents(self, workbook_bytes):
        """Padded as the figures beneath them are (Sežana's column has marks up to ***), to end where they do."""
        assert load(workbook_bytes)["Pregled 2025"]["C4"].number_format == '0.00########" %"_*_*_*'
        english = load(runner.invoke(app, ["allocate", "2025", "-f", "xlsx", "--lang", "en"]).stdout_bytes)
        assert english["Overview 2025"]["C4"].number_format == '0.00########"%"_*_*_*'
        assert english["Overview 2025"]["D4"].number_format == '0.00########"%"'

    def test_same_bytes_every_time(self, workbook_bytes, tmp_path):
        again = tmp_path / "again.xlsx"
        runner.invoke(app, ["allocate", "2025", "-f", "xlsx", "-o", str(again)])
        assert again.read_bytes() == workbook_bytes

    def test_writes_a_workbook_to_stdout_that_is_no_terminal(self):
        """Without --output the workbook goes to stdout only when stdout is not a terminal."""
        result = runner.invoke(app, ["allocate", "2025", "-f", "xlsx"])
        assert result.exit_code == 0 and result.stdout_bytes[:2] == b"PK"  # CliRunner's stdout is no terminal


class TestRecalculatedByLibreOffice:
    def test_every_formula_result_equals_sofins_figures(self, workbook_bytes, tmp_path):
        """LibreOffice (headless) recalculates the workbook, its stored results zeroed first; every total
        it computes is sofin's figure."""
        book = recalculated(workbook_bytes, tmp_path)
        allocation = allocate_year(None, 2025)
        sheet = book["Pregled 2025"]
        for offset, row in enumerate(section4_order(allocation)):
            values = [Decimal(str(sheet.cell(5 + offset, column).value)) for column in range(2, 7)]
            assert values == [row.total, *row.allocation], row.path
        societies = [row for row in allocation.rows if row.level == 1]
        for column, payer in enumerate(allocation.payers):
            payer_sheet = book[payer.name]
            amounts = [Decimal(str(payer_sheet.cell(4 + i, 2).value)) for i in range(len(societies) + 1)]
            assert amounts == [row.allocation[column] for row in societies] + [allocation.rows[0].allocation[column]]


class TestPrintedByLibreOffice:
    def test_each_sheet_prints_on_one_a4_landscape_page(self, workbook_bytes, tmp_path):
        """Printed through LibreOffice, the workbook is one landscape A4 page a sheet, the table unsplit."""
        soffice, pdfinfo = require_tool("soffice"), require_tool("pdfinfo")
        source = tmp_path / "2025.xlsx"
        source.write_bytes(workbook_bytes)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        info = subprocess.run([pdfinfo, str(tmp_path / "2025.pdf")], check=True, capture_output=True, text=True).stdout
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        assert int(fields["Pages"]) == len(load(workbook_bytes).sheetnames)
        width, _, height = fields["Page size"].split()[:3]
        assert float(width) > float(height) and "A4" in fields["Page size"]


class TestAnyName:
    """Names from a strategy file are data: a workbook is written whatever they hold."""

    STRANGE = "Občina [A]: *?/\\\\ 'z'" + " x" * 20  # every character a sheet title may not hold, and too long
    TWIN = "Občina [A]: *?/\\\\ 'z'" + " x" * 20 + " B"  # the same first 31 characters

    def test_sheet_titles_are_cleaned_unique_and_formulas_still_point_home(self, write, tmp_path):
        text = MINIMAL.replace("name: Občina A", f'name: "{self.STRANGE}"').replace(
            "name: Občina B", f'name: "{self.TWIN}"'
        )
        text = text.replace("label: Materialni stroški programa", 'label: "=HYPERLINK(\\"http://example.com\\")"')
        strategy, target = write(text), tmp_path / "t.xlsx"
        result = runner.invoke(app, ["allocate", "2025", "-s", str(strategy), "-f", "xlsx", "-o", str(target)])
        assert result.exit_code == 0, result.output
        import zipfile

        sheets = zipfile.ZipFile(target)
        xml = b"".join(sheets.read(name) for name in sheets.namelist() if name.startswith("xl/worksheets/"))
        assert b"HYPERLINK" not in xml and b"HYPERLINK" in sheets.read("xl/sharedStrings.xml")  # text, not a formula
        names = load(target.read_bytes()).sheetnames
        assert len(names) == len(set(name.lower() for name in names)) == 4
        assert all(len(name) <= 31 and not set("[]:*?/\\") & set(name) for name in names)
        book = recalculated(target.read_bytes(), tmp_path)
        allocation = allocate_year(strategy, 2025)
        for column, name in enumerate(names[2:]):
            assert Decimal(str(book[name].cell(4, 2).value)) == allocation.children(())[0].allocation[column]
