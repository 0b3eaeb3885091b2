"""Markdown's helpers, for every command's Markdown: text in a table's cell or a heading."""

from __future__ import annotations


def markdown_text(text: str) -> str:
    """Text in a Markdown table cell or heading, as written: a `|` in a name ended its cell, and every
    figure after it stood under the next column; a line break ended the row; `<` opened HTML."""
    text = " ".join(text.splitlines())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<")


def markdown_literal(text: str) -> str:
    """Text as Markdown shows it: markdown_text, with `*` escaped too (a footnote's marks would start emphasis)."""
    return markdown_text(text).replace("*", "\\*")
