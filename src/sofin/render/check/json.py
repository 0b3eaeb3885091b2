"""`sofin check --format json`: the findings for programs, each with its sentence in the language asked for."""

from __future__ import annotations

from decimal import Decimal

from sofin.render.check.wording import Checked, meaning
from sofin.render.document import json_text
from sofin.render.json_parts import CHECK_FORMAT_VERSION, scenario_json


def render_json(checked: Checked) -> str:
    report = checked.report
    document = {
        "format_version": CHECK_FORMAT_VERSION,
        "file": report.file,
        "reconciles": report.reconciles,
        "shares_from": report.shares_source or "table",
        "unit": f"{report.unit:f}",
        "scenario": None if report.scenario is None else scenario_json(report.scenario),
        "payer_names": checked.names,  # issue 23, item 6: findings name payers by id, people by name
        # Issue 24 review (finding 6): a keyed CSV checked with no year known.
        **({} if report.keys_every_year is None else {"keys_year": report.keys_every_year[0]}),
        **({"compared": False} if report.not_compared_without_year else {}),
        "findings": [
            {
                "kind": finding.kind,
                "path": None if finding.path is None else list(finding.path),
                "payer": finding.payer,
                "expected": _plain(finding.expected),
                "found": _plain(finding.found),
                "written": finding.written,  # issue 23, item 6: a misread figure as the file writes it
                "follows": [{"path": list(path), "payer": payer} for path, payer in finding.follows],
                "message": meaning(checked, finding),
                **({} if finding.key is None else {"key": finding.key}),  # issue 24: in a table with keys
                "line": finding.line,  # issue 25 item 1: where the figure is in the file (null: unknown)
                "column": finding.column,
            }
            for finding in report.findings
        ],
    }
    return json_text(document)


def _plain(value: Decimal | str | None) -> str | None:
    return f"{value:f}" if isinstance(value, Decimal) else value
