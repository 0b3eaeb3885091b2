"""`sofin plan --format xlsx`: the text's sections on one sheet with live SUMs, and a native chart of the years."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.banner import payer_names, scenario_banner
from sofin.render.basis import period_basis_notes
from sofin.render.numbers import decimal_places
from sofin.render.plan.chart import Series, chart_series
from sofin.render.plan.document import key_headers, period_header, plan_note, signed, year_headers
from sofin.render.projection import projection_footnote
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from sofin.render.workbook import Book
    from sofin.results.plan import PeriodRow, Plan


def render_xlsx(plan: Plan, lang: Language) -> bytes:
    """The text's sections on one sheet. Each period total is the SUM of its row's years, each
    grand-total figure the SUM of the section's rows above it; every formula is stored with sofin's
    figure (see render/workbook.py). The rounding differences are numbers with every digit; a year a
    society does not run holds the language's mark for a missing figure, text that no SUM counts. Beside the
    tables, a native chart of the municipalities' years drawn from these cells (issue 26 item 2)."""
    from sofin.render.workbook import Book

    words, first = catalogue(lang).plan, plan.first
    start, end = plan.years[0], plan.years[-1]
    title = words.title.format(start=start, end=end, currency=first.currency)
    book = Book(title, start, lang, first.provenance)
    columns = len(plan.years) + 2  # the label, a column a year, the period total
    sheet = book.sheet(words.sheet.format(start=start, end=end), title, 1, columns)
    banner = scenario_banner(plan.scenario, payer_names(first.payers), lang)
    if banner is not None:
        book.note(sheet, 1, banner, columns)  # in the blank row under the title
    r = 2
    headers = []  # the sections' header rows: the chart's years are the municipalities' header's
    for heading, rows in ((words.society, plan.societies), (words.municipality, plan.municipalities)):
        headers.append(r)
        r = _period_section(book, sheet, r, heading, rows, plan, lang) + 2
    if plan.pay_law is not None:
        r = _pay_law_section(book, sheet, r, plan.pay_law, plan, lang) + 2
    if plan.key_changes:
        r = _key_section(book, sheet, r, plan, lang) + 2
    sheet.write_string(r, 0, words.rounding, book.format(bold=True))
    book.header(sheet, r + 1, (words.municipality, *year_headers(plan, lang)))
    places = max(decimal_places(signed(v)) for b in plan.rounding for v in b.cumulative)
    exact = book.amount(first.unit, places=places)
    first_balance = r + 2
    for r, balance in enumerate(plan.rounding, start=first_balance):
        sheet.write_string(r, 0, balance.payer.name)
        for column, value in enumerate(balance.cumulative, start=1):
            sheet.write_number(r, column, signed(value), exact)
    r = first_balance + len(plan.rounding) + 1
    book.note(sheet, r, plan_note(plan, lang), columns)
    bases = period_basis_notes(plan.allocations, lang)  # a row each, under the rounding note
    for offset, basis in enumerate(bases, start=2):
        book.note(sheet, r + offset, basis, columns)
    r += len(bases)
    footnote = projection_footnote(plan.assumptions, lang)
    if footnote is not None:
        book.note(sheet, r + 2, footnote, columns)
    _xlsx_chart(book, sheet, (sheet.dim_rowmax or 0) + 2, headers, plan, lang)
    return book.bytes()


def _period_section(
    book: Book, sheet: Worksheet, r: int, heading: str, rows: tuple[PeriodRow, ...], plan: Plan, lang: Language
) -> int:
    """A header at sheet row `r`, then `rows` and the grand total; return the grand total's row (0-based)."""
    from sofin.render.workbook import column_letter

    book.header(sheet, r, (heading, *year_headers(plan, lang), period_header(plan, lang)))
    unit, years = plan.first.unit, len(plan.years)
    amount, bold_amount = book.amount(unit), book.amount(unit, bold=True)
    missing = book.format(align="right")
    last_year = column_letter(years)
    first = r + 1
    for r, row in enumerate(rows, start=first):
        sheet.write_string(r, 0, row.label)
        for column, value in enumerate(row.figures, start=1):
            if value is None:
                sheet.write_string(r, column, catalogue(lang).missing, missing)
            else:
                sheet.write_number(r, column, value, amount)
        sheet.write_formula(r, years + 1, f"=SUM(B{r + 1}:{last_year}{r + 1})", amount, row.period_total)
    total = first + len(rows)
    grand = plan.grand_total
    sheet.write_string(total, 0, catalogue(lang).all_municipalities, book.format(bold=True))
    for column, value in enumerate((*grand.figures, grand.period_total), start=1):
        letter = column_letter(column)
        sheet.write_formula(total, column, f"=SUM({letter}{first + 1}:{letter}{total})", bold_amount, value)
    return total


# Issue 26 item 2: the chart beside the tables, from the first one's header down, over cells that hold nothing.
XLSX_CHART_SIZE = (560, 400)  # pixels (width, height): 20 rows of the default height


# Okabe and Ito's colours, told apart by readers who do not tell red from green; a series a colour.
XLSX_CHART_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


def _xlsx_chart(book: Book, sheet: Worksheet, r: int, headers: list[int], plan: Plan, lang: Language) -> None:
    """A clustered column chart of the municipalities' yearly figures (render/plan/chart.py's series) beside the
    tables, from the first section's header (`headers[0]`) down: each series' name, years and figures are
    references to the sheet's own cells (the municipalities' section, whose header is `headers[1]`), so that a
    figure edited in the sheet moves its bar. A group of the municipalities the chart does not name is a row of
    SUMs of their cells, under a heading, from sheet row `r` (under the notes). A projected year's bars are
    hatched, and the category axis's title names those years."""
    words, years, name = catalogue(lang).plan, len(plan.years), sheet.get_name()
    header = headers[1]
    rows = {row.id: header + 1 + at for at, row in enumerate(plan.municipalities)}
    chart = book.workbook.add_chart({"type": "column"})
    for colour, series in zip(XLSX_CHART_COLOURS, chart_series(plan, lang)):
        if len(series.rows) == 1:
            row = rows[series.rows[0].id]
        else:
            row = _xlsx_group_row(book, sheet, r, series, [rows[member.id] for member in series.rows], plan, lang)
        chart.add_series(
            {
                "name": [name, row, 0],
                "categories": [name, header, 1, header, years],
                "values": [name, row, 1, row, years],
                "fill": {"color": colour},
                "border": {"color": colour},
                "points": _xlsx_chart_points(colour, plan.projected),
                "gap": 80,
            }
        )
    projected = _xlsx_year_runs(plan.years, plan.projected)
    axis = words.xlsx_chart_projected.format(years=projected) if projected else words.xlsx_chart_years
    title = words.xlsx_chart_title.format(start=plan.years[0], end=plan.years[-1])
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True}})
    chart.set_x_axis({"name": axis, "name_font": {"size": 10, "bold": False}})
    amount = words.xlsx_chart_amount.format(currency=plan.first.currency)
    chart.set_y_axis({"name": amount, "name_font": {"size": 10, "bold": False}, "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    book.chart_beside(sheet, headers[0], chart, XLSX_CHART_SIZE, title)


def _xlsx_group_row(
    book: Book, sheet: Worksheet, r: int, series: Series, members: list[int], plan: Plan, lang: Language
) -> int:
    """The group's heading at sheet row `r` and, under it, its label and a SUM a year of its municipalities'
    cells (stored with sofin's figure, as every formula is); return that row (0-based)."""
    from sofin.render.workbook import column_letter

    sheet.write_string(r, 0, catalogue(lang).plan.xlsx_chart_group, book.format(bold=True))
    sheet.write_string(r + 1, 0, series.label)
    amount = book.amount(plan.first.unit)
    for column, figure in enumerate(series.figures, start=1):
        letter = column_letter(column)
        cells = ",".join(
            f"{letter}{first + 1}" + (f":{letter}{last + 1}" if last > first else "")
            for first, last in _xlsx_runs(members)
        )
        sheet.write_formula(r + 1, column, f"=SUM({cells})", amount, figure)
    return r + 1


def _xlsx_runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Numbers as runs of consecutive ones, (first, last) each, in order: (0-based) rows 5, 6, 7 and 9 are
    two runs, B6:B8 and B10 in a formula."""
    runs: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _xlsx_chart_points(colour: str, projected: tuple[bool, ...]) -> list[dict[str, object] | None] | None:
    """A projected year's bar hatched in the series' colour on white; an adopted year's (None) as the series'."""
    if not any(projected):
        return None
    hatched: dict[str, object] = {
        "pattern": {"pattern": "wide_upward_diagonal", "fg_color": colour, "bg_color": "#FFFFFF"},
        "border": {"color": colour},
    }
    return [hatched if year else None for year in projected]


def _xlsx_year_runs(years: tuple[int, ...], flags: tuple[bool, ...]) -> str:
    """The flagged years as runs, `2026–2029` or `2026, 2028–2029`; empty when none is."""
    runs = _xlsx_runs([year for year, flag in zip(years, flags) if flag])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def _pay_law_section(book: Book, sheet: Worksheet, r: int, row: PeriodRow, plan: Plan, lang: Language) -> int:
    """What the pay law adds over the staff rate alone, at sheet row `r`: its title, a header, its row with
    the period total as a SUM; return that row (0-based)."""
    from sofin.render.workbook import column_letter

    words = catalogue(lang).plan
    sheet.write_string(r, 0, words.pay_effect, book.format(bold=True))
    book.header(sheet, r + 1, ("", *year_headers(plan, lang), period_header(plan, lang)))
    amount, years, r = book.amount(plan.first.unit), len(plan.years), r + 2
    sheet.write_string(r, 0, words.pay_effect_row)
    for column, value in enumerate(row.figures, start=1):
        if value is None:
            sheet.write_string(r, column, catalogue(lang).missing, book.format(align="right"))
        else:
            sheet.write_number(r, column, value, amount)
    sheet.write_formula(r, years + 1, f"=SUM(B{r + 1}:{column_letter(years)}{r + 1})", amount, row.period_total)
    return r


def _key_section(book: Book, sheet: Worksheet, r: int, plan: Plan, lang: Language) -> int:
    """The key from each year it changes, at sheet row `r`: its title, a header, a row a payer; return the last row."""
    sheet.write_string(r, 0, catalogue(lang).allocate.key, book.format(bold=True))
    book.header(sheet, r + 1, (catalogue(lang).plan.municipality, *key_headers(plan, lang)))
    share = book.share()
    first = r + 2
    for p, payer in enumerate(plan.first.payers):
        sheet.write_string(first + p, 0, payer.name)
        for column, key in enumerate(plan.keys, start=1):
            sheet.write_number(first + p, column, key.shares[p], share)
    return first + len(plan.first.payers) - 1
