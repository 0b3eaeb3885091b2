"""`sofin plan --format markdown`: the document's sections as Markdown tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sofin.render.markdown import markdown_text
from sofin.render.plan.document import plan_document
from sofin.words import Language

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sofin.results.plan import Plan


def _markdown_row(cells: Sequence[str], bold: bool = False) -> str:
    """A table row, each cell escaped: a society named "A|B" moved its years' figures a column on."""
    texts = (markdown_text(cell) for cell in cells)
    return "| " + " | ".join(f"**{text}**" if bold else text for text in texts) + " |"


def render_markdown(plan: Plan, lang: Language) -> str:
    document = plan_document(plan, lang)
    out = [] if document.banner is None else [f"> **{document.banner}**", ""]
    out.append(f"## {markdown_text(document.title)}")
    for section in document.sections:
        out += ["", f"### {markdown_text(section.title)}"] if section.title else []
        out += ["", _markdown_row(section.headers), "|---|" + "---:|" * (len(section.headers) - 1)]
        out += [_markdown_row(row) for row in section.rows]
        if section.total:
            out.append(_markdown_row(section.total, bold=True))
    out += ["", document.note]
    out += [line for note in document.basis for line in ("", markdown_text(note))]
    if document.footnote is not None:
        out += ["", document.footnote]
    return "\n".join(out) + "\n"
