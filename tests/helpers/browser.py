"""Headless Chromium and poppler, as the tests of the printable pages use them: print a page to PDF, read
the PDF's pages and text back, take a screenshot (Debian packages; .ci/run installs them)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from . import require_tool

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _chromium(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [require_tool("chromium"), *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


def print_to_pdf(page: Path, folder: Path) -> Path:
    """The page printed by Chromium, without its header and footer lines: the PDF's path in `folder`."""
    pdf = folder / f"{page.stem}.pdf"
    _chromium(folder, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return pdf


def pdf_pages(pdf: Path) -> tuple[int, tuple[int, int]]:
    """The number of pages and the first page's size in points, as pdfinfo reads them."""
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)$", info, flags=re.M)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert pages is not None and size is not None, info
    return int(pages.group(1)), (round(float(size.group(1))), round(float(size.group(2))))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text as pdftotext -layout reads it; one page's with `page` (1-based)."""
    only = [] if page is None else ["-f", str(page), "-l", str(page)]
    command = [require_tool("pdftotext"), "-layout", *only, str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def screenshot(page: Path, folder: Path, width: int = 1400, height: int = 800) -> Path:
    """A PNG of the page as Chromium shows it in a window of `width` × `height` pixels."""
    shot = folder / f"{page.stem}.png"
    _chromium(folder, f"--screenshot={shot}", f"--window-size={width},{height}", page.as_uri())
    return shot


def dump_dom(page: Path, folder: Path) -> str:
    """The page's DOM after Chromium laid it out."""
    return _chromium(folder, "--dump-dom", page.as_uri()).stdout
