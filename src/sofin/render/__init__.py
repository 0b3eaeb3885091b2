"""Render an Allocation as text people or programs read. Computation never formats; this only formats."""

from __future__ import annotations

import enum
from typing import assert_never

from sofin.allocate import Allocation


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    ledger = "ledger"


def render(allocation: Allocation, output_format: Format) -> str:
    """The whole output as one string, the same bytes for the same allocation."""
    match output_format:
        case Format.table:
            from sofin.render.table import render_table

            return render_table(allocation)
        case Format.csv:
            from sofin.render.csv import render_csv

            return render_csv(allocation)
        case Format.json:
            from sofin.render.json import render_json

            return render_json(allocation)
        case Format.markdown:
            from sofin.render.markdown import render_markdown

            return render_markdown(allocation)
        case Format.ledger:
            from sofin.render.ledger import render_ledger

            return render_ledger(allocation)
        case _:
            assert_never(output_format)
