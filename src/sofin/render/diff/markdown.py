"""`sofin diff --format markdown` (issue 25, item 6): the text format's content for a review comment.

One table, a line a figure that changed: the row's name and causes on its total's line, so that a reviewer reads
each row's figures under its name, and a table that a Markdown viewer shows whole (no text between the rows'
blocks, which would break it in pieces).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.diff.figures import change_cells
from sofin.render.diff.wording import (
    banners,
    cause_text,
    diff_title,
    key_lines,
    marks_footnote,
    not_reconciled_texts,
    row_name,
)
from sofin.render.markdown import markdown_literal
from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.results.diff import Diff, RowChange


def render_markdown(diff: Diff, lang: Language) -> str:
    """The title as a heading, the head's sentences as paragraphs (a side that does not add up as a list of its
    places), the changed rows as one table, then the count of unchanged rows and the footnote."""
    words = catalogue(lang).diff
    out = [f"## {markdown_literal(diff_title(diff, lang))}", ""]
    out += [line for text in [*banners(diff, lang), *key_lines(diff, lang)] for line in (markdown_literal(text), "")]
    for side_text, places in not_reconciled_texts(diff, lang):
        out += [markdown_literal(side_text), "", *(f"- {markdown_literal(place)}" for place in places), ""]
    changed = diff.changed_rows
    if not changed:
        return "\n".join([*out, markdown_literal(words.no_change)]) + "\n"
    out += _markdown_table(diff, changed, lang)
    out += ["", markdown_literal(words.unchanged.format(count=diff.unchanged_count))]
    if any(row.projected_before or row.projected_after for row in changed):
        out += ["", markdown_literal(marks_footnote(diff, lang))]
    return "\n".join(out) + "\n"


def _markdown_table(diff: Diff, changed: tuple[RowChange, ...], lang: Language) -> list[str]:
    """A line for each changed row's total (with its name and causes), then one for each municipality whose
    figure changed; figures right-aligned."""
    words = catalogue(lang).diff
    header = [words.row, words.payer, words.total_before, words.total_after, words.change, words.cause]
    lines = ["| " + " | ".join(markdown_literal(cell) for cell in header) + " |", "|---|---|---:|---:|---:|---|"]
    for row in changed:
        total, *figures = change_cells(diff, row, lang)
        cells = [[row_name(diff, row.path, lang), *total, cause_text(diff, row, lang)]]
        cells += [["", *figure, ""] for figure in figures]
        lines += ["| " + " | ".join(markdown_literal(cell) for cell in line) + " |" for line in cells]
    return lines
