"""The printable HTML page every HTML output shares (issue 26): one self-contained file, no JavaScript,
no external assets, A4 print CSS, the provenance in a meta tag and a footer line.

Each command's renderer writes its page's body; `html_page` puts it in the same head and foot, so that
`allocate`, `plan`, `payments` and `report` print alike, and `report` joins their bodies as sections.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from sofin.words import Language, catalogue

if TYPE_CHECKING:
    from sofin.domain.table import Provenance

# What every page shares: the fonts, the tables' lines, figures aligned on the right in tabular digits.
BASE_STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #000; margin: 0; }
caption { text-align: left; }
h1 { font-size: 13pt; margin: 0 0 5mm; }
h2 { font-size: 11.5pt; margin: 0 0 3mm; }
@media screen { body { margin: 8mm; } }
table { border-collapse: collapse; }
th, td { border: 0.5pt solid #666; padding: 1.2mm 2mm; }
thead th, thead td { background: #eee; text-align: center; font-weight: bold; }
tbody th { text-align: left; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.scenario { font-weight: bold; border: 1.5pt solid #000; padding: 1.5mm 2mm; margin: 0 0 4mm; }
.notes { font-size: 8.5pt; margin-top: 4mm; }
.notes p { margin: 1mm 0; }
footer { font-size: 7.5pt; color: #444; margin-top: 3mm; }
section.page + section.page { break-before: page; }
figure.chart { margin: 4mm 0; break-inside: avoid; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
""".strip()

PORTRAIT = "@page { size: A4; margin: 15mm; }"
LANDSCAPE = "@page { size: A4 landscape; margin: 12mm; }"


def banner_html(banner: str | None) -> str:
    """A scenario's banner above the page's content; nothing without a scenario."""
    return "" if banner is None else f'<p class="scenario">{escape(banner)}</p>\n'


def notes_html(notes: list[str] | tuple[str, ...]) -> str:
    """Notes under a table, a paragraph each; nothing without notes."""
    if not notes:
        return ""
    return '<div class="notes">' + "".join(f"<p>{escape(note)}</p>" for note in notes) + "</div>\n"


def figures_row(label: str, figures: list[str] | tuple[str, ...], css: str = "") -> str:
    """A table row: its label the row's header, each figure right-aligned in tabular digits, an empty cell empty."""
    cells = "".join(f'<td class="num">{escape(cell)}</td>' if cell else "<td></td>" for cell in figures)
    opening = f'<tr class="{css}">' if css else "<tr>"
    return f'{opening}<th scope="row">{escape(label)}</th>{cells}</tr>'


def html_page(
    title: str,
    body: str,
    lang: Language,
    provenance: Provenance | None,
    *,
    page_rule: str = LANDSCAPE,
    style: str = "",
) -> str:
    """The whole page: `body` (already HTML) under the shared head, `style` after the shared one, the
    provenance as a meta tag and a footer line. The same arguments give the same bytes."""
    meta = footer = ""
    if provenance is not None:
        version, digest = provenance.sofin_version, provenance.strategy_sha256
        meta = (
            f'<meta name="generator" content="sofin {escape(version)}">\n'
            f'<meta name="strategy-sha256" content="{digest}">\n'
        )
        printed_by = catalogue(lang).allocate.printed_by.format(version=version)
        footer = f"<footer>{escape(printed_by)} · SHA-256 {digest}</footer>\n"
    styles = "\n".join(part for part in (page_rule, BASE_STYLE, style) if part)
    return (
        f'<!DOCTYPE html>\n<html lang="{catalogue(lang).locale}">\n<head>\n<meta charset="utf-8">\n{meta}'
        f"<title>{escape(title)}</title>\n<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f"{body}{footer}</body>\n</html>\n"
    )
