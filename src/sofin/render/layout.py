"""The section-4 layout shared by the formats people read: which cells, in which order, which text.

Section 4 of the strategy lists each society (bold) with its cost lines beneath, the grand total
at the bottom, a key row under the municipalities' names, and footnotes marked with asterisks on
the figure of the municipality that gives something in kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from sofin.allocate import Allocation, Row
from sofin.render.numbers import local_amount, local_percent

TOTAL_HEADER = "SKUPAJ"
KEY_LABEL = "% sofinanciranja po ključu"
GRAND_TOTAL_LABEL = "SKUPAJ OBČINE"


@dataclass(frozen=True)
class Line:
    label: str
    cells: tuple[str, ...]  # the total, then one per payer
    level: int  # 0 grand total, 1 society, 2 cost line


@dataclass(frozen=True)
class Layout:
    title: str
    headers: tuple[str, ...]  # the total, then one per payer
    key: tuple[str, ...]  # under the headers: blank under the total, each payer's share
    lines: tuple[Line, ...]
    footnotes: tuple[str, ...]  # with their markers


def marker(number: int) -> str:
    return "*" * number


def section4_layout(allocation: Allocation) -> Layout:
    grand_total, *rest = allocation.rows
    lines = tuple(_line(allocation, row) for row in rest) + (_line(allocation, grand_total),)
    return Layout(
        title=f"Pregled sofinanciranja dejavnosti društev v letu {allocation.year} (v {allocation.currency})",
        headers=(TOTAL_HEADER, *(payer.name.upper() for payer in allocation.payers)),
        key=("", *(local_percent(payer.share) for payer in allocation.payers)),
        lines=lines,
        footnotes=tuple(f"{marker(i)}{text}" for i, text in enumerate(allocation.footnotes, start=1)),
    )


def _line(allocation: Allocation, row: Row) -> Line:
    unit = allocation.unit
    figures = []
    for payer, value in zip(allocation.payers, row.allocation):
        mark = marker(row.footnote) if row.footnote and row.footnote_payer == payer.id else ""
        figures.append(local_amount(value, unit) + mark)
    label = GRAND_TOTAL_LABEL if row.level == 0 else row.label
    return Line(label, (local_amount(row.total, unit), *figures), row.level)
