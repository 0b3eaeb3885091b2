"""allocate's section-4 layout of an allocation (render/section4.py): its lines, the key row, and the notes under
the table: the in-kind footnotes, what the amounts rest on (render/basis.py), the projection's and the pay law's
footnotes (render/projection.py), and the note on the strategy's own printed table; a scenario's banner above.
A strategy with keys of its own (issue 24 item 3) has each line's key by name beside its label and, under the
table, a legend of every key's percents (key_legend); the headers keep the default key's.
"""

from __future__ import annotations

import shlex

from sofin.render.banner import payer_names, scenario_banner
from sofin.render.basis import basis_note
from sofin.render.numbers import local_amount, local_percent, local_plural
from sofin.render.projection import marked, pay_footnotes, projection_footnote
from sofin.render.section4 import Layout, Line, legend_of_keys, marker
from sofin.results.allocate import Allocation, Printed, Row
from sofin.words import DEFAULT, Language, catalogue


def section4_layout(allocation: Allocation, lang: Language = DEFAULT) -> Layout:
    words = catalogue(lang).allocate
    grand_total, *rest = allocation.rows
    lines = tuple(_line(allocation, row, lang) for row in rest) + (_line(allocation, grand_total, lang),)
    in_kind = tuple(f"{marker(i)}{text}" for i, text in enumerate(allocation.footnotes, start=1))
    projection = projection_footnote(allocation.assumptions, lang)
    basis = basis_note(allocation, lang)
    printed = printed_note(allocation.printed, allocation.year, lang)
    below = (
        *in_kind,
        *([] if basis is None else [basis]),
        *([] if projection is None else [projection]),
        *pay_footnotes(allocation.rows, lang),
        *([] if printed is None else [printed]),
    )
    return Layout(
        title=words.title.format(year=allocation.year, currency=allocation.currency),
        headers=(words.total, *(payer.name.upper() for payer in allocation.payers)),
        key_label=words.key,
        key=("", *(local_percent(payer.share, lang) for payer in allocation.payers)),
        lines=lines,
        footnotes=below,
        banner=scenario_banner(allocation.scenario, payer_names(allocation.payers), lang),
        key_column=catalogue(lang).keys.column if allocation.keys else None,
        legend=key_legend(allocation, lang),
        legend_after_labels=catalogue(lang).keys.legend_after_labels,
    )


def key_legend(allocation: Allocation, lang: Language = DEFAULT, column: str | None = None) -> tuple[str, ...]:
    """Issue 24 item 3: the legend of a table whose lines have keys of their own: a heading naming the
    column of the lines' keys (`column`, else the language's header), then each key (`default` first, in
    words) with every payer's percent, exactly, all its decimals (a mix's may have many); a mix with its
    parts. Nothing for a table of one key."""
    names = [payer.name for payer in allocation.payers]
    return legend_of_keys(allocation.keys, names, lang, column)


def printed_note(printed: Printed | None, year: int, lang: Language = DEFAULT) -> str | None:
    """Issue 23 item 9: the note under the table when the strategy printed its own for the year: in how many
    figures the two differ, whether the printed one reconciles, which the contracts take, and the command
    that lists the differences. None when the strategy printed no table for the year."""
    if printed is None:
        return None
    words = catalogue(lang).printed
    if printed.figures is None:
        return words.missing.format(year=year, source=printed.source)
    if not printed.figures:
        return words.same.format(year=year)
    count = local_plural(len(printed.figures), words.figure, lang)
    differs = words.differs if printed.reconciles else words.differs_unreconciled
    listing = words.listing.format(command=listing_command(printed, year))
    return " ".join((differs.format(year=year, count=count), words.contracts, listing))


def listing_command(printed: Printed, year: int) -> str:
    """`sofin check --printed YEAR`: the printed table checked against sofin's table of the year, each
    differing figure listed (and why the printed table does not reconcile); quoted as a shell reads it."""
    command = ["sofin", "check", "--printed", str(year)]
    command += [] if printed.strategy is None else ["--strategy", printed.strategy]
    return shlex.join(command)


def footnote_mark(row: Row, payer_id: str) -> str:
    """The asterisks a figure carries: the row's footnote, on the figure of the payer that gives in kind."""
    return marker(row.footnote) if row.footnote and row.footnote_payer == payer_id else ""


def _line(allocation: Allocation, row: Row, lang: Language) -> Line:
    unit = allocation.unit
    figures = [
        local_amount(value, unit, lang) + footnote_mark(row, payer.id)
        for payer, value in zip(allocation.payers, row.allocation)
    ]
    label = catalogue(lang).allocate.grand_total if row.level == 0 else row.label
    cells = (local_amount(row.total, unit, lang), *figures)
    return Line(marked(label, row.projected, lang), cells, row.level, row.key or "")
