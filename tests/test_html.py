"""The printable page: self-contained, one A4 landscape page, the figures as sofin computes them."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import allocate_year
from sofin.render.allocate.html import render_html
from sofin.render.allocate.layout import section4_layout
from sofin.render.numbers import local_amount
from sofin.words import Language

from .helpers import require_tool
from .helpers.browser import CHROMIUM_FLAGS

runner = CliRunner()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    target = tmp_path_factory.mktemp("html") / "2025.html"
    assert runner.invoke(app, ["allocate", "2025", "--format", "html", "-o", str(target)]).exit_code == 0
    return target


class TableCells(HTMLParser):
    """The table's caption and its cells, row by row: (tag, attributes, text) in the part they stand in."""

    def __init__(self) -> None:
        super().__init__()
        self.caption: list[str] = []
        self.rows: dict[str, list[list[tuple[str, dict[str, str | None], str]]]] = {"thead": [], "tbody": []}
        self.part: str | None = None
        self.cell: tuple[str, dict[str, str | None], list[str]] | None = None
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.rows:
            self.part = tag
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.part:
            self.rows[self.part].append([])
        elif tag in ("th", "td") and self.part:
            self.cell = (tag, dict(attrs), [])
        elif tag == "br" and self.cell:
            self.cell[2].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.rows:
            self.part = None
        elif tag == "caption":
            self.in_caption = False
        elif tag in ("th", "td") and self.cell and self.part:
            name, attrs, text = self.cell
            self.rows[self.part][-1].append((name, attrs, "".join(text)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.caption.append(data)
        if self.cell:
            self.cell[2].append(data)


@pytest.mark.parametrize("lang", list(Language))
def test_table_has_a_caption_column_headers_and_a_row_header_for_every_row(lang):
    """For screen readers: the title is the table's caption, each column and each row has its header cell."""
    allocation = allocate_year(None, 2025)
    layout = section4_layout(allocation, lang)
    parser = TableCells()
    parser.feed(render_html(allocation, lang))
    parser.close()
    assert "".join(parser.caption) == layout.title
    header, key = parser.rows["thead"]
    corner, *columns = header
    assert corner == ("td", {}, "")  # above the row headers: an empty cell, no header of nothing
    assert [(tag, attrs.get("scope")) for tag, attrs, _ in columns] == [("th", "col")] * len(layout.headers)
    assert [text for _, _, text in columns] == list(layout.headers)
    (tag, attrs, label), *shares = key  # the key in a row of its own, each share right-aligned over its figures
    assert (tag, attrs.get("scope"), label) == ("th", "row", layout.key_label)
    assert [text for _, _, text in shares] == list(layout.key)
    assert [attrs.get("class") for _, attrs, text in shares if text] == ["num"] * len(allocation.payers)
    body = parser.rows["tbody"]
    assert len(body) == len(allocation.rows) == len(layout.lines)
    for row, line in zip(body, layout.lines):
        (tag, attrs, label), *cells = row
        assert (tag, attrs.get("scope"), label) == ("th", "row", line.label)
        assert [(tag, text) for tag, _, text in cells] == [("td", cell) for cell in line.cells]


def test_page_needs_nothing_from_outside(page):
    """No links, scripts, images or fonts fetched from anywhere: one file to attach to council materials."""
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"https?:|<link|<script|<img|url\(", html)
    assert "@page { size: A4 landscape" in html


def test_printed_to_pdf_it_is_one_landscape_page_with_sofins_figures(page, tmp_path):
    """Headless Chromium prints the page: one A4 landscape page whose text holds every figure."""
    chromium = require_tool("chromium")
    pdf = tmp_path / "2025.pdf"
    subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, flags=re.M)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    allocation = allocate_year(None, 2025)
    for row in allocation.rows:
        for value in (row.total, *row.allocation):
            assert local_amount(value, allocation.unit) in text


def test_screenshot_shows_the_table(page, tmp_path):
    """A screenshot is taken (for people to look at); the rendered DOM holds the grand total."""
    chromium = require_tool("chromium")
    shot = tmp_path / "2025.png"
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    # One run of Chromium does both: headless Chromium carries out each command it is given on the page.
    dom = subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", "--window-size=1400,800", "--dump-dom", page.as_uri()],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert "194.630" in dom and "SKUPAJ OBČINE" in dom
