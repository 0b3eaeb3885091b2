"""allocate's JSON, the machine contract: every amount a decimal string, never a float."""

from __future__ import annotations

from decimal import Decimal

from sofin.domain.amounts import Part, PayStep
from sofin.domain.table import FORMAT_VERSION, KEYS_FORMAT_VERSION
from sofin.render.document import json_text
from sofin.render.json_parts import FACTOR_PLACES, assumption_json, provenance_json, ratio_text, scenario_json
from sofin.render.numbers import plain_amount, plain_amounts, plain_exact, plain_exacts
from sofin.results.allocate import Allocation, KeyInForce, Printed, Row
from sofin.words import MACHINE, row_label


def render_json(allocation: Allocation) -> str:
    unit = allocation.unit
    payer_ids = [p.id for p in allocation.payers]
    document: dict[str, object] = {
        "format_version": KEYS_FORMAT_VERSION if allocation.keys else FORMAT_VERSION,
        "strategy": allocation.strategy,
        "year": allocation.year,
        "currency": allocation.currency,
        "unit": f"{unit:f}",
        "payers": [{"id": p.id, "name": p.name, "share": f"{p.share:f}"} for p in allocation.payers],
        "rows": (_row(allocation, row, payer_ids) for row in allocation.rows),
        "rounding_error": plain_exact(allocation.rounding_error, unit),
        "fair_period": allocation.fair,
        "footnotes": list(allocation.footnotes),
        "projected": allocation.projected,
        "assumptions": [assumption_json(assumption) for assumption in allocation.assumptions],
        "scenario": None if allocation.scenario is None else scenario_json(allocation.scenario),
    }
    if allocation.keys:
        document["keys"] = [key_json(key, payer_ids) for key in allocation.keys]
    if allocation.printed is not None:
        document["printed"] = printed_json(allocation.printed, unit)
    if allocation.provenance is not None:
        document["provenance"] = provenance_json(allocation.provenance)
    return json_text(document, stream="rows")


def key_json(key: KeyInForce, payer_ids: list[str]) -> dict[str, object]:
    """Issue 24 (format 2): a key's exact percent for every payer ("0" outside it), every decimal a mix's
    computation gives, and a mix's parts with their weights."""
    document: dict[str, object] = {"name": key.name, "shares": {p: f"{s:f}" for p, s in zip(payer_ids, key.shares)}}
    if key.mix:
        document["mix"] = {part: f"{weight:f}" for part, weight in key.mix}
    return document


def printed_json(printed: Printed, unit: Decimal) -> dict[str, object]:
    """Issue 23 item 9: the strategy's printed table of the year beside this one: the file as the strategy
    names it, whether it reconciles, and each figure in which the two differ (payer null: the row's total;
    printed or sofin null: that table has no such row); reconciles and figures null: the file is not there."""
    figures = (
        None
        if printed.figures is None
        else [
            {
                "path": list(figure.path),
                "payer": figure.payer,
                "printed": None if figure.printed is None else plain_amount(figure.printed, unit),
                "sofin": None if figure.sofin is None else plain_amount(figure.sofin, unit),
            }
            for figure in printed.figures
        ]
    )
    return {"source": printed.source, "reconciles": printed.reconciles, "figures": figures}


def _row(allocation: Allocation, row: Row, payer_ids: list[str]) -> dict[str, object]:
    unit = allocation.unit
    document: dict[str, object] = {
        "path": list(row.path),
        "label": row_label(row.path, row.label, MACHINE),
        "total": plain_amount(row.total, unit),
        "allocation": dict(zip(payer_ids, plain_amounts(row.allocation, unit))),
        "exact": dict(zip(payer_ids, plain_exacts(row.exact, unit))),
        "projected": row.projected,
    }
    if row.parts:
        document["parts"] = [_part(part, unit) for part in row.parts]
    if row.key is not None:
        document["key"] = row.key  # issue 24: a line's key (format 2); totals have none
    return document


def _part(part: Part, unit: Decimal) -> dict[str, object]:
    """An amount and how it came about: declared, indexed (at `rate` percent: planned, adopted with
    its source, or a scenario's) or adopted."""
    document: dict[str, object] = {
        "path": part.path,
        "label": part.label,
        "amount": plain_amount(part.amount, unit),
        "source": str(part.source),
    }
    if part.rate is not None:
        document["rate"] = f"{part.rate:f}"
        document["rate_basis"] = str(part.basis)
    if part.rate_source is not None:
        document["rate_source"] = part.rate_source
    document["projected"] = part.projected
    if part.pay is not None:
        document["pay"] = pay_json(part, part.pay, unit)
    return document


def pay_json(part: Part, step: PayStep, unit: Decimal) -> dict[str, object]:
    """What a part computed by the pay law rests on, with every figure of its step: amount = ((previous_amount
    - previous_other) x year_pay / previous_year_pay + previous_other) x (1 + rate/100), half-up to the unit."""
    law = step.law
    assert part.indexed_from is not None and part.other is not None  # a part computed by the law has both
    return {
        "schedule": law.schedule,
        "schedule_source": law.schedule_source,
        "source": None if law.scenario else law.source,  # a what-if's before and target come from the command line
        "scenario": law.scenario,
        "before": _cents(law.before),
        "target": _cents(law.target),
        "year_pay": _cents(step.months.total),
        "previous_year_pay": _cents(step.previous_months.total),
        "factor": ratio_text(step.months.total, step.previous_months.total, FACTOR_PLACES),
        "previous_amount": plain_amount(part.indexed_from, unit),
        "previous_other": plain_exact(step.other_before, unit),
        "other": plain_exact(part.other, unit),
    }


def _cents(value: Decimal) -> str:
    """Monthly pay and its sums, in euros and cents as a payslip writes them: 2588.10."""
    return f"{value.quantize(Decimal('0.01')):f}"
