"""One self-contained, printable HTML page of the section-4 table (A4 landscape, no external assets).

A footnote mark beside a figure stands in a box of its own after the figure, as wide in every cell of
the column as its widest mark, so that the figures' digits line up on the right (issue 23 item 4); the
key's shares, in a row of their own under the names, end where the figures do.
"""

from __future__ import annotations

from html import escape

from sofin.render.layout import section4_layout
from sofin.results.allocate import Allocation
from sofin.words import Language, catalogue

_STYLE = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #000; margin: 0; }
caption { text-align: left; }
h1 { font-size: 13pt; margin: 0 0 5mm; }
@media screen { body { margin: 8mm; } }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.label { width: 28%; }
th, td { border: 0.5pt solid #666; padding: 1.2mm 2mm; }
thead th, thead td { background: #eee; text-align: center; font-weight: bold; }
thead tr.key th { text-align: left; font-weight: normal; }
thead tr.key td { text-align: right; font-weight: normal; }
tbody th { text-align: left; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.mark { display: inline-block; text-align: left; }
tr.society th, tr.society td { font-weight: bold; }
tr.line th { padding-left: 6mm; }
tr.total th, tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
.scenario { font-weight: bold; border: 1.5pt solid #000; padding: 1.5mm 2mm; margin: 0 0 4mm; }
.notes { font-size: 8.5pt; margin-top: 4mm; }
.notes p { margin: 1mm 0; }
footer { font-size: 7.5pt; color: #444; margin-top: 3mm; }
""".strip()

_ROW_CLASS = {0: "total", 1: "society", 2: "line"}

# Issue 24 item 3: a table of several keys has a column of each line's key after the labels, and their legend.
_KEY_STYLE = """
col.key { width: 10%; }
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
    layout = section4_layout(allocation, lang)
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
    banner = "" if layout.banner is None else f'<p class="scenario">{escape(layout.banner)}</p>\n'
    meta = footer = ""
    if allocation.provenance is not None:
        version, digest = allocation.provenance.sofin_version, allocation.provenance.strategy_sha256
        meta = (
            f'<meta name="generator" content="sofin {escape(version)}">\n'
            f'<meta name="strategy-sha256" content="{digest}">\n'
        )
        printed_by = catalogue(lang).allocate.printed_by.format(version=version)
        footer = f"<footer>{escape(printed_by)} · SHA-256 {digest}</footer>\n"
    return (
        f'<!DOCTYPE html>\n<html lang="{catalogue(lang).locale}">\n<head>\n<meta charset="utf-8">\n{meta}'
        f"<title>{escape(layout.title)}</title>\n<style>\n{_STYLE}{_KEY_STYLE * keyed}\n</style>\n</head>\n<body>\n"
        f"{banner}<table>\n<caption><h1>{escape(layout.title)}</h1></caption>\n"
        f'<colgroup><col class="label">{_KEY_COL * keyed}</colgroup>\n'
        f"<thead><tr><td></td>{headers}</tr>\n"
        f'<tr class="key"><th scope="row">{escape(layout.key_label)}</th>{key}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>\n"
        f'<div class="notes">{notes}</div>\n{footer}</body>\n</html>\n'
    )
