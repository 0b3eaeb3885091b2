"""What changed between two allocation tables, figure by figure, and why (pure: no I/O).

A side is a year's Allocation or a table read back from sofin's JSON (or CSV). Rows are matched
by path, payers by id. Every changed figure gets a cause sofin can name:

- added / removed: the row is in one side only;
- key: the payer's share changed (or the payer is in one side only);
- amount: the row's total changed; for a line, how its new amount came about (indexed at r %,
  adopted, or declared), for a society or the grand total, the sum of its lines;
- rounding: neither the total nor the share changed; controlled rounding moved a unit so that
  the table adds up (another figure of the row or of the payer's column changed).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sofin.published import PublishedTable, TablePart
from sofin.results.allocate import Allocation, Assumption, Part
from sofin.results.diff import AmountNote, Cause, Diff, FigureChange, KeyChange, RowChange, Side, SidePart, SideRow


def side_of_table(table: PublishedTable, name: str) -> Side:
    """A table read back from a file; without a key of its own its shares are unknown, and without
    the members sofin writes since projections (`projected`, ...) whether it is projected is unknown."""
    unit = table.unit if table.unit is not None else Decimal(1)
    return Side(
        name,
        table.year,
        unit,
        table.payer_names,
        table.shares,
        tuple(
            SideRow(
                tuple(row.path),
                row.label,
                row.total,
                dict(row.allocation),
                tuple(_table_part(part) for part in row.parts or ()),
                row.projected,
            )
            for row in table.rows
        ),
        table.projected,
        None if table.scenario is None else table.scenario.as_scenario(),
        tuple(sorted(Assumption(each.year, each.kind, each.rate, each.basis) for each in table.assumptions or ())),
    )


def _table_part(part: TablePart) -> SidePart:
    return SidePart(part.path, part.amount, part.source, part.rate, part.rate_basis, part.rate_source, part.projected)


def side_of(allocation: Allocation, name: str) -> Side:
    return Side(
        name,
        allocation.year,
        allocation.unit,
        {payer.id: payer.name for payer in allocation.payers},
        {payer.id: payer.share for payer in allocation.payers},
        tuple(
            SideRow(
                row.path,
                row.label,
                row.total,
                dict(zip((payer.id for payer in allocation.payers), row.allocation)),
                tuple(_part(part) for part in row.parts),
                row.projected,
            )
            for row in allocation.rows
        ),
        allocation.projected,
        allocation.scenario,
        allocation.assumptions,
    )


def _part(part: Part) -> SidePart:
    return SidePart(part.path, part.amount, part.source, part.rate, part.basis, part.rate_source, part.projected)


def compare(before: Side, after: Side) -> Diff:
    payers = tuple(after.payers) + tuple(p for p in before.payers if p not in after.payers)
    key_changes = tuple(_key_changes(before, after, payers))
    changed_key = {change.payer for change in key_changes}
    old = {row.path: row for row in before.rows}
    new = {row.path: row for row in after.rows}
    paths = [row.path for row in after.rows] + [row.path for row in before.rows if row.path not in new]
    rows = tuple(_row_change(old.get(path), new.get(path), payers, changed_key) for path in paths)
    assumptions = tuple(sorted({*before.assumptions, *after.assumptions}))
    return Diff(before, after, min(before.unit, after.unit), payers, key_changes, rows, assumptions)


def _key_changes(before: Side, after: Side, payers: tuple[str, ...]) -> list[KeyChange]:
    """Payers in one side only, and, when both sides carry a key, shares that differ."""
    both_keyed = before.shares is not None and after.shares is not None
    changes = []
    for payer in payers:
        share_before = _share(before, payer)
        share_after = _share(after, payer)
        in_both = payer in before.payers and payer in after.payers
        if not in_both or (both_keyed and share_before != share_after):
            name = after.payers.get(payer) or before.payers[payer]
            changes.append(KeyChange(payer, name, share_before, share_after))
    return changes


def _share(side: Side, payer: str) -> Decimal | None:
    return side.shares.get(payer) if side.shares is not None and payer in side.payers else None


def _row_change(old: SideRow | None, new: SideRow | None, payers: tuple[str, ...], changed_key: set[str]) -> RowChange:
    some = new or old
    assert some is not None
    figures = tuple(
        _figure_change(payer, old.figures.get(payer) if old else None, new.figures.get(payer) if new else None)
        for payer in payers
    )
    total_before = old.total if old else None
    total_after = new.total if new else None
    notes = _amount_notes(old, new) if old and new and total_before != total_after else ()
    causes = _causes(total_before, total_after, figures, changed_key)
    changed = total_before != total_after or any(figure.change for figure in figures)
    total_change = _change(total_before, total_after)
    projected = (old.projected if old is not None else False, new.projected if new is not None else False)
    return RowChange(
        some.path, some.label, total_before, total_after, total_change, figures, changed, causes, notes, *projected
    )


def _figure_change(payer: str, before: Decimal | None, after: Decimal | None) -> FigureChange:
    change = _change(before, after)
    percent = (change * 100 / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if before else None
    return FigureChange(payer, before, after, change, percent)


def _change(before: Decimal | None, after: Decimal | None) -> Decimal:
    return (after or Decimal(0)) - (before or Decimal(0))


def _causes(
    total_before: Decimal | None, total_after: Decimal | None, figures: tuple[FigureChange, ...], changed_key: set[str]
) -> tuple[Cause, ...]:
    if total_before is None:
        return (Cause.added,)
    if total_after is None:
        return (Cause.removed,)
    causes = []
    if total_before != total_after:
        causes.append(Cause.amount)
    if any(figure.change for figure in figures if figure.payer in changed_key):
        causes.append(Cause.key)
    if total_before == total_after and any(f.change for f in figures if f.payer not in changed_key):
        causes.append(Cause.rounding)  # same total, same share: only the rounding can have moved it
    return tuple(causes)


def _amount_notes(old: SideRow, new: SideRow) -> tuple[AmountNote, ...]:
    before = {part.path: part.amount for part in old.parts}
    return tuple(
        AmountNote(
            part.path,
            before.get(part.path),
            part.amount,
            part.source,
            part.rate,
            part.basis,
            part.rate_source,
            part.projected,
        )
        for part in new.parts
        if before.get(part.path) != part.amount
    )
