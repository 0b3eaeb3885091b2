"""`sofin plan`'s terminal table: each section of the document laid out as rich lays a table out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.plan.document import plan_document
from sofin.render.text import Grid, plain_text
from sofin.words import Language

if TYPE_CHECKING:
    from sofin.results.plan import Plan


def render_table(plan: Plan, lang: Language) -> str:
    document = plan_document(plan, lang)
    tables: list[str | Grid] = []
    for section in document.sections:
        if section.title:  # a line of its own: rich would wrap a table's title to the table's width
            tables.append(section.title)
        rows = [*section.rows, *([section.total] if section.total else [])]
        sections = frozenset({len(section.rows)}) if section.total else frozenset()
        right = [False, *[True] * (len(section.headers) - 1)]
        tables.append(Grid(section.headers, right, rows, sections))
    above = () if document.banner is None else (document.banner, "")
    below = () if document.footnote is None else ("", document.footnote)
    basis = [line for note in document.basis for line in ("", note)]
    return plain_text(*above, document.title, *tables, document.note, *basis, *below)
