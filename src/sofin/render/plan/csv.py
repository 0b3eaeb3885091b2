"""`sofin plan --format csv`: the period's figures for programs, a line a society, municipality and rounding balance."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render import CsvDialect
from sofin.render.banner import payer_names
from sofin.render.csvtable import CsvTable, csv_notes, projected_cell
from sofin.render.numbers import plain_amount, plain_exact
from sofin.render.projection import notes
from sofin.words import MACHINE, catalogue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sofin.results.plan import PeriodRow, Plan


def render_csv(plan: Plan, dialect: CsvDialect) -> str:
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
