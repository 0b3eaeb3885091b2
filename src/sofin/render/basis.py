"""What a table's amounts rest on (issue 23 item 10), in every format people read.

One note for a table's year (for plan, one a run of years alike): when every amount has one basis, that
basis; else a group a basis, naming its lines (or items, where a line's amounts differ), the largest group
last as "the other amounts". A basis is the strategy's amount (with the strategy as its source), an amount
the municipalities adopted, or last year's indexed at a rate (planned, adopted with its source, a
scenario's), by the pay law or not; a projected one carries the projection mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sofin.domain.amounts import Part, RateBasis, Source
from sofin.render.numbers import rate_text
from sofin.results.allocate import Allocation, Row
from sofin.words import DEFAULT, Language, catalogue


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
