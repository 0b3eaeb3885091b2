"""What every sofin workbook shares (XlsxWriter): print set-up, properties, formats, the same bytes.

Every formula cell stores its computed value beside the formula, so that readers that do not
recalculate (openpyxl's data_only, pandas, mail previews) show the figures, and a spreadsheet that
does recalculate gets the same ones. Numbers are stored exactly as sofin computed them (Decimals
written digit for digit); number formats use the file's notation (#,##0) and are shown in the
reader's locale. Pages are A4 landscape, one page wide, with the title rows repeated.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sofin.render.numbers import as_percent
from sofin.source_date import source_date
from sofin.words import Language, catalogue

if TYPE_CHECKING:  # XlsxWriter is imported only when a workbook is written
    from collections.abc import Sequence

    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from sofin.results.allocate import Provenance

A4 = 9  # XlsxWriter's paper code
LABEL_WIDTH, FIGURE_WIDTH = 34, 15


class Book:
    """One workbook being written; `bytes()` closes it."""

    def __init__(self, title: str, year: int, lang: Language, provenance: Provenance | None = None) -> None:
        import xlsxwriter

        comments = ""
        if provenance is not None:  # where the figures come from, in the document's properties
            stamp = catalogue(lang).allocate.stamp
            comments = stamp.format(version=provenance.sofin_version, sha256=provenance.strategy_sha256)
        self.lang = lang
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, {"in_memory": True, "strings_to_numbers": False})
        self.workbook.set_properties(
            {"title": title, "author": "sofin", "comments": comments, "created": created(year)}
        )
        self._formats: dict[tuple[Any, ...], Format] = {}

    def sheet(self, name: str, title: str, title_rows: int, columns: int) -> Worksheet:
        """A sheet with `title` in A1, printed A4 landscape, one page wide, rows up to `title_rows` repeated."""
        sheet = self.workbook.add_worksheet(self._sheet_name(name))
        sheet.set_paper(A4)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0, title_rows - 1)
        sheet.set_column(0, 0, LABEL_WIDTH)
        if columns > 1:
            sheet.set_column(1, columns - 1, FIGURE_WIDTH)
        sheet.write_string(0, 0, title, self.format(bold=True, size=13))
        return sheet

    def _sheet_name(self, name: str) -> str:
        """`name` as a sheet may be called: without []:*?/\\, not quoted, at most 31 characters, unique."""
        clean = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "_"
        taken = {sheet.get_name().lower() for sheet in self.workbook.worksheets()}
        candidate, number = _first_31(clean), 1
        while candidate.lower() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = _first_31(clean, suffix) + suffix
        return candidate

    def header(self, sheet: Worksheet, row: int, texts: Sequence[str], first_figure: int = 1) -> None:
        """A header row in bold; the figures' columns (from `first_figure` on) right-aligned, as their figures are."""
        for column, text in enumerate(texts):
            align = {"align": "right"} if column >= first_figure else {}
            sheet.write_string(row, column, text, self.format(bold=True, **align))

    def note(self, sheet: Worksheet, row: int, text: str, columns: int) -> None:
        """A paragraph across the table's width, wrapped (a row high enough for its lines: Excel does not
        fit a merged cell's height)."""
        width = LABEL_WIDTH + FIGURE_WIDTH * (columns - 1)
        sheet.merge_range(row, 0, row, columns - 1, text, self.format(text_wrap=True, valign="top"))
        sheet.set_row(row, 15 * -(-len(text) * 11 // (width * 10)))  # lines, a tenth wider than the characters

    def format(self, **properties: Any) -> Format:
        """The workbook's format with these properties, made once."""
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def amount(self, unit: Decimal, mark: str = "", bold: bool = False, places: int | None = None) -> Format:
        """Thousands grouped, decimals as the unit has them (or `places`), a footnote mark kept in the format."""
        digits = places if places is not None else (0 if unit == 1 else 2)
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + (f'"{mark}"' if mark else "")
        return self.format(num_format=pattern, bold=bold)

    def share(self, **properties: Any) -> Format:
        """A key share in percent: two decimals at least, and every one it has (a share has ten at most:
        limits.py), the sign after it quoted (a bare % would multiply by 100)."""
        sign = as_percent("", self.lang)
        return self.format(num_format=f'0.00########"{sign}"', **properties)

    def bytes(self) -> bytes:
        self.workbook.close()
        return _with_language(self._buffer.getvalue(), catalogue(self.lang).locale)


def _first_31(name: str, suffix: str = "") -> str:
    """The start of `name` that leaves room for `suffix` in a sheet name's 31 characters, as Excel counts
    them (in UTF-16: an emoji is two), ending in no apostrophe. Cut by Python's characters instead, 31
    emoji were 62 and a cut before an apostrophe left it last: XlsxWriter refused both with a traceback."""
    room = 31 - len(suffix)
    name = name[:room]  # no more characters than UTF-16 units: a long name costs no more than a short one
    while len(name.encode("utf-16-le")) // 2 > room:
        name = name[:-1]
    return name.rstrip("'") or "_"


def created(year: int) -> datetime:
    """The workbook's date: SOURCE_DATE_EPOCH when set (reproducible builds), else 1 January of the year.

    The command line refuses a malformed SOURCE_DATE_EPOCH before anything is computed
    (cli/app.py, refuse_an_unwritable_workbook).
    """
    return source_date() or datetime(year, 1, 1)


def column_letter(index: int) -> str:
    """A, B, ... Z, AA for a 0-based column."""
    from xlsxwriter.utility import xl_col_to_name

    name: str = xl_col_to_name(index)
    return name


def _with_language(data: bytes, language: str) -> bytes:
    """The same zip, with the document's language in its core properties (XlsxWriter has no field for it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                tag = f"<dc:language>{language}</dc:language>".encode()
                content = re.sub(rb"</cp:coreProperties>", tag + b"</cp:coreProperties>", content)
            target.writestr(entry, content)
    return buffer.getvalue()


def reference(sheet: Worksheet, cell: str) -> str:
    """A formula's reference to `cell` of another sheet, its name quoted as spreadsheets want."""
    name: str = sheet.get_name()
    return "'" + name.replace("'", "''") + "'!" + cell
