"""The section-4 table as Markdown, for reports and council materials."""

from __future__ import annotations

from sofin.render.allocate.layout import section4_layout
from sofin.render.markdown import markdown_literal, markdown_text
from sofin.results.allocate import Allocation
from sofin.words import Language


def render_markdown(allocation: Allocation, lang: Language) -> str:
    layout = section4_layout(allocation, lang)
    # The payers' names too: a `|` in one shifted the header by a column.
    headers = [
        f"{markdown_literal(header)}<br>{markdown_literal(key)}" if key else markdown_literal(header)
        for header, key in zip(layout.headers, layout.key)
    ]
    above = [] if layout.banner is None else [f"> **{markdown_literal(layout.banner)}**", ""]
    title = markdown_text(layout.title)
    keyed = layout.key_column is not None  # issue 24 item 3: a column of each line's key, after the labels
    left = "| | " + (f"{markdown_literal(layout.key_column or '')} | " if keyed else "")
    rule = "|---|" + "---|" * keyed + "---:|" * len(headers)
    out = [*above, f"## {title}", "", left + " | ".join(headers) + " |", rule]
    for line in layout.lines:
        cells = [markdown_literal(cell) for cell in (line.label, *line.cells)]
        if line.level < 2:
            cells = [f"**{cell}**" for cell in cells]
        if keyed:
            cells.insert(1, markdown_literal(line.key))
        out.append("| " + " | ".join(cells) + " |")
    if layout.legend:
        heading, *keys = layout.legend
        out += ["", markdown_literal(heading), "", *(f"- {markdown_literal(key)}" for key in keys)]
    for footnote in layout.footnotes:
        out += ["", markdown_literal(footnote)]
    return "\n".join(out) + "\n"
