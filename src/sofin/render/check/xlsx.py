"""`sofin check --format xlsx`: a workbook for councils, the corrected table (its totals live SUMs, as in
allocate's workbook), then the findings."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.check.wording import (
    Checked,
    amount,
    asked_for,
    banner,
    figure,
    found,
    key_lines,
    meaning,
    payer_name,
    row_name,
    summary,
    unnamed,
)
from sofin.render.numbers import decimal_places
from sofin.units import on_grid

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from sofin.render.workbook import Book
    from sofin.results.check import Finding

HEADER_ROW = 3  # the workbook's header row (0-based): below the title, the summary and a blank row
UNDATED = 1980  # a workbook's date when the table names no year (zip's first): the same bytes every run
HIGHLIGHT = "#FFEB9C"  # a corrected figure that differs from the published one


def render_xlsx(checked: Checked) -> bytes:
    """The corrected table (its totals live SUMs, as in allocate's workbook), then the findings."""
    from sofin.render.workbook import Book

    title = checked.words.report_title.format(file=checked.report.file)
    year = checked.report.table.year
    book = Book(title, UNDATED if year is None else year, checked.lang)
    corrected_sheet(checked, book, title)
    report, words = checked.report, checked.words
    findings_sheet(checked, book, title, words.findings_heading, words.headers, report.own_findings)
    if report.compared:  # issue 23 item 9 (review): sofin's differing figures on a sheet of their own
        findings_sheet(checked, book, title, words.sofin_sheet, words.sofin_headers, report.against_sofin)
    return book.bytes()


def corrected_sheet(checked: Checked, book: Book, title: str) -> None:
    """Every row of the table with sofin's figures; a changed one highlighted, the published one in its comment."""
    from sofin.render.workbook import column_letter

    report, words = checked.report, checked.words
    table, correction = report.table, asked_for(report.corrected)
    payers = table.payer_ids
    columns = 2 + len(payers)  # the row, its total, a column a payer
    sheet = book.sheet(words.corrected_sheet, title, HEADER_ROW + 1, columns)
    heading(checked, book, sheet)
    if correction.prevented_by is not None:
        sheet.write_string(HEADER_ROW, 0, words.corrected_prevented_by[correction.prevented_by])
        return
    names = [payer_name(checked, payer) for payer in payers]
    book.header(sheet, HEADER_ROW, (words.row, words.total, *names))
    where = {row.path: HEADER_ROW + 1 + i for i, row in enumerate(table.rows)}
    labels = [row.label or unnamed(checked, row.path) or "/".join(row.path) for row in table.rows]
    last = column_letter(columns - 1)
    for row, label in zip(table.rows, labels):
        r, new, bold = where[row.path], correction.rows[row.path], len(row.path) < 2
        sheet.write_string(r, 0, label, book.format(bold=bold, indent=1 if len(row.path) >= 2 else 0))
        children = [where[child.path] + 1 for child in table.children(row.path)]
        for column, (payer, value) in enumerate(zip(payers, new.figures), start=2):
            published = row.allocation[payer]
            if children:
                letter = column_letter(column)
                formula = f"=SUM({','.join(f'{letter}{child}' for child in children)})"
                sheet.write_formula(r, column, formula, figure_format(checked, book, bold, published, value), value)
            else:
                sheet.write_number(r, column, value, figure_format(checked, book, bold, published, value))
            published_comment(checked, sheet, r, column, published, value)
        total_format = figure_format(checked, book, bold, row.total, new.total)
        sheet.write_formula(r, 1, f"=SUM(C{r + 1}:{last}{r + 1})", total_format, new.total)
        published_comment(checked, sheet, r, 1, row.total, new.total)
    end = HEADER_ROW + 1 + len(table.rows)
    book.note(sheet, end + 1, words.corrected_workbook_note, columns)
    for r, line in enumerate(key_lines(checked), start=end + 2):
        sheet.write_string(r, 0, line)
    sheet.freeze_panes(HEADER_ROW + 1, 1)


def heading(checked: Checked, book: Book, sheet: Worksheet) -> None:
    """Below a sheet's title: the summary, and the scenario's banner in the blank row above the header."""
    sheet.write_string(1, 0, summary(checked))
    for line in banner(checked):
        sheet.write_string(2, 0, line, book.format(bold=True))


def figure_format(checked: Checked, book: Book, bold: bool, published: Decimal, fixed: Decimal) -> Format:
    amount = book.amount(checked.report.unit, bold=bold)
    if published == fixed:
        return amount
    return book.format(num_format=amount.num_format, bold=True, bg_color=HIGHLIGHT)


def published_comment(
    checked: Checked, sheet: Worksheet, r: int, column: int, published: Decimal, fixed: Decimal
) -> None:
    if published != fixed:
        sheet.write_comment(r, column, checked.words.published.format(figure=amount(checked, published)))


def findings_sheet(
    checked: Checked, book: Book, title: str, name: str, headers: tuple[str, ...], findings: tuple[Finding, ...]
) -> None:
    """A finding a row: the row, the municipality, what it means, expected and found (numbers as numbers)."""
    report = checked.report
    sheet = book.sheet(name, title, HEADER_ROW + 1, len(headers))
    heading(checked, book, sheet)
    book.header(sheet, HEADER_ROW, headers, first_figure=3)
    for r, finding in enumerate(findings, start=HEADER_ROW + 1):
        cells = (row_name(checked, finding), payer_name(checked, finding.payer), meaning(checked, finding))
        for column, text in enumerate(cells):
            if text:
                sheet.write_string(r, column, text)
        # A misread figure as text: as the file writes it, then as sofin reads it (the table's cell).
        shown = finding.found if finding.written is None else found(checked, finding)
        for column, value in enumerate((finding.expected, shown), start=3):
            if isinstance(value, Decimal):
                places = None if on_grid(value, report.unit) else decimal_places(value)
                sheet.write_number(r, column, value, book.amount(report.unit, places=places))
            else:
                sheet.write_string(r, column, figure(checked, value), book.format(align="right"))
    for r, line in enumerate(key_lines(checked), start=HEADER_ROW + len(findings) + 2):
        sheet.write_string(r, 0, line)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
