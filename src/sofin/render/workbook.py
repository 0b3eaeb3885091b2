"""What every sofin workbook shares (XlsxWriter): print set-up, properties, formats, the same bytes.

Every formula cell stores its computed value beside the formula, so that readers that do not
recalculate (openpyxl's data_only, pandas, mail previews) show the figures, and a spreadsheet that
does recalculate gets the same ones. Numbers are stored exactly as sofin computed them (Decimals
written digit for digit); number formats use the file's notation (#,##0) and are shown in the
reader's locale. Pages are A4 landscape, one page wide, with the title rows repeated.

Nothing is cut when a sheet is printed (issue 23 item 4): when the book is closed, every column is
made as wide as the widest text or figure in it, as the figure's number format shows it (fit_columns);
a sentence alone in its row (a note, a summary) wraps across the table's width instead, in a row
high enough for its lines, and the table is made as wide as its title. A footnote mark beside a
figure is part of the figure's number format, and every figure of its column is padded by the
format to the column's widest mark, so that the digits of a column stand right under each other.
"""

from __future__ import annotations

import functools
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

    from xlsxwriter.chart import Chart
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from sofin.domain.table import Provenance

A4 = 9  # XlsxWriter's paper code
LABEL_WIDTH, FIGURE_WIDTH = 34, 15  # what a sheet's columns start with; fit_columns sets them at the end
# Column widths are in characters of the width of a digit. Readers draw Calibri (or a wider font in its
# place: LibreOffice without Calibri draws DejaVu Sans), bold wider: a text's estimate is Calibri's pixels
# a digit's, times SLACK, and every column gets PADDING more; an indent level takes INDENT.
SLACK, BOLD, PADDING, INDENT, MIN_WIDTH = 1.15, 1.1, 2.0, 2.5, 6.0
LINE_HEIGHT = 15  # points, a line of a wrapped note


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
        self._charts: list[tuple[Worksheet, int, Chart, tuple[int, int], str]] = []

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
        """A paragraph across the table's width, wrapped (the row is made high enough for its lines when the
        book is closed, once the columns' widths are known: Excel does not fit a merged cell's height)."""
        if columns > 1:
            sheet.merge_range(row, 0, row, columns - 1, text, self.format(text_wrap=True, valign="top"))
        else:
            sheet.write_string(row, 0, text, self.format(text_wrap=True, valign="top"))

    def format(self, **properties: Any) -> Format:
        """The workbook's format with these properties, made once."""
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def amount(
        self, unit: Decimal, mark: str = "", bold: bool = False, places: int | None = None, marks: int = 0
    ) -> Format:
        """Thousands grouped, decimals as the unit has them (or `places`), a footnote mark kept in the format,
        padded to the width of `marks` marks, the widest of its column (mark_padding)."""
        digits = places if places is not None else (0 if unit == 1 else 2)
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + mark_padding(mark, marks)
        return self.format(num_format=pattern, bold=bold)

    def share(self, marks: int = 0, **properties: Any) -> Format:
        """A key share in percent: two decimals at least, and every one it has (a share has ten at most:
        limits.py), the sign after it quoted (a bare % would multiply by 100); padded as its column's
        figures are, to stand right under them."""
        sign = as_percent("", self.lang)
        return self.format(num_format=f'0.00########"{sign}"' + mark_padding("", marks), **properties)

    def chart_beside(self, sheet: Worksheet, row: int, chart: Chart, size: tuple[int, int], description: str) -> None:
        """`chart` from `row` down, one empty column right of the sheet's table, `size` pixels (width, height),
        `description` its alternative text (issue 26 item 2): placed when the book is closed, once the table's
        columns are as wide as they end up. Beside the table, not under it, the sheet still prints on one
        page, the chart with the figures it draws."""
        self._charts.append((sheet, row, chart, size, description))

    def bytes(self) -> bytes:
        for sheet in self.workbook.worksheets():
            fit_columns(sheet, self.format(text_wrap=True, valign="top"))
        for sheet, row, chart, (width, height), description in self._charts:
            chart.set_size({"width": width, "height": height})
            sheet.insert_chart(row, (sheet.dim_colmax or 0) + 2, chart, {"description": description})
        self.workbook.close()
        return _with_language(self._buffer.getvalue(), catalogue(self.lang).locale)


def mark_padding(mark: str, marks: int) -> str:
    """A number format's end: the footnote mark quoted, then room as wide as the marks it lacks of `marks`
    (`_*`: a space the width of an asterisk), so that every figure of a column ends where its digits do."""
    return (f'"{mark}"' if mark else "") + "_*" * max(marks - len(mark), 0)


def fit_columns(sheet: Worksheet, wrapped: Format) -> None:
    """Every column as wide as its widest cell; every sentence alone in its row (column A, nothing beside
    it) wider than the table wrapped across it; every wrapped paragraph's row as high as its lines; the
    table at least as wide as its title (A1).

    It reads the cells XlsxWriter holds (its `table`, shared strings and merged ranges), as XlsxWriter's
    own autofit does; that one measures neither bold text, nor figures as their number format shows
    them, nor the paragraphs: it would make column A as wide as the longest note."""
    cells = _cells(sheet)
    merged = {(first_row, first_col): last_col for first_row, first_col, _, last_col in sheet.merge}
    alone = {row for row, columns in sheet.table.items() if list(columns) == [0]}
    widths: dict[int, float] = {}
    for (row, column), (_, width) in cells.items():
        if (row, column) in merged or row in alone or _wraps(sheet, row, column):
            continue
        widths[column] = max(widths.get(column, 0.0), width)
    columns = range(0, (sheet.dim_colmax or 0) + 1)
    fitted = [max(widths.get(column, 0.0) + PADDING, MIN_WIDTH) for column in columns]
    title = cells.get((0, 0))
    if title is not None and title[1] + PADDING > sum(fitted):
        fitted[0] += title[1] + PADDING - sum(fitted)
    for column, width in enumerate(fitted):
        sheet.set_column(column, column, round(width, 1))
    table = sum(fitted)
    for row in sorted(alone - {0}):
        text, width = cells[(row, 0)]
        if width > table and (row, 0) not in merged and len(fitted) > 1:
            sheet.merge_range(row, 0, row, len(fitted) - 1, text, wrapped)
            merged[(row, 0)] = len(fitted) - 1
    for (row, first), last in merged.items():
        if (row, first) in cells:
            span = sum(fitted[first : last + 1]) - PADDING  # the text's own width, without SLACK, fills it
            lines = max(1, -(-int(cells[(row, first)][1] / SLACK * 10) // int(span * 10)))
            sheet.set_row(row, LINE_HEIGHT * lines)


def _wraps(sheet: Worksheet, row: int, column: int) -> bool:
    """Whether a cell wraps its text (a paragraph written by Book.note into one column)."""
    cell = sheet.table.get(row, {}).get(column)
    return bool(cell is not None and cell.format is not None and cell.format.text_wrap)


def _cells(sheet: Worksheet) -> dict[tuple[int, int], tuple[str, float]]:
    """Each cell's text as a reader shows it, and its width in characters (see SLACK). Of the figures of
    a column in one number format, only the widest: the one of most digits, a negative one before a
    positive one (a national table's workbook has millions of figures)."""
    strings = {index: text for text, index in sheet.str_table.string_table.items()}
    cells: dict[tuple[int, int], tuple[str, float]] = {}
    widest: dict[tuple[int, Format | None], tuple[tuple[int, bool], Decimal, tuple[int, int]]] = {}
    for row, columns in sheet.table.items():
        for column, cell in columns.items():
            kind = type(cell).__name__
            if kind == "String":
                cells[(row, column)] = _measured(strings[cell.string], cell.format)
            elif kind == "Number" or (kind == "Formula" and isinstance(cell.value, (int, Decimal))):
                value = Decimal(cell.number if kind == "Number" else cell.value)
                key, size = (column, cell.format), (len(str(abs(int(value)))), value < 0)  # its width, in a format
                if key not in widest or size > widest[key][0]:
                    widest[key] = (size, value, (row, column))
    for (_, style), (_, value, place) in widest.items():
        cells[place] = _measured(shown(value, style.num_format if style else 0), style)
    return cells


def _measured(text: str, style: Format | None) -> tuple[str, float]:
    if style is None:
        return text, text_width(text)
    return text, text_width(text, bool(style.bold), style.font_size) + INDENT * style.indent


@functools.lru_cache(maxsize=4096)  # labels repeat on every sheet; figures are too many to keep
def text_width(text: str, bold: bool = False, size: float = 11) -> float:
    """The width of a text's widest line, in characters of the width of a digit (see SLACK)."""
    from xlsxwriter.utility import xl_pixel_width

    pixels: int = max(xl_pixel_width(line) for line in text.split("\n"))
    return pixels / 7 * SLACK * (BOLD if bold else 1) * size / 11


def shown(value: object, num_format: str | int) -> str:
    """A number as its format shows it, near enough to measure: digits grouped, its decimals (as many as
    the format's 0s at least, its 0s and #s at most), the quoted text, a space for each padding (`_x`)."""
    number = Decimal(str(value))
    pattern = num_format if isinstance(num_format, str) else "General"
    if pattern == "General":
        return f"{number:f}"
    grouped, most, least, after = _number_format(pattern)
    integer, _, fraction = f"{number:{',' if grouped else ''}.{most}f}".partition(".")
    fraction = fraction.rstrip("0").ljust(least, "0")
    return (f"{integer}.{fraction}" if fraction else integer) + after


@functools.cache
def _number_format(pattern: str) -> tuple[bool, int, int, str]:
    """A number format's grouping, most and least decimals, and what it shows after the number: the
    quoted text, then a space for each padding."""
    literal = "".join(re.findall(r'"([^"]*)"', pattern))
    padding = " " * len(re.findall(r"_.", re.sub(r'"[^"]*"', "", pattern)))
    whole, _, decimals = re.sub(r'"[^"]*"|_.', "", pattern).partition(".")
    return "," in whole, sum(char in "0#" for char in decimals), decimals.count("0"), literal + padding


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
