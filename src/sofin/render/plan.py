"""`sofin plan`: the period's years side by side, as text, Markdown, CSV, JSON or a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from sofin.render import CsvDialect, PlanFormat
from sofin.render.banner import payer_names, scenario_banner
from sofin.render.basis import period_basis_notes
from sofin.render.chart import Series, chart_series
from sofin.render.csvtable import CsvTable, csv_notes, projected_cell
from sofin.render.document import json_text
from sofin.render.markdown import markdown_text
from sofin.render.numbers import (
    decimal_places,
    local_amount,
    local_decimal,
    local_percent,
    plain_amount,
    plain_exact,
)
from sofin.render.page import PORTRAIT, banner_html, figures_row, html_page, notes_html
from sofin.render.projection import marked, notes, projection_footnote
from sofin.render.svg import period_chart
from sofin.words import DEFAULT, MACHINE, Language, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from xlsxwriter.worksheet import Worksheet

    from sofin.render.workbook import Book
    from sofin.results.plan import PeriodRow, Plan


@dataclass(frozen=True)
class _Section:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # the last, bold line


def render_plan(
    plan: Plan, output_format: PlanFormat, lang: Language = DEFAULT, dialect: CsvDialect = CsvDialect.plain
) -> str | bytes:
    match output_format:
        case PlanFormat.html:  # issue 26 item 1
            return _html(plan, lang)
        case PlanFormat.svg:  # issue 26 item 5
            return plan_chart(plan, lang, standalone=True)
        case PlanFormat.xlsx:
            return _xlsx(plan, lang)
        case PlanFormat.json:
            return _json(plan)
        case PlanFormat.csv:
            return _csv(plan, dialect)
        case PlanFormat.markdown:
            return _markdown(plan, lang)
        case _:
            return _text(plan, lang)


@dataclass(frozen=True)
class _Document:
    banner: str | None  # a scenario's, above the title
    title: str
    sections: list[_Section]
    note: str
    footnote: str | None  # what the marked years rest on
    basis: list[str]  # what each year's amounts rest on, one note a run of years alike (issue 23 item 10)


def _document(plan: Plan, lang: Language) -> _Document:
    words = catalogue(lang).plan
    start, end = plan.years[0], plan.years[-1]
    unit = plan.first.unit
    missing = catalogue(lang).missing
    years = _year_headers(plan, lang)
    period = _period_header(plan, lang)

    def amounts(row: PeriodRow, label: str | None = None) -> tuple[str, ...]:
        figures = (missing if v is None else local_amount(v, unit, lang) for v in row.figures)
        return (label or row.label, *figures, local_amount(row.period_total, unit, lang))

    grand = amounts(plan.grand_total, catalogue(lang).all_municipalities)
    balances = plan.rounding
    places = max(decimal_places(_signed(v)) for b in balances for v in b.cumulative)
    sections = [
        _Section("", (words.society, *years, period), tuple(amounts(r) for r in plan.societies), grand),
        _Section("", (words.municipality, *years, period), tuple(amounts(r) for r in plan.municipalities), grand),
    ]
    if plan.pay_law is not None:
        sections.append(
            _Section(words.pay_effect, ("", *years, period), (amounts(plan.pay_law, words.pay_effect_row),))
        )
    if plan.key_changes:
        sections.append(
            _Section(
                catalogue(lang).allocate.key,
                (words.municipality, *_key_headers(plan, lang)),
                tuple(
                    (payer.name, *(local_percent(key.shares[p], lang) for key in plan.keys))
                    for p, payer in enumerate(plan.first.payers)
                ),
            )
        )
    sections.append(
        _Section(
            words.rounding,
            (words.municipality, *years),
            tuple((b.payer.name, *(local_decimal(_signed(v), lang, places) for v in b.cumulative)) for b in balances),
        )
    )
    return _Document(
        scenario_banner(plan.scenario, payer_names(plan.first.payers), lang),
        words.title.format(start=start, end=end, currency=plan.first.currency),
        sections,
        _note(plan, lang),
        projection_footnote(plan.assumptions, lang),
        period_basis_notes(plan.allocations, lang),
    )


def _year_headers(plan: Plan, lang: Language) -> tuple[str, ...]:
    """Each year, with the projection mark when its figures are projected."""
    return tuple(marked(str(year), projected, lang) for year, projected in zip(plan.years, plan.projected))


def _period_header(plan: Plan, lang: Language) -> str:
    """The period totals' header, marked when any year is projected (then so are they)."""
    period = catalogue(lang).plan.period_total.format(start=plan.years[0], end=plan.years[-1])
    return marked(period, bool(plan.assumptions), lang)


def _key_headers(plan: Plan, lang: Language) -> tuple[str, ...]:
    return tuple(catalogue(lang).projection.key_from.format(year=key.start) for key in plan.keys)


def _note(plan: Plan, lang: Language) -> str:
    words = catalogue(lang).plan
    return f"{words.rounding_note} {words.fair if plan.fair else words.not_fair}"


def _signed(value: Decimal) -> Decimal:
    return value.normalize() if value else Decimal(0)


def _text(plan: Plan, lang: Language) -> str:
    from sofin.render.text import Grid, plain_text

    document = _document(plan, lang)
    tables: list[str | Grid] = []
    for section in document.sections:
        if section.title:  # a line of its own: rich would wrap a table's title to the table's width
            tables.append(section.title)
        rows = [*section.rows, *([section.total] if section.total else [])]
        sections = frozenset({len(section.rows)}) if section.total else frozenset()
        right = [False, *[True] * (len(section.headers) - 1)]
        tables.append(Grid(section.headers, right, rows, sections))
    above = () if document.banner is None else (document.banner, "")
    below = () if document.footnote is None else ("", document.footnote)
    basis = [line for note in document.basis for line in ("", note)]
    return plain_text(*above, document.title, *tables, document.note, *basis, *below)


def _markdown_row(cells: Sequence[str], bold: bool = False) -> str:
    """A table row, each cell escaped: a society named "A|B" moved its years' figures a column on."""
    texts = (markdown_text(cell) for cell in cells)
    return "| " + " | ".join(f"**{text}**" if bold else text for text in texts) + " |"


def _markdown(plan: Plan, lang: Language) -> str:
    document = _document(plan, lang)
    out = [] if document.banner is None else [f"> **{document.banner}**", ""]
    out.append(f"## {markdown_text(document.title)}")
    for section in document.sections:
        out += ["", f"### {markdown_text(section.title)}"] if section.title else []
        out += ["", _markdown_row(section.headers), "|---|" + "---:|" * (len(section.headers) - 1)]
        out += [_markdown_row(row) for row in section.rows]
        if section.total:
            out.append(_markdown_row(section.total, bold=True))
    out += ["", document.note]
    out += [line for note in document.basis for line in ("", markdown_text(note))]
    if document.footnote is not None:
        out += ["", document.footnote]
    return "\n".join(out) + "\n"


def _csv(plan: Plan, dialect: CsvDialect) -> str:
    """One line per society, municipality and rounding balance, `projected` 1 when any of its years is;
    plain decimals, 0 in a year a society does not run (a number: an empty cell was NaN to pandas); then
    a line of kind `projected`, 1 in each projected year; the notes after the data, on `#` lines."""
    table = CsvTable(dialect)
    unit = plan.first.unit

    def projected(figures: Sequence[Decimal | None]) -> str:
        return projected_cell(any(p for p, v in zip(plan.projected, figures) if v is not None))

    def amounts(row: PeriodRow) -> list[str]:
        return [
            projected(row.figures),
            *(plain_amount(Decimal(0) if v is None else v, unit) for v in row.figures),
            plain_amount(row.period_total, unit),
        ]

    table.row(["kind", "id", "label", "projected", *map(str, plan.years), "period_total"])
    for kind, rows in (("society", plan.societies), ("payer", plan.municipalities)):
        for row in rows:
            table.row([kind, row.id, row.label], amounts(row))
    table.row(["total", "", catalogue(MACHINE).all_municipalities], amounts(plan.grand_total))
    if plan.pay_law is not None:  # what the pay law adds over the staff rate alone; nothing in a year it computed none
        table.row(["pay_law", "", catalogue(MACHINE).plan.pay_effect_row], amounts(plan.pay_law))
    for balance in plan.rounding:
        cumulative = [plain_exact(v, unit) for v in balance.cumulative]
        row_cells = [projected(balance.cumulative), *cumulative, cumulative[-1]]
        table.row(["rounding_cumulative", balance.payer.id, balance.payer.name], row_cells)
    # Issue 23 item 2: projection is by year; a row's `projected` says only that one of its years is.
    by_year = [projected_cell(p) for p in plan.projected]
    projected_years = [projected_cell(any(plan.projected)), *by_year, str(sum(plan.projected))]
    table.row(["projected", "", catalogue(MACHINE).plan.projected_row], projected_years)
    csv_notes(table, notes(plan.scenario, payer_names(plan.first.payers), plan.assumptions, MACHINE))
    return table.text()


def _json(plan: Plan) -> str:
    from sofin.render.json_parts import PLAN_FORMAT_VERSION, assumption_json, provenance_json, scenario_json

    unit = plan.first.unit

    def by_year(values: tuple[Decimal | None, ...], exact: bool = False) -> dict[str, str | None]:
        text = plain_exact if exact else plain_amount
        return {str(year): None if value is None else text(value, unit) for year, value in zip(plan.years, values)}

    def period_row(row: PeriodRow) -> dict[str, object]:
        return {
            "id": row.id,
            "label": row.label if row is not plan.grand_total else catalogue(MACHINE).all_municipalities,
            "figures": by_year(row.figures),  # null in a year the society does not run
            "period_total": plain_amount(row.period_total, unit),
        }

    first = plan.first
    document: dict[str, object] = {
        "format_version": PLAN_FORMAT_VERSION,
        "strategy": first.strategy,
        "years": list(plan.years),
        "currency": first.currency,
        "unit": f"{unit:f}",
        "fair_period": plan.fair,
        "societies": [period_row(row) for row in plan.societies],
        "payers": [period_row(row) for row in plan.municipalities],
        "total": period_row(plan.grand_total),
        "rounding": [
            {
                "payer": balance.payer.id,
                "difference": by_year(balance.differences, exact=True),
                "cumulative": by_year(balance.cumulative, exact=True),
            }
            for balance in plan.rounding
        ],
        "rounding_error": by_year(tuple(a.rounding_error for a in plan.allocations), exact=True),
        "projected": {str(year): projected for year, projected in zip(plan.years, plan.projected)},
        "assumptions": [
            assumption_json(assumption) for assumption in plan.assumptions
        ],  # as allocate's JSON writes them
        "scenario": None if plan.scenario is None else scenario_json(plan.scenario),
        "shares": {
            str(allocation.year): {payer.id: f"{payer.share:f}" for payer in allocation.payers}
            for allocation in plan.allocations
        },
    }
    if plan.pay_law is not None:  # what the pay law adds over the staff rate alone; null in a year it computed none
        document["pay_law"] = {
            "figures": by_year(plan.pay_law.figures),
            "period_total": plain_amount(plan.pay_law.period_total, unit),
        }
    if first.provenance is not None:
        document["provenance"] = provenance_json(first.provenance)
    return json_text(document)


# Issue 26 item 1: the printable page, A4 portrait (the tables have few columns and many rows: portrait
# gives the chart and the four tables the height they need on one page).
PLAN_STYLE = """
table.period { width: 100%; margin: 0 0 4mm; font-size: 9pt; }
table.period caption { font-weight: bold; margin: 0 0 1.5mm; }
table.period tr { break-inside: avoid; }
table.period tr.total th, table.period tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
table.period thead th { white-space: nowrap; }
""".strip()


def plan_html_body(plan: Plan, lang: Language, heading: str = "h1") -> str:
    """The plan for a page: the title in a `heading` element, the chart, the tables, their notes. No banner
    and no page shell (the page or the report adds them); the tables hold every figure the chart draws."""
    return _html_body(plan, _document(plan, lang), lang, heading)


def _html(plan: Plan, lang: Language) -> str:
    document = _document(plan, lang)
    body = banner_html(document.banner) + _html_body(plan, document, lang, "h1")
    return html_page(document.title, body, lang, plan.first.provenance, page_rule=PORTRAIT, style=PLAN_STYLE)


def _html_body(plan: Plan, document: _Document, lang: Language, heading: str) -> str:
    """plan_html_body of a document built once. Under the municipalities' table (the document's second), the
    chart's group of the municipalities it does not name, when it has one: its bars' figures are then in a
    table too, as in the workbook (issue 26: the table stays the source of every figure)."""
    series = chart_series(plan, lang)
    group = _group_section(plan, series, lang)
    sections = [*document.sections[:2], *([group] if group else []), *document.sections[2:]]
    tables = "".join(_section_html(section) for section in sections)
    notes = [document.note, *document.basis, *([document.footnote] if document.footnote else [])]
    return (
        f"<{heading}>{escape(document.title)}</{heading}>\n"
        f'<figure class="chart">\n{_chart(plan, series, lang)}</figure>\n{tables}{notes_html(notes)}'
    )


def _group_section(plan: Plan, series: Sequence[Series], lang: Language) -> _Section | None:
    """The chart's group as a table of one row, under the workbook's heading of it: its yearly figures and its
    period total, each the sum of its municipalities' (their rows in the table above)."""
    group = next((each for each in series if len(each.rows) > 1), None)
    if group is None:
        return None
    words, unit = catalogue(lang).plan, plan.first.unit
    total = sum((row.period_total for row in group.rows), Decimal(0))
    figures = (local_amount(figure, unit, lang) for figure in group.figures)
    row = (group.label, *figures, local_amount(total, unit, lang))
    return _Section(
        words.xlsx_chart_group, (words.municipality, *_year_headers(plan, lang), _period_header(plan, lang)), (row,)
    )


def _section_html(section: _Section) -> str:
    """A table of the period: its title as a caption, the years across, the figures on the right."""

    caption = f"<caption>{escape(section.title)}</caption>\n" if section.title else ""
    headers = "".join(f'<th scope="col">{escape(header)}</th>' for header in section.headers)
    total = figures_row(section.total[0], section.total[1:], "total") + "\n" if section.total else ""
    body = "".join(figures_row(label, figures) + "\n" for label, *figures in section.rows)
    return (
        f'<table class="period">\n{caption}<thead><tr>{headers}</tr></thead>\n<tbody>\n{body}{total}</tbody>\n'
        "</table>\n"
    )


def plan_chart(plan: Plan, lang: Language, *, standalone: bool = False) -> str:
    """The chart of each municipality's yearly total (render/chart.py's series), as SVG (issue 26 item 5)."""
    return _chart(plan, chart_series(plan, lang), lang, standalone=standalone)


def _chart(plan: Plan, series: Sequence[Series], lang: Language, *, standalone: bool = False) -> str:
    words = catalogue(lang).plan
    start, end, currency = plan.years[0], plan.years[-1], plan.first.currency
    title = words.chart_title.format(start=start, end=end, currency=currency)
    named = ", ".join(each.label for each in series if len(each.rows) == 1)
    desc = [words.chart_desc.format(start=start, end=end, currency=currency, names=named or "—")]
    desc += [
        words.chart_group.format(group=each.label, names=", ".join(row.label for row in each.rows))
        for each in series
        if len(each.rows) > 1
    ]
    projected = [str(year) for year, is_projected in zip(plan.years, plan.projected) if is_projected]
    if projected:
        desc.append(words.chart_desc_projected.format(years=", ".join(projected)))
    # A scenario's chart says it is one (README): the short word in its title, the whole banner first in its
    # description and, in a file of its own, above the chart; a page shows the banner above its title.
    banner = scenario_banner(plan.scenario, payer_names(plan.first.payers), lang)
    if banner is not None:
        title = words.chart_scenario_title.format(title=title)
        desc.insert(0, banner.rstrip(".") + ".")
    return period_chart(
        series,
        plan.years,
        plan.projected,
        plan.first.unit,
        lang,
        title,
        " ".join(desc),
        standalone=standalone,
        banner=banner if standalone else None,
    )


def _xlsx(plan: Plan, lang: Language) -> bytes:
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
    book.header(sheet, r + 1, (words.municipality, *_year_headers(plan, lang)))
    places = max(decimal_places(_signed(v)) for b in plan.rounding for v in b.cumulative)
    exact = book.amount(first.unit, places=places)
    first_balance = r + 2
    for r, balance in enumerate(plan.rounding, start=first_balance):
        sheet.write_string(r, 0, balance.payer.name)
        for column, value in enumerate(balance.cumulative, start=1):
            sheet.write_number(r, column, _signed(value), exact)
    r = first_balance + len(plan.rounding) + 1
    book.note(sheet, r, _note(plan, lang), columns)
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

    book.header(sheet, r, (heading, *_year_headers(plan, lang), _period_header(plan, lang)))
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
    """A clustered column chart of the municipalities' yearly figures (render/chart.py's series) beside the
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
    book.header(sheet, r + 1, ("", *_year_headers(plan, lang), _period_header(plan, lang)))
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
    book.header(sheet, r + 1, (catalogue(lang).plan.municipality, *_key_headers(plan, lang)))
    share = book.share()
    first = r + 2
    for p, payer in enumerate(plan.first.payers):
        sheet.write_string(first + p, 0, payer.name)
        for column, key in enumerate(plan.keys, start=1):
            sheet.write_number(first + p, column, key.shares[p], share)
    return first + len(plan.first.payers) - 1
