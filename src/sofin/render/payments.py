"""A municipality's payments schedule: terminal table, CSV, JSON, Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import assert_never

from sofin.render import PaymentsFormat
from sofin.render.document import json_text
from sofin.render.numbers import local_amount, plain_amount
from sofin.results.payments import Payments, Schedule
from sofin.words import Language, catalogue


def period_labels(schedule: Schedule, lang: Language) -> list[str]:
    if schedule is Schedule.monthly:
        from babel.dates import get_month_names

        return list(get_month_names("wide", context="stand-alone", locale=catalogue(lang).locale).values())
    if schedule is Schedule.quarterly:
        return [catalogue(lang).payments.quarter.format(number=n) for n in range(1, 5)]
    return [catalogue(lang).payments.annual]


def period_keys(schedule: Schedule) -> list[str]:
    """Machine names of the periods: 01..12, q1..q4, or year."""
    if schedule is Schedule.monthly:
        return [f"{month:02d}" for month in range(1, 13)]
    if schedule is Schedule.quarterly:
        return [f"q{quarter}" for quarter in range(1, 5)]
    return ["year"]


def render_payments(plan: Payments, output_format: PaymentsFormat, lang: Language) -> str:
    match output_format:
        case PaymentsFormat.table:
            return _table(plan, lang)
        case PaymentsFormat.csv:
            return _csv(plan)
        case PaymentsFormat.json:
            return _json(plan)
        case PaymentsFormat.markdown:
            return _markdown(plan, lang)
        case _:
            assert_never(output_format)


def _title(plan: Payments, lang: Language) -> str:
    schedule = catalogue(lang).payments.schedules[plan.schedule.value]
    return catalogue(lang).payments.title.format(payer=plan.payer.name, year=plan.year, schedule=schedule)


def _grid(plan: Payments, lang: Language) -> tuple[list[str], list[list[str]]]:
    """Header and body of the people's table: society, annual amount, one column per period."""
    header = [catalogue(lang).payments.society, catalogue(lang).payments.annual, *period_labels(plan.schedule, lang)]
    rows = [(c.label, (c.annual, *c.instalments)) for c in plan.contracts]
    rows.append((catalogue(lang).payments.total, (plan.annual, *plan.totals)))
    body = [[label, *(local_amount(value, plan.unit, lang) for value in values)] for label, values in rows]
    return header, body


def _table(plan: Payments, lang: Language) -> str:
    from rich import box
    from rich.table import Table

    from sofin.render.text import plain_text

    header, body = _grid(plan, lang)
    table = Table(title=_title(plan, lang), box=box.SIMPLE_HEAD)
    table.add_column(header[0])
    for name in header[1:]:
        table.add_column(name, justify="right")
    for row in body[:-1]:
        table.add_row(*row)
    table.add_section()
    table.add_row(*body[-1], style="bold")
    return plain_text(table)


def _markdown(plan: Payments, lang: Language) -> str:
    header, body = _grid(plan, lang)
    out = [f"## {_title(plan, lang)}", "", "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    out += ["| " + " | ".join(row) + " |" for row in body[:-1]]
    out.append("| " + " | ".join(f"**{cell}**" for cell in body[-1]) + " |")
    return "\n".join(out) + "\n"


def _csv(plan: Payments) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["path", "label", "annual", *period_keys(plan.schedule)])
    for contract in plan.contracts:
        amounts = (plain_amount(value, plan.unit) for value in (contract.annual, *contract.instalments))
        writer.writerow(["/".join(contract.path), contract.label, *amounts])
    writer.writerow(["", "", *(plain_amount(value, plan.unit) for value in (plan.annual, *plan.totals))])
    return buffer.getvalue()


def _json(plan: Payments) -> str:
    def amounts(values: Sequence[Decimal]) -> dict[str, str]:
        return dict(zip(period_keys(plan.schedule), (plain_amount(value, plan.unit) for value in values)))

    document = {
        "year": plan.year,
        "payer": {"id": plan.payer.id, "name": plan.payer.name, "share": f"{plan.payer.share:f}"},
        "schedule": plan.schedule.value,
        "currency": plan.currency,
        "unit": f"{plan.unit:f}",
        "contracts": [
            {
                "path": list(c.path),
                "label": c.label,
                "annual": plain_amount(c.annual, plan.unit),
                "instalments": amounts(c.instalments),
            }
            for c in plan.contracts
        ],
        "total": {"annual": plain_amount(plan.annual, plan.unit), "instalments": amounts(plan.totals)},
    }
    return json_text(document)
