"""The section-4 layout shared by the formats people read: which cells, in which order, which text.

Section 4 of the strategy lists each society (bold) with its cost lines beneath, the grand total
at the bottom, a key row under the municipalities' names, and footnotes marked with asterisks on
the figure of the municipality that gives something in kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from sofin.render.numbers import local_amount, local_percent
from sofin.results.allocate import Allocation, Row
from sofin.words import DEFAULT, Language, catalogue


@dataclass(frozen=True)
class Line:
    label: str
    cells: tuple[str, ...]  # the total, then one per payer
    level: int  # 0 grand total, 1 society, 2 cost line


@dataclass(frozen=True)
class Layout:
    title: str
    headers: tuple[str, ...]  # the total, then one per payer
    key_label: str
    key: tuple[str, ...]  # under the headers: blank under the total, each payer's share
    lines: tuple[Line, ...]
    footnotes: tuple[str, ...]  # with their markers


def marker(number: int) -> str:
    return "*" * number


def section4_layout(allocation: Allocation, lang: Language = DEFAULT) -> Layout:
    words = catalogue(lang).allocate
    grand_total, *rest = allocation.rows
    lines = tuple(_line(allocation, row, lang) for row in rest) + (_line(allocation, grand_total, lang),)
    return Layout(
        title=words.title.format(year=allocation.year, currency=allocation.currency),
        headers=(words.total, *(payer.name.upper() for payer in allocation.payers)),
        key_label=words.key,
        key=("", *(local_percent(payer.share, lang) for payer in allocation.payers)),
        lines=lines,
        footnotes=tuple(f"{marker(i)}{text}" for i, text in enumerate(allocation.footnotes, start=1)),
    )


def footnote_mark(row: Row, payer_id: str) -> str:
    """The asterisks a figure carries: the row's footnote, on the figure of the payer that gives in kind."""
    return marker(row.footnote) if row.footnote and row.footnote_payer == payer_id else ""


def _line(allocation: Allocation, row: Row, lang: Language) -> Line:
    unit = allocation.unit
    figures = [
        local_amount(value, unit, lang) + footnote_mark(row, payer.id)
        for payer, value in zip(allocation.payers, row.allocation)
    ]
    label = catalogue(lang).allocate.grand_total if row.level == 0 else row.label
    return Line(label, (local_amount(row.total, unit, lang), *figures), row.level)
