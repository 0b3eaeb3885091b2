"""`sofin diff --format json`: the whole comparison for programs, every amount a decimal string."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.document import json_text
from sofin.render.json_parts import DIFF_FORMAT_VERSION, FACTOR_PLACES, assumption_json, ratio_text, scenario_json
from sofin.render.numbers import plain_amount
from sofin.words import MACHINE, row_label

if TYPE_CHECKING:
    from sofin.results.diff import Diff, RowChange, Side, SidePay


def render_json(diff: Diff) -> str:
    unit = diff.unit

    def amount(value: Decimal | None) -> str | None:
        return None if value is None else plain_amount(value, unit)

    document = {
        "format_version": DIFF_FORMAT_VERSION,
        "before": _side(diff.before, unit),
        "after": _side(diff.after, unit),
        "unit": f"{unit:f}",
        "key_changes": [
            {
                "payer": change.payer,
                "before": None if change.before is None else f"{change.before:f}",
                "after": None if change.after is None else f"{change.after:f}",
            }
            for change in diff.key_changes
        ],
        **_key_percents_json(diff),
        "rows": [
            {
                "path": list(row.path),
                "label": row.label or row_label(row.path, row.label, MACHINE),  # a table's own, as it wrote it
                "changed": row.changed,
                "total": {
                    "before": amount(row.total_before),
                    "after": amount(row.total_after),
                    "change": plain_amount(row.total_change, unit),
                },
                "figures": {
                    figure.payer: {
                        "before": amount(figure.before),
                        "after": amount(figure.after),
                        "change": plain_amount(figure.change, unit),
                        "percent": None if figure.percent is None else f"{figure.percent:f}",
                    }
                    for figure in row.figures
                },
                "projected": {"before": row.projected_before, "after": row.projected_after},
                "causes": [str(cause) for cause in row.causes],
                **_row_key_json(diff, row),
                "amounts": [
                    {
                        "path": note.path,
                        "before": amount(note.before),
                        "after": amount(note.after),
                        "source": note.source,
                        "rate": None if note.rate is None else f"{note.rate:f}",
                        "rate_basis": None if note.basis is None else str(note.basis),
                        "rate_source": note.rate_source,
                        "projected": note.projected,
                    }
                    | ({} if note.pay is None else {"pay": _pay_json(note.pay)})
                    for note in row.amount_notes
                ],
            }
            for row in diff.rows
        ],
    }
    return json_text(document)


def _key_percents_json(diff: Diff) -> dict[str, object]:
    """Issue 24: the named keys' percents that differ, when either side names keys of its own (else nothing)."""
    if not diff.named_keys:
        return {}
    changes = [
        {"key": change.key, "payer": change.payer, "before": f"{change.before:f}", "after": f"{change.after:f}"}
        for change in diff.key_percent_changes
    ]
    return {"key_percent_changes": changes}


def _row_key_json(diff: Diff, row: RowChange) -> dict[str, object]:
    """Issue 24: a line's key on each side, when either side names keys of its own (a total's: null)."""
    if not diff.named_keys:
        return {}
    return {"key": {"before": row.key_before, "after": row.key_after}}


def _pay_json(pay: SidePay) -> dict[str, object]:
    """How the pay law computed a part's new amount, as allocate's JSON names it (render/allocate/json.py, pay_json)."""
    return {
        "schedule": pay.schedule,
        "source": pay.source,
        "scenario": pay.scenario,
        "year_pay": f"{pay.year_pay.quantize(Decimal('0.01')):f}",
        "previous_year_pay": f"{pay.previous_year_pay.quantize(Decimal('0.01')):f}",
        "factor": ratio_text(pay.year_pay, pay.previous_year_pay, FACTOR_PLACES),
    }


def _side(side: Side, unit: Decimal) -> dict[str, object]:
    """A side's name and year, whether its figures are projected, on which rates, and its what-ifs; whether
    it adds up, and where it does not (issue 23, item 5: `reconciles`, `mismatches`)."""
    return {
        "name": side.name,
        "year": side.year,
        "projected": side.projected,
        "assumptions": [assumption_json(assumption) for assumption in side.assumptions],
        "scenario": None if side.scenario is None else scenario_json(side.scenario),
        "reconciles": side.reconciles,
        "mismatches": [
            {
                "kind": mismatch.kind,
                "path": list(mismatch.path),
                "payer": mismatch.payer,
                "written": plain_amount(mismatch.written, unit),
                "summed": plain_amount(mismatch.summed, unit),
            }
            for mismatch in side.mismatches
        ],
    }
