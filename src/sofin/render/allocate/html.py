"""One self-contained, printable HTML page of the section-4 table (A4 landscape, no external assets).

A footnote mark beside a figure stands in a box of its own after the figure, as wide in every cell of
the column as its widest mark, so that the figures' digits line up on the right (issue 23 item 4); the
key's shares, in a row of their own under the names, end where the figures do.
"""

from __future__ import annotations

from html import escape

from sofin.render.allocate.layout import section4_layout
from sofin.render.page import banner_html, html_page
from sofin.render.section4 import Layout
from sofin.results.allocate import Allocation
from sofin.words import Language

# The section-4 table's own rules (render/page.py has what every page shares).
STYLE = """
table.section4 { width: 100%; table-layout: fixed; }
table.section4 col.label { width: 28%; }
table.section4 thead tr.key th { text-align: left; font-weight: normal; }
table.section4 thead tr.key td { text-align: right; font-weight: normal; }
.mark { display: inline-block; text-align: left; }
tr.society th, tr.society td { font-weight: bold; }
tr.line th { padding-left: 6mm; }
tr.total th, tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
""".strip()

_ROW_CLASS = {0: "total", 1: "society", 2: "line"}

# Issue 24 item 3: a table of several keys has a column of each line's key after the labels, and their legend.
_KEY_STYLE = """
table.section4 col.key { width: 10%; }
td.key { text-align: left; white-space: nowrap; }
.notes ul.keys { margin: 1mm 0; padding-left: 5mm; }""".rstrip()
_KEY_COL = '<col class="key">'


def _legend(legend: tuple[str, ...]) -> str:
    """The keys' legend: its heading, then a list item a key; nothing for a table of one key."""
    if not legend:
        return ""
    heading, *keys = legend
    return f"<p>{escape(heading)}</p>" + '<ul class="keys">' + "".join(f"<li>{escape(k)}</li>" for k in keys) + "</ul>"


def _split_mark(cell: str) -> tuple[str, str]:
    """A figure and the footnote mark after it."""
    figure = cell.rstrip("*")
    return figure, cell[len(figure) :]


def _figure(cell: str, marks: int) -> str:
    """A figure's cell: the figure, then its mark in a box as wide as the column's widest (none without)."""
    figure, mark = _split_mark(cell)
    box = f'<span class="mark" style="width: calc({marks} * 0.7em)">{escape(mark)}</span>' if marks else ""
    return f'<td class="num">{escape(figure)}{box}</td>'


def render_html(allocation: Allocation, lang: Language) -> str:
    """The year's table as a printable A4 landscape page."""
    layout = section4_layout(allocation, lang)
    keyed = layout.key_column is not None
    body = banner_html(layout.banner) + table_html(layout, heading="h1")
    style = STYLE + _KEY_STYLE * keyed
    return html_page(layout.title, body, lang, allocation.provenance, style=style)


def table_style(allocation: Allocation) -> str:
    """The table's rules for a page that holds it among others (sofin report)."""
    return STYLE + _KEY_STYLE * bool(allocation.keys)


def table_html(layout: Layout, heading: str = "h1") -> str:
    """The section-4 table with its title in a caption (in a `heading` element), then its notes."""
    marks = [
        max(len(_split_mark(line.cells[column])[1]) for line in layout.lines) for column in range(len(layout.headers))
    ]
    keyed = layout.key_column is not None  # issue 24 item 3: a column of each line's key, after the labels
    headers = "".join(f'<th scope="col">{escape(header)}</th>' for header in layout.headers)
    headers = (f'<th scope="col" class="key">{escape(layout.key_column or "")}</th>' if keyed else "") + headers
    key = "<td></td>" * keyed + "".join(
        _figure(share, width) if share else "<td></td>" for share, width in zip(layout.key, marks)
    )
    body = "\n".join(
        f'<tr class="{_ROW_CLASS[line.level]}"><th scope="row">{escape(line.label)}</th>'
        + (f'<td class="key">{escape(line.key)}</td>' if keyed else "")
        + "".join(_figure(cell, width) for cell, width in zip(line.cells, marks))
        + "</tr>"
        for line in layout.lines
    )
    notes = _legend(layout.legend) + "".join(f"<p>{escape(note)}</p>" for note in layout.footnotes)
    return (
        f'<table class="section4">\n<caption><{heading}>{escape(layout.title)}</{heading}></caption>\n'
        f'<colgroup><col class="label">{_KEY_COL * keyed}</colgroup>\n'
        f"<thead><tr><td></td>{headers}</tr>\n"
        f'<tr class="key"><th scope="row">{escape(layout.key_label)}</th>{key}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>\n"
        f'<div class="notes">{notes}</div>\n'
    )
