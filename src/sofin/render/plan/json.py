"""`sofin plan --format json`: the period for programs, every amount a decimal string."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.document import json_text
from sofin.render.numbers import plain_amount, plain_exact
from sofin.words import MACHINE, catalogue

if TYPE_CHECKING:
    from sofin.results.plan import PeriodRow, Plan


def render_json(plan: Plan) -> str:
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
