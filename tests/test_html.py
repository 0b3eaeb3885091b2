"""The printable page: self-contained, one A4 landscape page, the figures as sofin computes them."""

from __future__ import annotations

import re
import subprocess

import pytest
from typer.testing import CliRunner

from sofin.cli import app
from sofin.pipeline import allocate_year
from sofin.render.numbers import local_amount

from .helpers import require_tool

runner = CliRunner()

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    target = tmp_path_factory.mktemp("html") / "2025.html"
    assert runner.invoke(app, ["allocate", "2025", "--format", "html", "-o", str(target)]).exit_code == 0
    return target


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
    subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1400,800", page.as_uri()],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert "194.630" in dom and "SKUPAJ OBČINE" in dom
