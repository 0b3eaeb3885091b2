"""A municipality's payments schedule: terminal table, CSV, JSON, Markdown, an hledger journal, a printable
HTML page, a workbook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from typing import Any, assert_never

from sofin.render import CsvDialect, PaymentsFormat
from sofin.render.banner import banner_line, payer_names
from sofin.render.basis import basis_note
from sofin.render.csvtable import CsvTable, csv_notes, projected_cell
from sofin.render.dates import format_date
from sofin.render.document import json_text
from sofin.render.journal import commodity, one_line
from sofin.render.json_parts import PAYMENTS_FORMAT_VERSION, assumption_json, scenario_json
from sofin.render.markdown import markdown_text
from sofin.render.numbers import local_amount, plain_amount, plain_amounts
from sofin.render.page import LANDSCAPE, banner_html, figures_row, html_page, notes_html
from sofin.render.projection import marked, notes, pay_footnotes, projection_footnote
from sofin.results.payments import Payments
from sofin.results.schedule import Schedule
from sofin.words import MACHINE, Language, catalogue

_HEADER_ROW = 2  # the workbook's header row (0-based): below the title and a blank row


def period_labels(schedule: Schedule, lang: Language) -> list[str]:
    """The people's names of the periods the year is split into; none for the annual schedule."""
    if schedule is Schedule.monthly:
        return list(catalogue(lang).cldr.months)
    if schedule is Schedule.quarterly:
        return [catalogue(lang).payments.quarter.format(number=n) for n in range(1, 5)]
    return []


def period_keys(schedule: Schedule) -> list[str]:
    """Machine names of the instalments: 01..12, q1..q4, or year (paid once)."""
    if schedule is Schedule.monthly:
        return [f"{month:02d}" for month in range(1, 13)]
    if schedule is Schedule.quarterly:
        return [f"q{quarter}" for quarter in range(1, 5)]
    return ["year"]


def _shown(payments: Payments, instalments: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """The instalments people's formats show: none for the annual schedule, whose one instalment is the
    annual amount. (CSV and JSON list every instalment whatever the schedule, so that a program paying
    them one by one pays the annual one too.)"""
    return () if payments.schedule is Schedule.annual else instalments


def render_payments(
    payments: Payments, output_format: PaymentsFormat, lang: Language, dialect: CsvDialect = CsvDialect.plain
) -> str | bytes:
    match output_format:
        case PaymentsFormat.table:
            return _table(payments, lang)
        case PaymentsFormat.csv:
            return _csv(payments, dialect)
        case PaymentsFormat.json:
            return _json(payments)
        case PaymentsFormat.markdown:
            return _markdown(payments, lang)
        case PaymentsFormat.ledger:
            return _ledger(payments, lang)
        case PaymentsFormat.html:
            return _html(payments, lang)
        case PaymentsFormat.xlsx:
            return _xlsx(payments, lang)
        case _:
            assert_never(output_format)


def _title(payments: Payments, lang: Language) -> str:
    schedule = catalogue(lang).payments.schedules[payments.schedule.value]
    return catalogue(lang).payments.title.format(payer=payments.payer.name, year=payments.year, schedule=schedule)


def _banner(payments: Payments, lang: Language) -> list[str]:
    """The scenario's what-ifs, when the payments were computed with some."""
    if payments.scenario is None:
        return []
    return [banner_line(payments.scenario, payer_names(payments.payers), lang)]


def _footnote(payments: Payments, lang: Language) -> list[str]:
    """What the contracts, and so their instalments, rest on: as under allocate's table, what every amount
    rests on (issue 23, item 10: payments go into the contracts), then what the marked ones do."""
    basis = None if payments.allocation is None else basis_note(payments.allocation, lang)
    footnote = projection_footnote(payments.assumptions, lang) if payments.projected else None
    said = [note for note in (basis, footnote) if note is not None]
    return said + list(pay_footnotes(payments.pay_rows, lang))


def _uneven(payments: Payments, lang: Language) -> list[str]:
    """Why the instalments are not all equal, in one line (issue 23, item 12); none when they are. The line
    names the contracts whose extra units fall in later instalments than their first, and why."""
    uneven = payments.uneven
    if uneven is None:
        return []
    words, unit, currency = catalogue(lang).payments, payments.unit, payments.currency
    amounts = {
        "difference": f"{local_amount(uneven.difference, unit, lang)} {currency}",
        "periods": words.divided_by[payments.schedule.value],
    }
    if not uneven.remainder:
        head = words.uneven["contracts"].format(**amounts)
    else:
        head = words.uneven["total"].format(
            **amounts,
            annual=local_amount(payments.annual, unit, lang),
            remainder=f"{local_amount(uneven.remainder, unit, lang)} {currency}",
        )
    names = period_labels(payments.schedule, lang)
    said = [head]
    for reason in dict.fromkeys(contract.reason for contract in uneven.later):  # in table order
        later = [
            words.later.format(society=contract.label, periods=_periods_named(contract.periods, names, lang))
            for contract in uneven.later
            if contract.reason == reason
        ]
        if later:
            said.append(words.uneven[reason].format(contracts=_listed(later, lang)))
    return [" ".join(said)]


def _periods_named(periods: tuple[int, ...], names: list[str], lang: Language) -> str:
    """The periods by name, three or more in a row as one span (May–December)."""
    runs: list[list[int]] = []
    for period in periods:
        if runs and runs[-1][-1] == period - 1:
            runs[-1].append(period)
        else:
            runs.append([period])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts += [names[period] for period in run]
    return _listed(parts, lang)


def _listed(parts: list[str], lang: Language) -> str:
    """`a`, `a and b`, `a, b and c`, in the language."""
    if len(parts) == 1:
        return parts[0]
    return catalogue(lang).payments.and_list.format(first=", ".join(parts[:-1]), last=parts[-1])


def _labels(payments: Payments, lang: Language) -> list[str]:
    """Each contract's label, marked when projected (its instalments with it), then the total's."""
    labels = [marked(contract.label, contract.projected, lang) for contract in payments.contracts]
    return [*labels, marked(catalogue(lang).payments.total, payments.projected, lang)]


def _grid(payments: Payments, lang: Language) -> tuple[list[str], list[list[str]]]:
    """Header and body of the people's table: society, annual amount, one column per period (if split)."""
    words = catalogue(lang).payments
    header = [words.society, words.annual, *period_labels(payments.schedule, lang)]
    amounts = [(c.annual, *_shown(payments, c.instalments)) for c in payments.contracts]
    amounts.append((payments.annual, *_shown(payments, payments.totals)))
    rows = list(zip(_labels(payments, lang), amounts))
    body = [[label, *(local_amount(value, payments.unit, lang) for value in values)] for label, values in rows]
    return header, body


def _table(payments: Payments, lang: Language) -> str:
    from sofin.render.text import Grid, plain_text

    header, body = _grid(payments, lang)
    right = [False, *[True] * (len(header) - 1)]
    table = Grid(header, right, body, frozenset({len(body) - 1}), _title(payments, lang))
    return plain_text(*_banner(payments, lang), table, *_uneven(payments, lang), *_footnote(payments, lang))


def _markdown(payments: Payments, lang: Language) -> str:
    header, body = _grid(payments, lang)
    # Every cell escaped: a society named "A|B" moved its instalments a month on.
    header, body = [markdown_text(cell) for cell in header], [[markdown_text(cell) for cell in row] for row in body]
    out = [f"## {markdown_text(_title(payments, lang))}", ""]
    out += [f"**{banner}**\n" for banner in _banner(payments, lang)]
    out += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    out += ["| " + " | ".join(row) + " |" for row in body[:-1]]
    out.append("| " + " | ".join(f"**{cell}**" for cell in body[-1]) + " |")
    out += [f"\n{markdown_text(line)}" for line in _uneven(payments, lang)]
    out += [f"\n{markdown_text(footnote)}" for footnote in _footnote(payments, lang)]  # a name may hold a |
    return "\n".join(out) + "\n"


def _csv(payments: Payments, dialect: CsvDialect) -> str:
    """`path,label,projected,annual` and one column per instalment (`year` for the annual schedule);
    the notes after the data, on `#` lines."""
    table = CsvTable(dialect)
    table.row(["path", "label", "projected", "annual", *period_keys(payments.schedule)])
    rows = [(c.path, c.label, c.projected, c.annual, c.instalments) for c in payments.contracts]
    rows.append(((), catalogue(MACHINE).payments.total, payments.projected, payments.annual, payments.totals))
    for path, label, projected, annual, instalments in rows:
        table.row(
            ["/".join(path), label], [projected_cell(projected), *plain_amounts((annual, *instalments), payments.unit)]
        )
    said = notes(payments.scenario, payer_names(payments.payers), payments.assumptions, MACHINE)
    csv_notes(table, [*_uneven(payments, MACHINE), *said, *pay_footnotes(payments.pay_rows, MACHINE)])
    return table.text()


def _json(payments: Payments) -> str:
    """Every contract and the total as `{path, label, annual, instalments}`; `instalments` maps each
    instalment's period to its amount (`year` for the annual schedule, the annual amount paid once)."""

    def entry(
        path: tuple[str, ...], label: str, annual: Decimal, instalments: tuple[Decimal, ...], projected: bool
    ) -> dict[str, Any]:
        shown = plain_amounts(instalments, payments.unit)
        return {
            "path": list(path),
            "label": label,
            "annual": plain_amount(annual, payments.unit),
            "instalments": dict(zip(period_keys(payments.schedule), shown, strict=True)),
            "projected": projected,
        }

    document = {
        "format_version": PAYMENTS_FORMAT_VERSION,
        "year": payments.year,
        "payer": {"id": payments.payer.id, "name": payments.payer.name, "share": f"{payments.payer.share:f}"},
        "schedule": payments.schedule.value,
        "currency": payments.currency,
        "unit": f"{payments.unit:f}",
        "contracts": [entry(c.path, c.label, c.annual, c.instalments, c.projected) for c in payments.contracts],
        "total": entry((), catalogue(MACHINE).payments.total, payments.annual, payments.totals, payments.projected),
        # As allocate's JSON says them: whether the amounts are projections, on which rates, and the what-ifs.
        "projected": payments.projected,
        "assumptions": [assumption_json(assumption) for assumption in payments.assumptions],
        "scenario": None if payments.scenario is None else scenario_json(payments.scenario),
        # Issue 23, item 12: why the instalments are not all equal (null when they are): they differ by
        # `difference` at most; `remainder` is what the annual total leaves over, divided into `periods`;
        # `later` names the contracts whose extra units are not in their first instalments.
        "uneven": None
        if payments.uneven is None
        else {
            "difference": plain_amount(payments.uneven.difference, payments.unit),
            "remainder": plain_amount(payments.uneven.remainder, payments.unit),
            "periods": payments.schedule.periods,
            # The contracts whose extra units reach later instalments than their first, and why (see Later).
            "later": [
                {
                    "path": list(contract.path),
                    "label": contract.label,
                    "instalments": [period_keys(payments.schedule)[period] for period in contract.periods],
                    "reason": contract.reason,
                }
                for contract in payments.uneven.later
            ],
        },
    }
    return json_text(document)


def _ledger(payments: Payments, lang: Language) -> str:
    """An hledger journal: one transaction per instalment on its due date, charging the municipality's
    expense for the society against what it owes the society. Recording the actual payments against the
    payable accounts, `hledger balance` shows what is still owed, society by society. A scenario's banner
    and the projection's footnote are comments at the top, the mark a comment in each projected instalment."""
    words, unit, currency = catalogue(lang).ledger, payments.unit, payments.currency
    periods = period_labels(payments.schedule, lang) or [catalogue(lang).payments.annual]
    out = [
        f"; {one_line(_title(payments, lang))}",
        "; " + words.heading.format(year=payments.year, currency=currency, unit=f"{unit:f}"),
        *(
            f"; {one_line(text)}"
            for text in (*_banner(payments, lang), *_uneven(payments, lang), *_footnote(payments, lang))
        ),
    ]
    out += ["", commodity(unit, currency), ""]
    accounts = [
        (f"{kind}:{':'.join(c.path)}", c.label) for kind in (words.expenses, words.payable) for c in payments.contracts
    ]
    out += [f"account {account}  ; {one_line(label)}" for account, label in accounts]
    width = max(len(account) for account, _ in accounts)

    def posting(account: str, amount: Decimal) -> str:
        return f"    {account:<{width}}  {plain_amount(amount, unit):>14} {currency}"

    for period, (due, name) in enumerate(zip(payments.due, periods)):
        for contract in payments.contracts:
            path, amount = ":".join(contract.path), contract.instalments[period]
            description = words.instalment.format(payer=payments.payer.name, society=contract.label, period=name)
            description = one_line(description)
            out += ["", f"{due.isoformat()} {description}  ; path:{'/'.join(contract.path)}"]
            if contract.projected:  # as allocate's journal marks a projected line: a comment hledger skips
                out.append(f"    ; {catalogue(lang).projection.mark}")
            out += [posting(f"{words.expenses}:{path}", amount), posting(f"{words.payable}:{path}", -amount)]
    return "\n".join(out) + "\n"


# Issue 26 item 3: the printable page, A4 landscape. A monthly schedule is 14 columns: the annual amount and
# twelve months need about 170 mm at the table's 9 pt, and the society's name 40 mm before it wraps: 210 mm,
# more than portrait's 180 mm between the margins (Chromium fits it there only by wrapping each name over
# three lines), well within landscape's 273 mm. A payer has one row a society (four in the shipped strategy;
# with the due dates and the total, seven rows), so the page's height is never what runs out. The table spans
# the page when it is split into periods (an annual one is two columns). The rules are scoped to
# table.payments: sofin report joins this style with the other sections'.
PAYMENTS_STYLE = """
table.payments { font-size: 9pt; }
table.payments.split { width: 100%; }
table.payments th, table.payments td { padding: 1.2mm 1.5mm; }
table.payments tbody th { width: 40mm; }
table.payments thead tr.due th, table.payments thead tr.due td { font-weight: normal; background: none; }
table.payments thead tr.due th { text-align: left; }
table.payments tr.total th, table.payments tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
""".strip()


def _html(payments: Payments, lang: Language) -> str:
    """The instalments as a printable A4 landscape page: the scenario's banner, then the body."""
    banner = _banner(payments, lang)
    body = banner_html(banner[0] if banner else None) + payments_html_body(payments, lang)
    provenance = None if payments.allocation is None else payments.allocation.provenance
    title = _title(payments, lang)
    return html_page(title, body, lang, provenance, page_rule=LANDSCAPE, style=PAYMENTS_STYLE)


def payments_html_body(payments: Payments, lang: Language, heading: str = "h1") -> str:
    """The instalments' table as the text formats lay it out, its title in a `heading` element in the
    caption, a row of each instalment's due date under the periods' names, then the notes (why the
    instalments are uneven, what the amounts rest on). No banner and no page: the page or the report adds them."""
    header, body = _grid(payments, lang)
    heads = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in header)
    *contracts, (total, *sums) = body
    rows = [*(figures_row(label, cells) for label, *cells in contracts), figures_row(total, sums, "total")]
    due = figures_row(catalogue(lang).payments.due, _due_cells(payments, lang), "due")
    split = "" if payments.schedule is Schedule.annual else " split"
    title = escape(_title(payments, lang))
    return (
        f'<table class="payments{split}">\n<caption><{heading}>{title}</{heading}></caption>\n'
        f"<thead><tr>{heads}</tr>\n{due}</thead>\n"
        "<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        + notes_html([*_uneven(payments, lang), *_footnote(payments, lang)])
    )


def _due_cells(payments: Payments, lang: Language) -> list[str]:
    """Each instalment's due date under its period, as payments.due has them (the ledger's dates); the annual
    schedule's one instalment is the annual amount, so its date stands under that column."""
    dates = [_local_date(due, lang) for due in payments.due]
    return dates if payments.schedule is Schedule.annual else ["", *dates]


def _local_date(day: date, lang: Language) -> str:
    return format_date(day, catalogue(lang).payments.due_date, catalogue(lang).cldr)


def _xlsx(payments: Payments, lang: Language) -> bytes:
    """One sheet, the people's table: each contract's annual amount the SUM of its instalments, the total
    row the SUM of each column, every formula stored with sofin's figure (see render/workbook.py)."""
    from sofin.render.workbook import Book, column_letter

    words = catalogue(lang).payments
    title = _title(payments, lang)
    header = [words.society, words.annual, *period_labels(payments.schedule, lang)]
    book = Book(title, payments.year, lang)
    sheet = book.sheet(payments.payer.name, title, _HEADER_ROW + 1, len(header))
    labels = _labels(payments, lang)
    for banner in _banner(payments, lang):
        sheet.write_string(1, 0, banner, book.format(bold=True))
    book.header(sheet, _HEADER_ROW, header)
    amount, bold_amount = book.amount(payments.unit), book.amount(payments.unit, bold=True)
    first = _HEADER_ROW + 1
    for r, (contract, label) in enumerate(zip(payments.contracts, labels), start=first):
        sheet.write_string(r, 0, label)
        shown = _shown(payments, contract.instalments)
        for column, value in enumerate(shown, start=2):
            sheet.write_number(r, column, value, amount)
        if shown:  # the annual amount is its instalments' sum
            formula = f"=SUM(C{r + 1}:{column_letter(1 + len(shown))}{r + 1})"
            sheet.write_formula(r, 1, formula, amount, contract.annual)
        else:  # the annual schedule: the one instalment is the annual amount
            sheet.write_number(r, 1, contract.annual, amount)
    total_row = first + len(payments.contracts)
    sheet.write_string(total_row, 0, labels[-1], book.format(bold=True))
    for column, value in enumerate((payments.annual, *_shown(payments, payments.totals)), start=1):
        letter = column_letter(column)
        formula = f"=SUM({letter}{first + 1}:{letter}{total_row})"
        sheet.write_formula(total_row, column, formula, bold_amount, value)
    for row, footnote in enumerate((*_uneven(payments, lang), *_footnote(payments, lang)), start=total_row + 2):
        book.note(sheet, row, footnote, len(header))
    sheet.freeze_panes(first, 1)
    return book.bytes()
