"""The section-4 table as Markdown, for reports and council materials."""

from __future__ import annotations

from sofin.render.layout import markdown_text, section4_layout
from sofin.results.allocate import Allocation
from sofin.words import Language


def _escape(text: str) -> str:
    return markdown_text(text).replace("*", "\\*")


def render_markdown(allocation: Allocation, lang: Language) -> str:
    layout = section4_layout(allocation, lang)
    # The payers' names too: a `|` in one shifted the header by a column.
    headers = [
        f"{_escape(header)}<br>{_escape(key)}" if key else _escape(header)
        for header, key in zip(layout.headers, layout.key)
    ]
    above = [] if layout.banner is None else [f"> **{_escape(layout.banner)}**", ""]
    title = markdown_text(layout.title)
    out = [*above, f"## {title}", "", "| | " + " | ".join(headers) + " |", "|---|" + "---:|" * len(headers)]
    for line in layout.lines:
        cells = [_escape(cell) for cell in (line.label, *line.cells)]
        if line.level < 2:
            cells = [f"**{cell}**" for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
    for footnote in layout.footnotes:
        out += ["", _escape(footnote)]
    return "\n".join(out) + "\n"
