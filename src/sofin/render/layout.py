"""The section-4 layout shared by the formats people read: which cells, in which order, which text.

Section 4 of the strategy lists each society (bold) with its cost lines beneath, the grand total
at the bottom, a key row under the municipalities' names, and footnotes marked with asterisks on
the figure of the municipality that gives something in kind. A row whose figures are projected
(they rest on a rate that is not adopted) carries the projection mark after its label, and a
footnote names the rates it rests on; a scenario's banner stands above everything. Staff amounts
computed by the pay law are named in a last footnote, with the schedule and where the monthly pays
before and after the reform come from (one a schedule and source). Under the in-kind footnotes, a
note says what the table's amounts rest on (basis_note; issue 23 item 10). A strategy with keys of its
own (issue 24 item 3) has each line's key by name beside its label and, under the table, a legend of
every key's percents (key_legend); the headers keep the default key's.

The projection's, the pay law's and the scenario's sentences are written here for every command's formats.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sofin.domain.amounts import Assumption, Part, RateBasis, Source
from sofin.domain.scenario import Scenario
from sofin.render.numbers import as_percent, local_amount, local_decimal, local_percent, local_plural
from sofin.results.allocate import Allocation, KeyInForce, PayerColumn, Printed, Row
from sofin.words import DEFAULT, Language, catalogue


@dataclass(frozen=True)
class Line:
    label: str  # with the projection mark when its figures are projected
    cells: tuple[str, ...]  # the total, then one per payer
    level: int  # 0 grand total, 1 society, 2 cost line
    key: str = ""  # a cost line's key by name, when the strategy names keys of its own (issue 24); totals none


@dataclass(frozen=True)
class Layout:
    title: str
    headers: tuple[str, ...]  # the total, then one per payer
    key_label: str
    key: tuple[str, ...]  # under the headers: blank under the total, each payer's share
    lines: tuple[Line, ...]
    # With their markers: the in-kind ones, then what the figures rest on (basis_note), the projection's, the pay law's.
    footnotes: tuple[str, ...]
    banner: str | None = None  # above the title: the scenario the figures were computed with
    # Issue 24 item 3, for a strategy with keys of its own: the header of the column naming each line's key
    # (None: no such column), and the legend under the table (its heading, then a line a key: key_legend).
    key_column: str | None = None
    legend: tuple[str, ...] = ()
    # The legend's heading where no column of keys is shown, each line's key after its label (render/narrow.py).
    legend_after_labels: str = ""


def markdown_text(text: str) -> str:
    """Text in a Markdown table cell or heading, as written: a `|` in a name ended its cell, and every
    figure after it stood under the next column; a line break ended the row; `<` opened HTML."""
    text = " ".join(text.splitlines())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<")


def marker(number: int) -> str:
    return "*" * number


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


def legend_of_keys(
    keys: Sequence[KeyInForce], names: Sequence[str], lang: Language = DEFAULT, column: str | None = None
) -> tuple[str, ...]:
    """key_legend's lines for keys in force, `default` first; also for a table read back (`sofin show`)."""
    if not keys:
        return ()
    words = catalogue(lang).keys
    entries = []
    for key in keys:
        if key.mix:
            parts = " + ".join(words.part.format(weight=rate_text(weight, lang), key=part) for part, weight in key.mix)
            name = words.mix.format(name=key.name, parts=parts)
        elif key is keys[0]:  # `default`, the payers' own shares: KeyInForce's first
            name = words.described.format(name=key.name, what=words.default)
        else:
            name = key.name
        percents = ", ".join(
            words.share.format(payer=payer, percent=local_percent(share, lang))
            for payer, share in zip(names, key.shares)
        )
        entries.append(words.entry.format(name=name, percents=percents))
    return (words.legend.format(column=column or words.column), *entries)


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


def marked(label: str, projected: bool, lang: Language = DEFAULT) -> str:
    """A row's or year's label, with the projection mark after it when its figures are projected."""
    return f"{label} {catalogue(lang).projection.mark}" if projected else label


def rate_text(rate: Decimal, lang: Language = DEFAULT) -> str:
    """A rate as the language writes a percentage, without trailing zeros: 2 %, 3,5 %."""
    return as_percent(local_decimal(rate.normalize(), lang), lang)


def projection_footnote(assumptions: Sequence[Assumption], lang: Language = DEFAULT) -> str | None:
    """The footnote of the marked figures: the rates they rest on, a kind's years at one rate as one
    span (stroški zaposlenih 2026–2029: 2 %); None when nothing is projected."""
    if not assumptions:
        return None
    words = catalogue(lang).projection
    listed = "; ".join(_span_text(span, lang) for span in _spans(assumptions))
    return words.footnote.format(mark=words.mark, assumptions=listed)


def _spans(assumptions: Sequence[Assumption]) -> list[list[Assumption]]:
    """Runs of consecutive years of one kind at one rate on one basis, by their first year, then kind."""
    spans: list[list[Assumption]] = []
    for assumption in sorted(assumptions, key=lambda a: (a.kind, a.basis, a.year)):
        last = spans[-1][-1] if spans else None
        if last is not None and (last.kind, last.rate, last.basis, last.year + 1) == (
            assumption.kind,
            assumption.rate,
            assumption.basis,
            assumption.year,
        ):
            spans[-1].append(assumption)
        else:
            spans.append([assumption])
    return sorted(spans, key=lambda span: (span[0].year, span[0].kind))


def _span_text(span: list[Assumption], lang: Language) -> str:
    """One rate that is not adopted: its kind, its years and rate, and when a what-if, that it is one."""
    words = catalogue(lang).projection
    first, last = span[0], span[-1]
    years = str(first.year) if first is last else f"{first.year}–{last.year}"
    text = words.assumption.format(kind=words.kinds[first.kind], year=years, rate=rate_text(first.rate, lang))
    return f"{text} ({words.bases[first.basis]})" if first.basis is RateBasis.scenario else text


def pay_footnotes(rows: Sequence[Row], lang: Language = DEFAULT) -> tuple[str, ...]:
    """The footnote of the staff amounts the pay law computed in the table's year: which lines (and items)
    follow it, by where their monthly pays before and after the reform come from, and the schedule with
    its law; one a schedule, in table order. None for a table without such amounts (the base year's)."""
    words = catalogue(lang).projection
    # schedule (id, law) -> source of before/target -> line path -> the labels of its items that follow the law
    schedules: dict[tuple[str, str], dict[str, dict[tuple[str, ...], list[str]]]] = {}
    labels = {row.path: row.label for row in rows}
    for row in rows:
        for part in row.parts:
            if part.pay is not None:
                law = part.pay.law
                source = words.pay_what_if if law.scenario else law.source or words.pay_no_source
                sources = schedules.setdefault((law.schedule, law.schedule_source), {})
                items = sources.setdefault(source, {}).setdefault(row.path, [])
                items += [part.label] if part.path.count("/") == 2 else []  # an item; else the whole line
    return tuple(
        words.pay_footnote.format(
            groups="; ".join(
                words.pay_group.format(
                    parts="; ".join(_pay_line(labels, path, items, lang) for path, items in lines.items()),
                    source=source,
                )
                for source, lines in sources.items()
            ),
            schedule=schedule,
            schedule_source=schedule_source,
        )
        for (schedule, schedule_source), sources in schedules.items()
    )


def _pay_line(labels: Mapping[tuple[str, ...], str], path: tuple[str, ...], items: list[str], lang: Language) -> str:
    """A line in the pay law's footnote, by its society's and its own label, with the items that follow the law."""
    words = catalogue(lang).projection
    line = words.pay_line.format(society=labels.get(path[:-1], ""), line=labels[path])
    return words.pay_items.format(line=line, items=", ".join(items)) if items else line


def scenario_banner(scenario: Scenario | None, names: Mapping[str, str], lang: Language = DEFAULT) -> str | None:
    """The line above an output computed with what-ifs (banner_line); None without any."""
    return None if scenario is None else banner_line(scenario, names, lang)


def banner_line(scenario: Scenario, names: Mapping[str, str], lang: Language = DEFAULT) -> str:
    """The what-ifs an output was computed with: each share (its payer named when `names`, id ->
    name, knows it, every digit of the share kept), then each rate, each pay, each key's percent."""
    words = catalogue(lang).projection
    what = [
        words.scenario_share.format(payer=names.get(payer, payer), share=local_percent(share, lang))
        for payer, share in scenario.shares
    ]
    what += [
        words.scenario_rate.format(kind=words.kinds[rate.kind], year=rate.year, rate=rate_text(rate.rate, lang))
        for rate in scenario.rates
    ]
    what += [
        words.scenario_pay.format(
            path=pay.path, before=local_decimal(pay.before, lang, 2), target=local_decimal(pay.target, lang, 2)
        )
        for pay in scenario.pays
    ]
    what += [  # issue 24 item 4: --key, a named key's percent for a payer
        catalogue(lang).keys_explain.scenario_key.format(
            key=key, payer=names.get(payer, payer), percent=local_percent(percent, lang)
        )
        for key, payer, percent in scenario.keys
    ]
    return words.scenario.format(what="; ".join(what))


def basis_text(basis: RateBasis | None, source: str | None, lang: Language = DEFAULT) -> str:
    """What a rate rests on: a planning rate, a scenario's, or an adopted one with its source."""
    words = catalogue(lang).projection
    if basis is None:
        return ""
    text = words.bases[basis]
    return f"{text}; {words.adopted_source.format(source=source)}" if source else text


# issue 23 item 10: each figure's basis in every format people read. One note for a table's year (for
# plan, one a run of years alike): when every amount has one basis, that basis; else a group a basis,
# naming its lines (or items, where a line's amounts differ), the largest group last as "the other
# amounts". A basis is the strategy's amount (with the strategy as its source), an amount the
# municipalities adopted, or last year's indexed at a rate (planned, adopted with its source, a
# scenario's), by the pay law or not; a projected one carries the projection mark.


def basis_note(allocation: Allocation, lang: Language = DEFAULT) -> str | None:
    """What the table's amounts rest on, in one sentence; None for a table without amounts."""
    groups = basis_groups(allocation, lang)
    return None if groups is None else catalogue(lang).basis.note.format(years=allocation.year, groups=groups)


def period_basis_notes(allocations: Sequence[Allocation], lang: Language = DEFAULT) -> list[str]:
    """basis_note for a period: one note a run of consecutive years whose amounts rest on the same."""
    runs: list[tuple[list[int], str]] = []
    for allocation in allocations:
        groups = basis_groups(allocation, lang)
        if groups is None:
            continue
        if runs and runs[-1][1] == groups and runs[-1][0][-1] + 1 == allocation.year:
            runs[-1][0].append(allocation.year)
        else:
            runs.append(([allocation.year], groups))
    words = catalogue(lang).basis
    return [
        words.note.format(years=str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}", groups=groups)
        for years, groups in runs
    ]


def basis_groups(allocation: Allocation, lang: Language = DEFAULT) -> str | None:
    """The amounts grouped by what they rest on (see above); None when there are none."""
    words = catalogue(lang).basis
    labels = {row.path: row.label for row in allocation.rows}
    by_basis: dict[str, list[tuple[Row, Part]]] = {}
    lines = [row for row in allocation.rows if row.level == 2]
    for row in lines:
        for part in row.parts:
            by_basis.setdefault(part_basis(part, allocation, lang), []).append((row, part))
    if len(by_basis) <= 1:
        return next(iter(by_basis), None)
    rest = max(reversed(by_basis), key=lambda basis: len(by_basis[basis]))  # the largest; of equals, the last
    named = [
        words.group.format(parts=", ".join(_basis_parts(members, lines, labels, lang)), basis=basis)
        for basis, members in by_basis.items()
        if basis != rest
    ]
    return "; ".join([*named, words.group.format(parts=words.rest, basis=rest)])


def part_basis(part: Part, allocation: Allocation, lang: Language = DEFAULT) -> str:
    """What one amount of the table's year rests on, with the projection mark when it is projected."""
    words = catalogue(lang).basis
    if part.source is Source.declared:
        text = words.declared.format(year=allocation.year, source=allocation.strategy)
    elif part.source is Source.adopted:
        text = words.adopted.format(year=allocation.year)
    else:
        text = (words.indexed if part.pay is None else words.pay).format(rate=_rate_basis(part, lang))
    return f"{text} {catalogue(lang).projection.mark}" if part.projected else text


def _rate_basis(part: Part, lang: Language) -> str:
    """An indexed amount's rate: what it rests on, the rate, an adopted rate's source."""
    words = catalogue(lang)
    source = "" if part.rate_source is None else "; " + words.projection.adopted_source.format(source=part.rate_source)
    basis = words.projection.bases[part.basis or RateBasis.planned]
    rate = "" if part.rate is None else rate_text(part.rate, lang)
    return words.basis.rate_basis.format(basis=basis, rate=rate, source=source)


def _basis_parts(
    members: list[tuple[Row, Part]], lines: Sequence[Row], labels: Mapping[tuple[str, ...], str], lang: Language
) -> list[str]:
    """The amounts of one basis by name: a cost kind when all its lines' amounts are among them (and it
    has more than one line: one is named as well by itself, with its society), else a line when all its
    amounts are, else its items."""
    words = catalogue(lang).basis
    whole = {row.path for row in lines if sum(member is row for member, _ in members) == len(row.parts)}
    kinds = [
        kind for kind, rows in _lines_by_kind(lines).items() if len(rows) > 1 and all(row.path in whole for row in rows)
    ]
    names = [catalogue(lang).projection.kinds[kind] for kind in kinds]
    for row in dict.fromkeys(row for row, _ in members):
        if row.kind in kinds:
            continue
        society = labels.get(row.path[:-1], "")
        mine = [part for member, part in members if member is row]
        if len(mine) == len(row.parts):
            names.append(words.line.format(society=society, line=row.label))
        else:
            names += [words.item.format(society=society, line=row.label, item=part.label) for part in mine]
    return names


def _lines_by_kind(lines: Sequence[Row]) -> dict[str, list[Row]]:
    """A table's lines by cost kind, in the order the kinds first come; a line of no kind (a table read
    back from a file) in none."""
    kinds: dict[str, list[Row]] = {}
    for row in lines:
        if row.kind is not None:
            kinds.setdefault(row.kind, []).append(row)
    return kinds


def marked_figure(figure: str, projected: bool | None, lang: Language = DEFAULT) -> str:
    """A figure with the projection mark right after it when it is projected (a label's: marked);
    None, a table from before sofin said, carries none."""
    return figure + catalogue(lang).projection.mark if projected else figure


def notes(
    scenario: Scenario | None, names: Mapping[str, str], assumptions: Sequence[Assumption], lang: Language
) -> list[str]:
    """What a table for people says around it, for formats that have only lines: a scenario's banner,
    then the projection footnote; each when there is one."""
    said = (scenario_banner(scenario, names, lang), projection_footnote(assumptions, lang))
    return [note for note in said if note is not None]


def payer_names(payers: Iterable[PayerColumn]) -> dict[str, str]:
    return {payer.id: payer.name for payer in payers}


def _line(allocation: Allocation, row: Row, lang: Language) -> Line:
    unit = allocation.unit
    figures = [
        local_amount(value, unit, lang) + footnote_mark(row, payer.id)
        for payer, value in zip(allocation.payers, row.allocation)
    ]
    label = catalogue(lang).allocate.grand_total if row.level == 0 else row.label
    cells = (local_amount(row.total, unit, lang), *figures)
    return Line(marked(label, row.projected, lang), cells, row.level, row.key or "")
