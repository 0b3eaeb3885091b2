"""JSON Schemas: the strategy file's, for editors that validate and complete YAML as people type (`sofin
schema`), and those of the JSON documents sofin writes (`sofin schema NAME`).

It is the pydantic model's own schema (model.py says how numbers, ids and year keys appear in it),
in JSON Schema draft 7, the draft editors' YAML language servers read. It cannot say what only
the validators check across fields: that the shares sum to 100, that the base year is inside the
period, that an adopted path names a line. The repository keeps a copy, schema/strategy.schema.json,
which the shipped strategy names on its first line.

The documents' schemas are written by hand and ship as data in the package (sofin/schemas/NAME.schema.json):
the table of `allocate` (table; table-v2 for a strategy with keys, issue 24) and the JSON of `plan`, `payments`,
`diff`, `check` and `explain`. The repository's schema/ keeps a copy of each, as of the strategy's.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sofin.model import Strategy

DIALECT = "http://json-schema.org/draft-07/schema#"
_IN_ORDER = ("properties", "patternProperties")  # their keys stay in the model's order (the file's)
STRATEGY = "strategy"
# In sofin/schemas/, NAME.schema.json; table-v2 is the table of a strategy with keys of its own (issue 24).
DOCUMENTS = ("table", "table-v2", "plan", "payments", "diff", "check", "explain")


def schema_text(name: str = STRATEGY) -> str:
    """The text of the schema `name`: the strategy file's, or one of DOCUMENTS."""
    if name == STRATEGY:
        return strategy_schema_text()
    if name not in DOCUMENTS:
        raise ValueError(f"no schema {name!r}: one of {', '.join((STRATEGY, *DOCUMENTS))}")
    return (resources.files("sofin") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def strategy_schema() -> dict[str, Any]:
    """The JSON Schema of a strategy file."""
    schema = _tidy(Strategy.model_json_schema())
    return {"$schema": DIALECT, **schema}


def strategy_schema_text() -> str:
    """The schema's JSON text: two-space indents, UTF-8 as it is, the same bytes every run."""
    return json.dumps(strategy_schema(), indent=2, ensure_ascii=False) + "\n"


def _tidy(value: Any, keep_order: bool = False) -> Any:
    """Every schema's keywords in alphabetical order; properties in the order the model declares them."""
    if isinstance(value, dict):
        keys = list(value) if keep_order else sorted(value)
        return {key: _tidy(value[key], key in _IN_ORDER and not keep_order) for key in keys}
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    return value
