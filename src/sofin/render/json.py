"""JSON, the machine contract: every amount a decimal string, never a float."""

from __future__ import annotations

import json

from sofin.allocate import Allocation
from sofin.render.numbers import plain_amount, plain_exact


def render_json(allocation: Allocation) -> str:
    unit = allocation.unit
    document: dict[str, object] = {
        "strategy": allocation.strategy,
        "year": allocation.year,
        "currency": allocation.currency,
        "unit": f"{unit:f}",
        "payers": [{"id": p.id, "name": p.name, "share": f"{p.share:f}"} for p in allocation.payers],
        "rows": [
            {
                "path": list(row.path),
                "label": row.label,
                "total": plain_amount(row.total, unit),
                "allocation": {p.id: plain_amount(v, unit) for p, v in zip(allocation.payers, row.allocation)},
                "exact": {p.id: plain_exact(v, unit) for p, v in zip(allocation.payers, row.exact)},
            }
            for row in allocation.rows
        ],
        "rounding_error": plain_exact(allocation.rounding_error, unit),
        "footnotes": list(allocation.footnotes),
    }
    if allocation.provenance is not None:
        document["provenance"] = {
            "strategy_sha256": allocation.provenance.strategy_sha256,
            "sofin_version": allocation.provenance.sofin_version,
        }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
