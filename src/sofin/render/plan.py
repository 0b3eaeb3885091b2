"""`sofin plan`: the period's years side by side, as text, Markdown, CSV, JSON or a workbook."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render import PlanFormat
from sofin.render.document import json_text
from sofin.render.numbers import decimal_places, local_amount, local_decimal, plain_amount, plain_exact
from sofin.words import DEFAULT, MACHINE, Language, catalogue

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from sofin.render.workbook import Book
    from sofin.results.plan import PeriodRow, Plan


@dataclass(frozen=True)
class _Section:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # the last, bold line


def render_plan(plan: Plan, output_format: PlanFormat, lang: Language = DEFAULT) -> str | bytes:
    match output_format:
        case PlanFormat.xlsx:
            return _xlsx(plan, lang)
        case PlanFormat.json:
            return _json(plan)
        case PlanFormat.csv:
            return _csv(plan)
        case PlanFormat.markdown:
            return _markdown(plan, lang)
        case _:
            return _text(plan, lang)


def _sections(plan: Plan, lang: Language) -> tuple[str, list[_Section], str]:
    words = catalogue(lang).plan
    start, end = plan.years[0], plan.years[-1]
    unit = plan.first.unit
    years = tuple(str(year) for year in plan.years)
    period = words.period_total.format(start=start, end=end)

    def amounts(row: PeriodRow, label: str | None = None) -> tuple[str, ...]:
        return (label or row.label, *(local_amount(v, unit, lang) for v in (*row.figures, row.period_total)))

    grand = amounts(plan.grand_total, catalogue(lang).all_municipalities)
    balances = plan.rounding
    places = max(decimal_places(_signed(v)) for b in balances for v in b.cumulative)
    sections = [
        _Section("", (words.society, *years, period), tuple(amounts(r) for r in plan.societies), grand),
        _Section("", (words.municipality, *years, period), tuple(amounts(r) for r in plan.municipalities), grand),
        _Section(
            words.rounding,
            (words.municipality, *years),
            tuple((b.payer.name, *(local_decimal(_signed(v), lang, places) for v in b.cumulative)) for b in balances),
        ),
    ]
    title = words.title.format(start=start, end=end, currency=plan.first.currency)
    note = f"{words.rounding_note} {words.fair if plan.fair else words.not_fair}"
    return title, sections, note


def _signed(value: Decimal) -> Decimal:
    return value.normalize() if value else Decimal(0)


def _text(plan: Plan, lang: Language) -> str:
    from rich import box
    from rich.table import Table

    from sofin.render.text import plain_text

    title, sections, note = _sections(plan, lang)
    tables = []
    for section in sections:
        table = Table(title=section.title or None, box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column(section.headers[0])
        for header in section.headers[1:]:
            table.add_column(header, justify="right")
        for row in section.rows:
            table.add_row(*row)
        if section.total:
            table.add_section()
            table.add_row(*section.total)
        tables.append(table)
    return plain_text(title, *tables, note)


def _markdown(plan: Plan, lang: Language) -> str:
    title, sections, note = _sections(plan, lang)
    out = [f"## {title}"]
    for section in sections:
        out += ["", f"### {section.title}"] if section.title else []
        out += ["", "| " + " | ".join(section.headers) + " |", "|---|" + "---:|" * (len(section.headers) - 1)]
        out += ["| " + " | ".join(row) + " |" for row in section.rows]
        if section.total:
            out.append("| " + " | ".join(f"**{cell}**" for cell in section.total) + " |")
    return "\n".join([*out, "", note]) + "\n"


def _csv(plan: Plan) -> str:
    """One line per society, municipality and rounding balance; plain decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    unit = plan.first.unit
    writer.writerow(["kind", "id", "label", *plan.years, "period_total"])
    for kind, rows in (("society", plan.societies), ("payer", plan.municipalities)):
        for row in rows:
            writer.writerow(
                [kind, row.id, row.label, *(plain_amount(v, unit) for v in (*row.figures, row.period_total))]
            )
    grand = plan.grand_total
    writer.writerow(
        [
            "total",
            "",
            catalogue(MACHINE).all_municipalities,
            *(plain_amount(v, unit) for v in (*grand.figures, grand.period_total)),
        ]
    )
    for balance in plan.rounding:
        cumulative = [plain_exact(v, unit) for v in balance.cumulative]
        writer.writerow(["rounding_cumulative", balance.payer.id, balance.payer.name, *cumulative, cumulative[-1]])
    return buffer.getvalue()


def _json(plan: Plan) -> str:
    unit = plan.first.unit

    def by_year(values: tuple[Decimal, ...], exact: bool = False) -> dict[str, str]:
        text = plain_exact if exact else plain_amount
        return {str(year): text(value, unit) for year, value in zip(plan.years, values)}

    def period_row(row: PeriodRow) -> dict[str, object]:
        return {
            "id": row.id,
            "label": row.label if row is not plan.grand_total else catalogue(MACHINE).all_municipalities,
            "figures": by_year(row.figures),
            "period_total": plain_amount(row.period_total, unit),
        }

    first = plan.first
    document: dict[str, object] = {
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
    }
    if first.provenance is not None:
        from sofin.render.json import provenance_json

        document["provenance"] = provenance_json(first.provenance)
    return json_text(document)


def _xlsx(plan: Plan, lang: Language) -> bytes:
    """The text's three sections on one sheet. Each period total is the SUM of its row's years, each
    grand-total figure the SUM of the section's rows above it; every formula is stored with sofin's
    figure (see render/workbook.py). The rounding differences are numbers with every digit."""
    from sofin.render.workbook import LABEL_WIDTH, Book

    words, first = catalogue(lang).plan, plan.first
    start, end = plan.years[0], plan.years[-1]
    title = words.title.format(start=start, end=end, currency=first.currency)
    book = Book(title, start, lang, first.provenance)
    columns = len(plan.years) + 2  # the label, a column a year, the period total
    sheet = book.sheet(words.sheet.format(start=start, end=end), title, 1, columns)
    labels = [row.label for row in (*plan.societies, *plan.municipalities)]
    sheet.set_column(0, 0, max(LABEL_WIDTH, *(len(label) + 2 for label in labels)))  # no label cut off
    r = 2
    for heading, rows in ((words.society, plan.societies), (words.municipality, plan.municipalities)):
        r = _period_section(book, sheet, r, heading, rows, plan, lang) + 2
    sheet.write_string(r, 0, words.rounding, book.format(bold=True))
    book.header(sheet, r + 1, (words.municipality, *(str(year) for year in plan.years)))
    places = max(decimal_places(_signed(v)) for b in plan.rounding for v in b.cumulative)
    exact = book.amount(first.unit, places=places)
    first_balance = r + 2
    for r, balance in enumerate(plan.rounding, start=first_balance):
        sheet.write_string(r, 0, balance.payer.name)
        for column, value in enumerate(balance.cumulative, start=1):
            sheet.write_number(r, column, _signed(value), exact)
    note = f"{words.rounding_note} {words.fair if plan.fair else words.not_fair}"
    book.note(sheet, first_balance + len(plan.rounding) + 1, note, columns)
    return book.bytes()


def _period_section(
    book: Book, sheet: Worksheet, r: int, heading: str, rows: tuple[PeriodRow, ...], plan: Plan, lang: Language
) -> int:
    """A header at sheet row `r`, then `rows` and the grand total; return the grand total's row (0-based)."""
    from sofin.render.workbook import column_letter

    start, end = plan.years[0], plan.years[-1]
    period = catalogue(lang).plan.period_total.format(start=start, end=end)
    book.header(sheet, r, (heading, *(str(year) for year in plan.years), period))
    unit, years = plan.first.unit, len(plan.years)
    amount, bold_amount = book.amount(unit), book.amount(unit, bold=True)
    last_year = column_letter(years)
    first = r + 1
    for r, row in enumerate(rows, start=first):
        sheet.write_string(r, 0, row.label)
        for column, value in enumerate(row.figures, start=1):
            sheet.write_number(r, column, value, amount)
        sheet.write_formula(r, years + 1, f"=SUM(B{r + 1}:{last_year}{r + 1})", amount, row.period_total)
    total = first + len(rows)
    grand = plan.grand_total
    sheet.write_string(total, 0, catalogue(lang).all_municipalities, book.format(bold=True))
    for column, value in enumerate((*grand.figures, grand.period_total), start=1):
        letter = column_letter(column)
        sheet.write_formula(total, column, f"=SUM({letter}{first + 1}:{letter}{total})", bold_amount, value)
    return total
