"""JSON, the machine contract: every amount a decimal string, never a float."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.document import json_text
from sofin.render.numbers import plain_amount, plain_amounts, plain_exact, plain_exacts
from sofin.results.allocate import FORMAT_VERSION, Allocation, Part, Provenance, Row
from sofin.words import MACHINE, row_label


def render_json(allocation: Allocation) -> str:
    unit = allocation.unit
    payer_ids = [p.id for p in allocation.payers]
    document: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "strategy": allocation.strategy,
        "year": allocation.year,
        "currency": allocation.currency,
        "unit": f"{unit:f}",
        "payers": [{"id": p.id, "name": p.name, "share": f"{p.share:f}"} for p in allocation.payers],
        "rows": (_row(allocation, row, payer_ids) for row in allocation.rows),
        "rounding_error": plain_exact(allocation.rounding_error, unit),
        "fair_period": allocation.fair,
        "footnotes": list(allocation.footnotes),
    }
    if allocation.provenance is not None:
        document["provenance"] = provenance_json(allocation.provenance)
    return json_text(document, stream="rows")


def provenance_json(provenance: Provenance) -> dict[str, str]:
    return {"strategy_sha256": provenance.strategy_sha256, "sofin_version": provenance.sofin_version}


def _row(allocation: Allocation, row: Row, payer_ids: list[str]) -> dict[str, object]:
    unit = allocation.unit
    document: dict[str, object] = {
        "path": list(row.path),
        "label": row_label(row.path, row.label, MACHINE),
        "total": plain_amount(row.total, unit),
        "allocation": dict(zip(payer_ids, plain_amounts(row.allocation, unit))),
        "exact": dict(zip(payer_ids, plain_exacts(row.exact, unit))),
    }
    if row.parts:
        document["parts"] = [_part(part, unit) for part in row.parts]
    return document


def _part(part: Part, unit: Decimal) -> dict[str, object]:
    """An amount and how it came about: declared, indexed (at `rate` percent) or adopted."""
    document: dict[str, object] = {
        "path": part.path,
        "label": part.label,
        "amount": plain_amount(part.amount, unit),
        "source": str(part.source),
    }
    if part.rate is not None:
        document["rate"] = f"{part.rate:f}"
    return document
