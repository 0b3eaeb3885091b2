"""`sofin show FILE`: a table read back (a PublishedTable) laid out as `sofin allocate` prints it.

The layout is allocate's (render/section4.py's Layout, laid out by render/text.py), built from what the
file says: a table read back holds no Allocation. Its figures are written in the language's format, so
that git's textconv (issue 25 item 5) shows a changed figure as people read it. A file does not say
which figure an in-kind footnote belongs to, so its footnotes are listed under the table, unmarked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.numbers import local_amount, local_decimal, local_percent
from sofin.render.projection import marked
from sofin.render.section4 import Layout, Line, layout_text, legend_of_keys, marker
from sofin.units import OffGrid
from sofin.words import DEFAULT, Language, catalogue

if TYPE_CHECKING:
    from sofin.results.show import Shown, ShownRow


def render_show(shown: Shown, lang: Language = DEFAULT) -> str:
    """The table as allocate's text table: plain, no colours, as wide as it needs, the same bytes anywhere."""
    return layout_text(shown_layout(shown, lang))


def shown_layout(shown: Shown, lang: Language = DEFAULT) -> Layout:
    words, table = catalogue(lang), shown.table
    totals = [row for row in table.rows if not row.path]
    lines = [_line(shown, row, lang) for row in table.rows if row.path]
    lines += [_line(shown, row, lang) for row in totals]  # the grand total last, as allocate prints it
    return Layout(
        title=_title(shown, lang),
        headers=(words.allocate.total, *((payer.name or payer.id).upper() for payer in table.payers)),
        key_label=words.allocate.key,
        key=("", *("" if payer.share is None else local_percent(payer.share, lang) for payer in table.payers)),
        lines=tuple(lines),
        footnotes=tuple(f"{marker(i)}{text}" for i, text in enumerate(table.footnotes or (), start=1)),
        key_column=words.keys.column if any(row.key for row in table.rows) else None,
        legend=_legend(shown, lang),
    )


def _legend(shown: Shown, lang: Language) -> tuple[str, ...]:
    """allocate's legend of the keys, for a JSON table that lists them (a CSV names only each line's key)."""
    from sofin.results.allocate import KeyInForce

    payers = shown.table.payers
    keys = [
        KeyInForce(
            key.name,
            tuple(key.shares.get(payer.id, Decimal(0)) for payer in payers),
            tuple((key.mix or {}).items()),
        )
        for key in shown.table.keys or ()
    ]
    return legend_of_keys(keys, [payer.name or payer.id for payer in payers], lang)


def _title(shown: Shown, lang: Language) -> str:
    words, table = catalogue(lang), shown.table
    if table.year is not None and table.currency is not None:
        return words.allocate.title.format(year=table.year, currency=table.currency)
    if table.currency is not None:
        return words.show.currency_title.format(currency=table.currency)
    return words.show.title


def _line(shown: Shown, row: ShownRow, lang: Language) -> Line:
    label = catalogue(lang).allocate.grand_total if not row.path else row.label or "/".join(row.path)
    unit = Decimal(shown.table.unit or 1)
    figures = (row.allocation.get(payer.id) for payer in shown.table.payers)
    cells = (_figure(row.total, unit, lang), *(_figure(figure, unit, lang) for figure in figures))
    return Line(marked(label, bool(row.projected), lang), cells, min(len(row.path), 2), row.key or "")


def _figure(value: Decimal | None, unit: Decimal, lang: Language) -> str:
    """A figure in the language's format; one off the table's grid with all its decimals (shown, never rounded)."""
    if value is None:
        return catalogue(lang).missing
    try:
        return local_amount(value, unit, lang)
    except OffGrid:
        return local_decimal(value, lang)
