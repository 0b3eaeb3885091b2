"""allocate's workbook: the section-4 overview, the exact key shares, one sheet per municipality.

The overview's every total is a live SUM over the cells it adds, stored with its value; each
municipality's sheet points at the overview. See workbook.py for what every sofin workbook shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.allocate.layout import footnote_mark, section4_layout
from sofin.render.projection import marked
from sofin.render.section4 import Layout
from sofin.render.workbook import Book, column_letter, reference
from sofin.results.allocate import Allocation, Row
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

FIRST_FIGURE_COLUMN = 2  # 0-based: A labels, B the total, C... one column per payer
HEADER_ROW, KEY_ROW, FIRST_ROW = 2, 3, 4  # 0-based sheet rows
KEY_COLUMN = 1  # issue 24 item 3: with keys of its own, B names each line's key, and the total and payers move right


def first_figure_column(allocation: Allocation) -> int:
    """The first payer's column (0-based) of the overview and the exact shares: C, or D after the keys' column."""
    return FIRST_FIGURE_COLUMN + bool(allocation.keys)


def render_xlsx(allocation: Allocation, lang: Language) -> bytes:
    words = catalogue(lang).allocate
    layout = section4_layout(allocation, lang)
    book = Book(layout.title, allocation.year, lang, allocation.provenance)
    overview, where = _overview(book, words.overview_sheet.format(year=allocation.year), allocation, layout, lang)
    _exact_shares(book, allocation, layout, lang)
    first = first_figure_column(allocation)
    for column in range(first, first + len(allocation.payers)):
        _payer_sheet(book, allocation, overview, column, where, layout, lang)
    return book.bytes()


def _banner(book: Book, sheet: Worksheet, layout: Layout, columns: int) -> None:
    """A scenario's banner in the blank row under every sheet's title (repeated with it on every page)."""
    if layout.banner is not None:
        book.note(sheet, 1, layout.banner, columns)


def _notes(book: Book, sheet: Worksheet, row: int, allocation: Allocation, layout: Layout, columns: int) -> None:
    """Under a sheet's table, a wrapped row each from `row` on: what its marked figures rest on, when any
    are projected, then which staff amounts the pay law computed and on what (the layout's last footnotes)."""
    for offset, note in enumerate(layout.footnotes[len(allocation.footnotes) :]):
        book.note(sheet, row + offset, note, columns)


def _legend(book: Book, sheet: Worksheet, row: int, layout: Layout, columns: int) -> int:
    """The keys' legend (issue 24 item 3), a wrapped row a line from `row` on; the row after it (after a
    blank one), or `row` for a table of one key."""
    for offset, line in enumerate(layout.legend):
        book.note(sheet, row + offset, line, columns)
    return row + len(layout.legend) + 1 if layout.legend else row


def _key_cells(
    book: Book, sheet: Worksheet, layout: Layout, header_row: int, where: dict[tuple[str, ...], int], rows: list[Row]
) -> None:
    """The column of each line's key by name (issue 24 item 3): its header, then a line's key in its row."""
    sheet.write_string(header_row, KEY_COLUMN, layout.key_column or "", book.format(bold=True))
    for row in rows:
        if row.key:
            sheet.write_string(where[row.path], KEY_COLUMN, row.key)


def _overview(
    book: Book, name: str, allocation: Allocation, layout: Layout, lang: Language
) -> tuple[Worksheet, dict[tuple[str, ...], int]]:
    """Write the section-4 table; return its sheet and the (0-based) sheet row of each table row."""
    payers, figures = len(allocation.payers), first_figure_column(allocation)
    width = figures + payers
    sheet = book.sheet(name, layout.title, HEADER_ROW + 2, width)
    _banner(book, sheet, layout, width)
    header = book.format(bold=True, align="right")  # over its figures, as the key beneath it
    for column, text in enumerate(layout.headers, start=figures - 1):
        sheet.write_string(HEADER_ROW, column, text, header)
    sheet.write_string(KEY_ROW, 0, layout.key_label)
    marks = _marks(allocation)
    for column, payer in enumerate(allocation.payers, start=figures):
        sheet.write_number(KEY_ROW, column, payer.share, book.share(marks[payer.id], align="right"))

    grand_total, *rest = allocation.rows
    order = [*rest, grand_total]  # section 4 prints the grand total last
    where = {row.path: FIRST_ROW + i for i, row in enumerate(order)}
    if allocation.keys:
        _key_cells(book, sheet, layout, HEADER_ROW, where, order)
    first, last = column_letter(figures), column_letter(figures + payers - 1)
    for row in order:
        r, bold = where[row.path], row.level < 2
        label = catalogue(lang).allocate.grand_total if row.level == 0 else row.label
        label = marked(label, row.projected, lang)
        sheet.write_string(r, 0, label, book.format(bold=bold, indent=1 if row.level == 2 else 0))
        children = [where[child.path] + 1 for child in allocation.children(row.path)]
        for column, (payer, value) in enumerate(zip(allocation.payers, row.allocation), start=figures):
            mark = footnote_mark(row, payer.id)  # kept in the format, so that the figure stays a number
            amount = book.amount(allocation.unit, mark, bold, marks=marks[payer.id])
            if children:
                letter = column_letter(column)
                formula = f"=SUM({','.join(f'{letter}{child}' for child in children)})"
                sheet.write_formula(r, column, formula, amount, value)
            else:
                sheet.write_number(r, column, value, amount)
        total_formula = f"=SUM({first}{r + 1}:{last}{r + 1})"
        sheet.write_formula(r, figures - 1, total_formula, book.amount(allocation.unit, bold=bold), row.total)
    below = _legend(book, sheet, FIRST_ROW + len(order) + 1, layout, width)
    in_kind = layout.footnotes[: len(allocation.footnotes)]  # a paragraph each, as the notes below them
    for offset, note in enumerate(in_kind):
        book.note(sheet, below + offset, note, width)
    _notes(book, sheet, below + len(in_kind), allocation, layout, width)
    sheet.freeze_panes(FIRST_ROW, 1)
    return sheet, where


def _marks(allocation: Allocation) -> dict[str, int]:
    """The widest footnote mark in each payer's column (by payer id), to which its figures are padded."""
    return {
        payer.id: max((len(footnote_mark(row, payer.id)) for row in allocation.rows), default=0)
        for payer in allocation.payers
    }


def _exact_shares(book: Book, allocation: Allocation, layout: Layout, lang: Language) -> None:
    words = catalogue(lang).allocate
    payers, figures = len(allocation.payers), first_figure_column(allocation)
    sheet = book.sheet(words.exact_sheet, words.exact_title.format(year=allocation.year), 3, figures + payers)
    _banner(book, sheet, layout, figures + payers)
    bold = book.format(bold=True, align="right")
    headers = [words.total, *(payer.name.upper() for payer in allocation.payers)]
    for column, text in enumerate(headers, start=figures - 1):
        sheet.write_string(2, column, text, bold)
    places = max(-int(value.as_tuple().exponent) for row in allocation.rows for value in row.exact)
    exact = book.amount(allocation.unit, places=max(places, 0))
    grand_total, *rest = allocation.rows
    order = [*rest, grand_total]  # in the overview's order
    if allocation.keys:
        _key_cells(book, sheet, layout, 2, {row.path: 3 + i for i, row in enumerate(order)}, order)
    for r, row in enumerate(order, start=3):
        sheet.write_string(r, 0, marked(words.grand_total if row.level == 0 else row.label, row.projected, lang))
        sheet.write_number(r, figures - 1, row.total, book.amount(allocation.unit))
        for column, value in enumerate(row.exact, start=figures):
            sheet.write_number(r, column, value, exact)
    below = _legend(book, sheet, 3 + len(allocation.rows) + 1, layout, figures + payers)
    _notes(book, sheet, below, allocation, layout, figures + payers)


def _payer_sheet(
    book: Book,
    allocation: Allocation,
    overview: Worksheet,
    column: int,
    where: dict[tuple[str, ...], int],
    layout: Layout,
    lang: Language,
) -> None:
    words = catalogue(lang).allocate
    index = column - first_figure_column(allocation)
    payer = allocation.payers[index]
    sheet: Worksheet = book.sheet(payer.name, words.pays_title.format(payer=payer.name, year=allocation.year), 3, 2)
    _banner(book, sheet, layout, 2)
    bold = book.format(bold=True)
    sheet.write_string(2, 0, words.society, bold)
    sheet.write_string(2, 1, words.annual, book.format(bold=True, align="right"))
    letter = column_letter(column)
    societies = allocation.children(())
    for r, row in enumerate(societies, start=3):
        sheet.write_string(r, 0, marked(row.label, row.projected, lang))
        formula = "=" + reference(overview, f"{letter}{where[row.path] + 1}")
        sheet.write_formula(r, 1, formula, book.amount(allocation.unit), row.allocation[index])
    total_row = 3 + len(societies)
    sheet.write_string(total_row, 0, marked(words.total, allocation.grand_total.projected, lang), bold)
    formula = f"=SUM(B4:B{total_row})"
    sheet.write_formula(
        total_row, 1, formula, book.amount(allocation.unit, bold=True), allocation.grand_total.allocation[index]
    )
    _notes(book, sheet, total_row + 2, allocation, layout, 2)
