"""Printed, nothing is cut (issue 23 item 4): every workbook sofin writes, printed to PDF by LibreOffice,
shows every label, name and header whole; the footnote marks leave the figures' digits in line, in the
workbook and in the HTML page (printed and measured by Chromium)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from .helpers import ROOT, STRATEGY_2025, require_tool, run
from .helpers.browser import CHROMIUM_FLAGS
from .helpers.workbooks import load

LONG_NAME = "Društvo za pomoč zasvojenim in njihovim bližnjim »PO MOČ« Komen"  # 63 characters, as the issue's
# A strategy whose names are long: a society whose short name is 63 characters, long line labels and payer names, and
# a society with an in-kind footnote, so that its figure in Sežana's column carries a mark.
LONG = f"""\
strategy: Strategija z dolgimi imeni
period: [2025, 2027]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {{id: sezana, name: Občina Sežana, share: 50.78}}
  - {{id: divaca, name: Občina Divača, share: 16.35}}
  - {{id: hrpelje-kozina, name: Občina Hrpelje-Kozina, share: 17.55}}
  - {{id: komen, name: Občina Komen, share: 15.32}}
indexation:
  staff: {{default: 2}}
  programme: {{default: 2}}
societies:
  - id: po-moc
    name: {LONG_NAME}
    short: {LONG_NAME}
    in_kind: Občina Sežana zagotavlja društvu tudi brezplačno uporabo prostora.
    in_kind_by: sezana
    lines:
      - {{id: staff, label: Materialni stroški zaposlenih in stroški prevoza na delo, kind: staff, amount: 5047}}
      - {{id: programme, label: Materialni stroški programa, kind: programme, amount: 6721}}
  - id: vezi
    name: Društvo VEZI
    short: Društvo VEZI
    lines:
      - {{id: staff, label: Stroški zaposlenih, kind: staff, amount: 46968}}
"""
PUBLISHED = ROOT / "data" / "published" / "strategija_2025_section4.csv"
# The texts the issue found cut, each with the command that printed it cut.
ISSUE_TEXTS = {"plan": ["Skupaj 2025–2029 †"], "allocate": ["OBČINA HRPELJE-KOZINA"]}


def printed(books: dict[str, bytes], folder: Path) -> dict[str, list[str]]:
    """Each workbook printed to PDF by LibreOffice (in one run), as pdftotext reads it: its pages' text."""
    soffice, pdftotext = require_tool("soffice"), require_tool("pdftotext")
    for name, data in books.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(folder / f"{name}.xlsx") for name in books)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pages = {}
    for name in books:
        text = subprocess.run(
            [pdftotext, "-layout", str(folder / f"{name}.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[name] = [page for page in text.split("\f") if page.strip()]
    return pages


def workbook(tmp_path: Path, strategy: Path, *args: str) -> bytes:
    """The workbook of `sofin ARGS` (check exits 1: the printed table has findings)."""
    target = tmp_path / "book.xlsx"
    result = run(*args, "--strategy", str(strategy), "--format", "xlsx", "--output", str(target))
    assert result.exit_code == (1 if args[0] == "check" else 0), result.output
    data = target.read_bytes()
    target.unlink()
    return data


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("books")
    long = folder / "long.yaml"
    long.write_text(LONG, encoding="utf-8")
    return {
        "allocate": workbook(folder, STRATEGY_2025, "allocate", "2025"),
        "plan": workbook(folder, STRATEGY_2025, "plan"),
        "payments": workbook(folder, STRATEGY_2025, "payments", "2025", "--payer", "hrpelje-kozina"),
        "long_2025": workbook(folder, long, "allocate", "2025"),
        "check": workbook(folder, STRATEGY_2025, "check", str(PUBLISHED), "--year", "2025"),
        "long_2027": workbook(folder, long, "allocate", "2027", "--lang", "en", "--rate", "staff:2027=3.5"),
        "long_plan": workbook(folder, long, "plan"),
        "long_payments": workbook(folder, long, "payments", "2026", "--payer", "sezana", "--schedule", "quarterly"),
    }


@pytest.fixture(scope="module")
def pages(books, tmp_path_factory) -> dict[str, list[str]]:
    return printed(books, tmp_path_factory.mktemp("pdf"))


def squeezed(text: str) -> str:
    return " ".join(text.split())


def sheet_texts(sheet) -> tuple[list[str], list[str]]:
    """A sheet's texts: (those alone in their cell, one line each; the paragraphs wrapped across the table)."""
    merged = {(r.min_row, r.min_col) for r in sheet.merged_cells.ranges}
    whole, wrapped = [], []
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                wraps = (cell.row, cell.column) in merged or cell.alignment.wrap_text
                (wrapped if wraps else whole).append(cell.value)
    return whole, wrapped


class TestPrintedByLibreOffice:
    def test_every_sheet_is_one_page(self, books, pages):
        for name, data in books.items():
            assert len(pages[name]) == len(load(data).sheetnames), name

    @pytest.mark.parametrize(
        "name", ["allocate", "plan", "payments", "check", "long_2025", "long_2027", "long_plan", "long_payments"]
    )
    def test_every_text_of_every_sheet_is_on_its_page_whole(self, books, pages, name):
        """Each label, name and header on one line of its sheet's page; each note, wrapped, in its words."""
        for sheet, page in zip(load(books[name]).worksheets, pages[name]):
            whole, wrapped = sheet_texts(sheet)
            lines = page.splitlines()
            for text in whole:
                assert any(text in line for line in lines), (sheet.title, text, page)
            for text in wrapped:
                assert squeezed(text) in squeezed(page), (sheet.title, text, page)
            assert "###" not in page, (sheet.title, page)  # a figure too wide for its column

    def test_the_63_character_name_on_the_overview_and_the_exact_shares(self, pages):
        assert len(LONG_NAME) == 63
        for page in pages["long_2025"][:2]:
            assert any(LONG_NAME in line for line in page.splitlines()), page

    def test_what_the_issue_found_cut(self, pages):
        """The plan's period header, and the exact-shares sheet's HRPELJE-KOZINA, of the shipped strategy."""
        for command, texts in ISSUE_TEXTS.items():
            for text in texts:
                for page in pages[command][: 2 if command == "allocate" else 1]:
                    assert any(text in line for line in page.splitlines()), (command, text, page)

    def test_every_society_line_and_payer_name_of_the_strategies(self, pages):
        """Read from the strategy files themselves: each name printed whole on allocate's overview."""
        for name, strategy in (("allocate", STRATEGY_2025.read_text(encoding="utf-8")), ("long_2025", LONG)):
            document = yaml.safe_load(strategy)
            overview = pages[name][0].splitlines()
            names = [payer["name"].upper() for payer in document["payers"]]
            names += [society["short"] for society in document["societies"]]
            names += [line["label"] for society in document["societies"] for line in society["lines"]]
            for text in names:
                assert any(text in line for line in overview), (name, text)


def mark_room(num_format: str) -> int:
    """How many footnote marks' width a figure's number format takes after its digits: the quoted mark
    and the padding (`_*`, a space an asterisk wide)."""
    quoted = "".join(re.findall(r'"([^"]*)"', num_format))
    return quoted.count("*") + num_format.count("_*")


class TestDigitsInLine:
    def test_every_figure_and_share_of_a_payers_column_leaves_the_same_room_after_its_digits(self, books):
        """In the overview, a marked figure's format shows its mark where the others leave its room."""
        for name in ("allocate", "long_2025"):
            sheet = load(books[name]).worksheets[0]
            for column in range(3, sheet.max_column + 1):
                cells = [sheet.cell(row, column) for row in range(4, sheet.max_row + 1)]
                figures = [cell for cell in cells if isinstance(cell.value, (int, float, str)) and cell.number_format]
                figures = [cell for cell in figures if not isinstance(cell.value, str) or cell.value.startswith("=")]
                rooms = {mark_room(cell.number_format) for cell in figures}
                assert len(rooms) == 1, (name, column, [cell.number_format for cell in figures])
                assert all(cell.alignment.horizontal in (None, "general", "right") for cell in figures)
            key = [sheet.cell(4, column) for column in range(3, sheet.max_column + 1)]
            assert all(cell.alignment.horizontal == "right" for cell in key), name  # over its figures
        marked = load(books["allocate"]).worksheets[0]["C8"].number_format
        assert marked.startswith('#,##0"**"') and mark_room(marked) == 3  # VEZI, Sežana; MDPM's has ***


PROBE = """<script>
window.addEventListener("load", () => {
  const found = [];
  for (const cell of document.querySelectorAll("td.num")) {
    const range = document.createRange();  // the figure's digits, without a footnote mark after them
    range.setStart(cell.firstChild, 0);
    range.setEnd(cell.firstChild, cell.firstChild.textContent.replace(/[*\\s]+$/, "").length);
    found.push(["figure", cell.cellIndex, Math.round(range.getBoundingClientRect().right * 10)].join(" "));
  }
  for (const cell of document.querySelectorAll("th, td")) {
    if (cell.scrollWidth > cell.clientWidth) found.push("overflows " + cell.textContent);
  }
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = found.join("\\n");
  document.body.appendChild(out);
});
</script>"""


def measured(page: str, folder: Path) -> list[str]:
    """What Chromium lays out: each figure's column and the right edge of its digits, and any cell whose
    text does not fit it."""
    chromium = require_tool("chromium")
    probe = folder / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", "--dump-dom", probe.as_uri()],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, flags=re.S)
    assert found is not None, dom
    return found.group(1).splitlines()


@pytest.mark.parametrize("strategy", ["shipped", "long"])
def test_html_figures_end_in_line_and_no_cell_overflows(strategy, tmp_path):
    """Chromium lays out the page: in each column every figure's digits end at the same place, the key's
    shares included, marked or not; no cell's text runs out of its cell."""
    path = STRATEGY_2025
    if strategy == "long":
        path = tmp_path / "long.yaml"
        path.write_text(LONG, encoding="utf-8")
    target = tmp_path / "page.html"
    assert run("allocate", "2025", "--strategy", str(path), "-f", "html", "-o", str(target)).exit_code == 0
    found = measured(target.read_text(encoding="utf-8"), tmp_path)
    assert not [line for line in found if line.startswith("overflows")]
    edges: dict[str, set[str]] = {}
    for line in found:
        _, column, right = line.split()
        edges.setdefault(column, set()).add(right)
    assert len(edges) == 5 and all(len(rights) == 1 for rights in edges.values()), edges
