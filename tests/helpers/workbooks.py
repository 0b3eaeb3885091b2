"""Reading workbooks back, and having LibreOffice recalculate them, as finance staff's tools would."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from . import require_tool


def load(data: bytes, values: bool = False) -> Any:
    """The workbook as openpyxl reads it; with `values`, the results stored beside the formulas."""
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), data_only=values)


RECALCULATE_ON_LOAD = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def without_results(data: bytes) -> bytes:
    """The same workbook with every formula's stored result 0: what a spreadsheet shows after this is its own sum."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    zeroed = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/sheet"):
                content, count = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1<v>0</v>", content)
                zeroed += count
            target.writestr(entry, content)
    assert zeroed, "the workbook has no formula"
    return buffer.getvalue()


def saved_by_libreoffice(books: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """Each workbook as LibreOffice (headless) opens it, recalculates every formula and saves it again, all in
    one run of LibreOffice (it converts each file it is given in turn): by the name it is given under."""
    soffice = require_tool("soffice")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    for name, data in books.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    out = folder / "recalculated"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(out), *(str(folder / f"{name}.xlsx") for name in books)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {name: (out / f"{name}.xlsx").read_bytes() for name in books}


def recalculated_books(books: dict[str, bytes], folder: Path) -> dict[str, Any]:
    """Each workbook as LibreOffice recalculates and saves it, its formulas' stored results zeroed first, all
    in one run of LibreOffice: by its name."""
    saved = saved_by_libreoffice({name: without_results(data) for name, data in books.items()}, folder)
    return {name: load(data, values=True) for name, data in saved.items()}


def recalculated(data: bytes, tmp_path: Path) -> Any:
    """The workbook as LibreOffice (headless) recalculates and saves it, its formulas' stored results zeroed first."""
    return recalculated_books({"book": data}, tmp_path)["book"]
