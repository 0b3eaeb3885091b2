"""`sofin explain --format json`: the same content for programs, every amount a decimal string, in the words of
MACHINE (its bytes do not depend on --lang)."""

from __future__ import annotations

from decimal import Decimal

from sofin.domain.amounts import PayLaw
from sofin.render.document import json_text
from sofin.render.explain.wording import fraction_text, labels
from sofin.render.json_parts import EXPLAIN_FORMAT_VERSION, assumption_json, provenance_json, scenario_json
from sofin.render.numbers import plain_amount, plain_exact
from sofin.results.allocate import PayerColumn
from sofin.results.explain import (
    Approximation,
    Constraint,
    Explanation,
    FigureWhy,
    Forced,
    ItemHistory,
    KeyWhy,
    LawWhy,
    YearWhy,
)
from sofin.words import MACHINE, row_label

_CENT = Decimal("0.01")  # monthly pays, and before and target, are in cents


def render_json(explanation: Explanation) -> str:
    allocation, row = explanation.allocation, explanation.row
    unit = allocation.unit
    document: dict[str, object] = {
        "format_version": EXPLAIN_FORMAT_VERSION,
        "strategy": allocation.strategy,
        "year": allocation.year,
        "currency": allocation.currency,
        "unit": f"{unit:f}",
        "row": {
            "path": list(row.path),
            "label": row_label(row.path, row.label, MACHINE),
            "labels": labels(explanation)[: len(row.path)],  # of the society, then the line
            "total": plain_amount(row.total, unit),
            "projected": row.projected,
        },
        "item": None if explanation.item is None else _item_json(explanation, explanation.item),
        "items": [_history_json(item, unit) for item in explanation.items],
        "line_total": _line_total_json(explanation),
        "children": [
            {"path": list(child.path), "label": child.label, "total": plain_amount(child.total, unit)}
            for child in (allocation.children(row.path) if explanation.history is None else ())
        ],
        "figures": [_figure_json(figure, unit, _figure_share(explanation, figure)) for figure in explanation.figures],
        "fair_period": allocation.fair,
        "assumptions": [assumption_json(assumption) for assumption in explanation.assumptions],
        "scenario": None if allocation.scenario is None else scenario_json(allocation.scenario),
    }
    if explanation.keyed:  # issue 24: the line's key; null for a total, the sum of its rows by their own keys
        document["key"] = None if explanation.key is None else explanation.key.name
        document["keys"] = [_key_json(key, allocation.payers) for key in explanation.keys]
    if allocation.provenance is not None:
        document["provenance"] = provenance_json(allocation.provenance)
    return json_text(document)


def _item_json(explanation: Explanation, item: ItemHistory) -> dict[str, object]:
    """The item asked for: its amount in the year (None when its line is one amount by then)."""
    last = item.last
    has_amount = last.year == explanation.allocation.year
    return {
        "path": item.path,
        "label": item.first.label,
        "amount": plain_amount(last.part.amount, explanation.allocation.unit) if has_amount else None,
        "projected": last.part.projected if has_amount else None,
    }


def _line_total_json(explanation: Explanation) -> dict[str, object] | None:
    if explanation.history is None:
        return None
    last, unit = explanation.history[-1], explanation.allocation.unit
    return {
        "year": last.year,
        "amounts": [{"path": part.path, "amount": plain_amount(part.amount, unit)} for part in last.parts],
        "total": plain_amount(last.amount, unit),
    }


def _history_json(item: ItemHistory, unit: Decimal) -> dict[str, object]:
    first = item.first
    return {
        "path": item.path,
        "label": first.label,
        "pay_grade": first.pay_grade,
        "funded_share": None if first.funded_share is None else f"{first.funded_share:f}",
        "law": None if first.law is None else _law_json(first.law),
        "years": [_year_json(year, unit) for year in item.years],
    }


def _law_json(law: PayLaw) -> dict[str, object]:
    return {
        "schedule": law.schedule,
        "schedule_source": law.schedule_source,
        "before": plain_amount(law.before, _CENT),
        "target": plain_amount(law.target, _CENT),
        "source": law.source,
        "scenario": law.scenario,
    }


def _year_json(year: YearWhy, unit: Decimal) -> dict[str, object]:
    """An amount of a year and how it came about; a plain indexation's `exact`, a pay-law step's `pay_law`."""
    part = year.part
    return {
        "year": year.year,
        "amount": plain_amount(part.amount, unit),
        "source": str(part.source),
        "projected": part.projected,
        "rate": None if part.rate is None else f"{part.rate:f}",
        "rate_basis": None if part.basis is None else str(part.basis),
        "rate_source": part.rate_source,
        "indexed_from": None if part.indexed_from is None else plain_amount(part.indexed_from, unit),
        "exact": None if part.unrounded is None else plain_exact(part.unrounded, unit),
        "other": None if part.other is None else f"{part.other:f}",
        "pay_law": None if year.law is None else _step_json(year.law, part.amount, part.other, unit),
        "ends_law": year.ends_law,
    }


def _step_json(law: LawWhy, amount: Decimal, other: Decimal | None, unit: Decimal) -> dict[str, object]:
    """A pay-law step: the year's months, f(Y) and f(Y-1), the factor, O(Y-1) and O(Y), A(Y), exact and rounded."""
    step = law.step
    return {
        "periods": [
            {"from": first, "to": last, "pay": plain_amount(pay, _CENT)} for first, last, pay in step.months.periods
        ],
        "f": plain_amount(step.months.total, _CENT),
        "f_previous": plain_amount(step.previous_months.total, _CENT),
        "factor": _approximation_json(law.factor),
        "other_before": f"{step.other_before:f}",
        "other_after": None if other is None else f"{other:f}",
        "exact": _approximation_json(law.exact),
        "rounded": plain_amount(amount, unit),
    }


def _approximation_json(value: Approximation) -> dict[str, object]:
    """An exact fraction: as n/d, and as a decimal that is exact when `decimal_exact`, else rounded half-up to show."""
    return {
        "fraction": fraction_text(value),
        "decimal": f"{value.decimal:f}",
        "decimal_exact": value.exact,
    }


def _key_json(key: KeyWhy, payers: tuple[PayerColumn, ...]) -> dict[str, object]:
    """A key as the table's JSON writes it: its exact percent for every payer ("0" outside it); a mix's parts
    by name with their weights (each part is in the list of keys too)."""
    document: dict[str, object] = {
        "name": key.name,
        "shares": {payer.id: f"{share:f}" for payer, share in zip(payers, key.shares)},
    }
    if key.parts:
        document["mix"] = {part: f"{weight:f}" for weight, part in key.parts}
    return document


def _figure_share(explanation: Explanation, figure: FigureWhy) -> str | None:
    """The percent a figure's exact share is taken by: the payer's, or the line's key's (issue 24); a total
    of a strategy with keys has none (it is a sum of its rows)."""
    if not explanation.keyed:
        return f"{figure.payer.share:f}"
    return None if figure.key_share is None else f"{figure.key_share:f}"


def _figure_json(figure: FigureWhy, unit: Decimal, share: str | None) -> dict[str, object]:
    return {
        "payer": figure.payer.id,
        "name": figure.payer.name,
        "share": share,
        "exact": plain_exact(figure.exact, unit),
        "rounded": plain_amount(figure.rounded, unit),
        "half_up": plain_amount(figure.half_up, unit),
        "direction": figure.direction,
        "decided_by": figure.decided_by,
        "constraints": {
            "row": _constraint_json(figure.row, unit),
            "column": None if figure.column is None else _constraint_json(figure.column, unit),
        },
        "other": None if figure.other is None else plain_amount(figure.other, unit),
        "flip_cost": None if figure.flip_cost is None else f"{figure.flip_cost:f}",
        "forced": None if figure.forced is None else _forced_json(figure.forced, unit),
    }


def _forced_json(forced: Forced, unit: Decimal) -> dict[str, object]:
    """What forced a figure against its own remainder: `by`, `against`, the `constraint` named, the
    `partner` its group would have rounded the other way instead (with the group that `holds` it), or
    the rows `beneath` a total."""
    partner = forced.partner
    return {
        "by": forced.by,
        "against": list(forced.against),
        "constraint": None if forced.constraint is None else _constraint_json(forced.constraint, unit),
        "partner": None
        if partner is None
        else {
            "path": list(partner.path),
            "label": partner.label,
            "payer": partner.payer.id,
            "exact": plain_exact(partner.exact, unit),
            "rounded": plain_amount(partner.rounded, unit),
            "direction": partner.direction,
            "holds": _constraint_json(partner.holds, unit),
        },
        "beneath": [{"label": label, "rounded": plain_amount(amount, unit)} for label, amount in forced.beneath],
        "tie": forced.tie,
    }


def _constraint_json(constraint: Constraint, unit: Decimal) -> dict[str, object]:
    return {
        "path": list(constraint.path),
        "label": row_label(constraint.path, constraint.label, MACHINE),
        "total": plain_amount(constraint.total, unit),
        "size": constraint.size,
        "ups": constraint.ups,
        "rank": constraint.rank,
        "way": constraint.way,
    } | ({"fixed": constraint.fixed} if constraint.fixed else {})
