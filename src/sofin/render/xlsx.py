"""An Excel workbook (openpyxl) that finance staff can hand on, and that reconciles by itself.

Sheets: the section-4 overview, whose every total is a live SUM over the cells it adds; the exact
key shares; and one sheet per municipality with what it pays each society (formulas pointing at
the overview). Rounded figures are stored as numbers: number formats in a workbook are stored in
the file's own notation (#,##0) and shown in the reader's locale (194.630 in a Slovenian Excel or
LibreOffice, 194,630 in an English one). Timestamps are fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from sofin.render.layout import footnote_mark, section4_layout
from sofin.results.allocate import Allocation
from sofin.words import Language, catalogue

if TYPE_CHECKING:  # openpyxl is imported only when a workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

FIRST_FIGURE_COLUMN = 3  # A: labels, B: the total, C...: one column per payer
HEADER_ROW, KEY_ROW, FIRST_ROW = 3, 4, 5
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry


def render_xlsx(allocation: Allocation, lang: Language) -> bytes:
    from openpyxl import Workbook  # imported here: only this format needs it

    workbook = Workbook()
    overview = workbook.active
    cells = _overview(overview, allocation, lang)
    _exact_shares(workbook.create_sheet(catalogue(lang).allocate.exact_sheet), allocation, lang)
    for column, payer in enumerate(allocation.payers, start=FIRST_FIGURE_COLUMN):
        _payer_sheet(workbook.create_sheet(payer.name[:31]), allocation, overview.title, column, cells, lang)
    stamp = datetime(allocation.year, 1, 1)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "sofin"
    if allocation.provenance is not None:
        provenance = allocation.provenance
        workbook.properties.description = catalogue(lang).allocate.stamp.format(
            version=provenance.sofin_version, sha256=provenance.strategy_sha256
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_fixed_timestamps(buffer.getvalue(), stamp)


def _overview(sheet: Worksheet, allocation: Allocation, lang: Language) -> dict[tuple[str, ...], int]:
    """Write the section-4 table; return the sheet row of each table row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    layout = section4_layout(allocation, lang)
    sheet.title = catalogue(lang).allocate.overview_sheet.format(year=allocation.year)
    sheet["A1"] = layout.title
    sheet["A1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    payers = len(allocation.payers)
    last = get_column_letter(FIRST_FIGURE_COLUMN + payers - 1)
    first = get_column_letter(FIRST_FIGURE_COLUMN)
    for column, header in enumerate(layout.headers, start=2):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font, cell.alignment = bold, Alignment(horizontal="center", wrap_text=True)
    sheet.cell(KEY_ROW, 1, layout.key_label)
    for column, payer in enumerate(allocation.payers, start=FIRST_FIGURE_COLUMN):
        cell = sheet.cell(KEY_ROW, column, payer.share)
        cell.number_format, cell.alignment = '0.00" %"', Alignment(horizontal="center")

    grand_total, *rest = allocation.rows
    order = [*rest, grand_total]  # section 4 prints the grand total last
    where = {row.path: FIRST_ROW + i for i, row in enumerate(order)}
    amount = _amount_format(allocation)
    for row in order:
        r = where[row.path]
        sheet.cell(r, 1, catalogue(lang).allocate.grand_total if row.level == 0 else row.label)
        if row.level == 2:
            sheet.cell(r, 1).alignment = Alignment(indent=1)
        children = [where[child.path] for child in allocation.children(row.path)]
        for column, (payer, value) in enumerate(zip(allocation.payers, row.allocation), start=FIRST_FIGURE_COLUMN):
            letter = get_column_letter(column)
            content = f"=SUM({','.join(f'{letter}{child}' for child in children)})" if children else value
            mark = footnote_mark(row, payer.id)  # kept in the format, so that the figure stays a number
            sheet.cell(r, column, content).number_format = amount + (f'"{mark}"' if mark else "")
        sheet.cell(r, 2, f"=SUM({first}{r}:{last}{r})").number_format = amount
        if row.level < 2:
            for column in range(1, FIRST_FIGURE_COLUMN + payers):
                sheet.cell(r, column).font = bold
    notes_row = FIRST_ROW + len(order) + 1
    for offset, note in enumerate(layout.footnotes):
        sheet.cell(notes_row + offset, 1, note)
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 2)
    sheet.column_dimensions["A"].width = 34
    for column in range(2, FIRST_FIGURE_COLUMN + payers):
        sheet.column_dimensions[get_column_letter(column)].width = 17
    sheet.row_dimensions[HEADER_ROW].height = 30
    return where


def _exact_shares(sheet: Worksheet, allocation: Allocation, lang: Language) -> None:
    from openpyxl.styles import Font

    sheet["A1"] = catalogue(lang).allocate.exact_title.format(year=allocation.year)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["", catalogue(lang).allocate.total, *(payer.name.upper() for payer in allocation.payers)])
    places = max(-int(value.as_tuple().exponent) for row in allocation.rows for value in row.exact)
    exact_format = "#,##0." + "0" * places if places > 0 else "#,##0"
    grand_total, *rest = allocation.rows
    for row in [*rest, grand_total]:  # in the overview's order
        sheet.append([catalogue(lang).allocate.grand_total if row.level == 0 else row.label, row.total, *row.exact])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = exact_format
    sheet.column_dimensions["A"].width = 34


def _payer_sheet(
    sheet: Worksheet,
    allocation: Allocation,
    overview: str,
    column: int,
    where: dict[tuple[str, ...], int],
    lang: Language,
) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    payer = allocation.payers[column - FIRST_FIGURE_COLUMN]
    letter = get_column_letter(column)
    sheet["A1"] = catalogue(lang).allocate.pays_title.format(payer=payer.name, year=allocation.year)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([catalogue(lang).allocate.society, catalogue(lang).allocate.annual])
    amount = _amount_format(allocation)
    societies = allocation.children(())
    first = sheet.max_row + 1
    for row in societies:
        sheet.append([row.label, f"='{overview}'!{letter}{where[row.path]}"])
        sheet.cell(sheet.max_row, 2).number_format = amount
    sheet.append([catalogue(lang).allocate.total, f"=SUM(B{first}:B{sheet.max_row})"])
    total = sheet[sheet.max_row]
    total[0].font = total[1].font = Font(bold=True)
    total[1].number_format = amount
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 17


def _amount_format(allocation: Allocation) -> str:
    """Thousands grouped, decimals as the unit has them; each reader's locale chooses the marks."""
    return "#,##0" if allocation.unit == 1 else "#,##0.00"


def _with_fixed_timestamps(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated alike, so that equal workbooks are equal bytes.

    openpyxl dates the document "modified" at the moment of saving; that date is set back to `stamp`.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                when = f"{stamp:%Y-%m-%dT%H:%M:%SZ}"
                modified = f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
                content = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", modified.encode(), content)
            fixed = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            target.writestr(fixed, content)
    return buffer.getvalue()
