"""What changed between two allocation tables, figure by figure, and why (pure: no I/O).

A side is a year's Allocation or a table read back from sofin's JSON (or CSV). Rows are matched
by path, payers by id. Every changed figure gets a cause sofin can name:

- added / removed: the row is in one side only;
- key: the payer's share changed (or the payer is in one side only); in a strategy with keys of its
  own (issue 24), a line's key changed, or its key's percent for the payer did; a total's, a line's
  beneath it did;
- amount: the row's total changed; for a line, how its new amount came about (indexed at r %,
  adopted, or declared), for a society or the grand total, the sum of its lines;
- pay_law: the row's total changed by a step of the pay law: for a line, a part the law computed
  (its schedule, the factor f(Y) / f(Y-1), then r %), in place of `amount` when every changed part
  is one; for a society or the grand total, a line beneath it with this cause;
- rounding: neither the total nor the share changed; controlled rounding moved a unit so that
  the table adds up (another figure of the row or of the payer's column changed);
- unreconciled: the same, where a side does not add up (its `mismatches`): rounding keeps every sum,
  so it cannot be the cause; the figure was edited, or a sum beside it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from sofin.domain.amounts import Assumption, Part
from sofin.published import PublishedTable
from sofin.results.allocate import Allocation
from sofin.results.diff import (
    AmountNote,
    Cause,
    Diff,
    KeyChange,
    KeyPercentChange,
    RowChange,
    Side,
    SidePart,
    SidePay,
    SideRow,
    named_payers,
)
from sofin.sums import mismatches
from sofin.table_parts import TablePart
from sofin.validation import DEFAULT_KEY


def side_of_table(table: PublishedTable, name: str, names: Mapping[str, str] | None = None) -> Side:
    """A table read back from a file; without a key of its own its shares are unknown, and without
    the members sofin writes since projections (`projected`, ...) whether it is projected is unknown.
    A payer the table does not name (a CSV names none) takes its name from `names`, if there."""
    unit = table.unit if table.unit is not None else Decimal(1)
    written = {payer.id: payer.name for payer in table.payers}
    return Side(
        name,
        table.year,
        unit,
        named_payers(table.payer_ids, written, names or {}),
        table.shares,
        tuple(
            SideRow(
                tuple(row.path),
                row.label,
                row.total,
                dict(row.allocation),
                tuple(_table_part(part) for part in row.parts or ()),
                row.projected,
                row.key,
            )
            for row in table.rows
        ),
        table.projected,
        None if table.scenario is None else table.scenario.as_scenario(),
        tuple(sorted(Assumption(each.year, each.kind, each.rate, each.basis) for each in table.assumptions or ())),
        tuple(mismatches(table)),
        None
        if table.keys is None
        else {key.name: {p: Decimal(pct) for p, pct in key.shares.items()} for key in table.keys},
    )


def _table_part(part: TablePart) -> SidePart:
    pay = part.pay
    side_pay = None
    if pay is not None:
        side_pay = SidePay(pay.schedule, pay.year_pay, pay.previous_year_pay, pay.source, pay.scenario)
    rate, basis = part.rate, part.rate_basis
    return SidePart(part.path, part.amount, part.source, rate, basis, part.rate_source, part.projected, side_pay)


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
                row.key,
            )
            for row in allocation.rows
        ),
        allocation.projected,
        allocation.scenario,
        allocation.assumptions,
        keys=_allocation_keys(allocation),
    )


def _allocation_keys(allocation: Allocation) -> dict[str, dict[str, Decimal]] | None:
    """Every key's percent by payer, for a strategy with keys of its own (issue 24); None without."""
    if not allocation.keys:
        return None
    payers = [payer.id for payer in allocation.payers]
    return {key.name: dict(zip(payers, key.shares)) for key in allocation.keys}


def _part(part: Part) -> SidePart:
    step = part.pay
    pay = None
    if step is not None:
        law = step.law
        source = None if law.scenario else law.source  # a what-if's before and target come from the command line
        year_pays = (step.months.total, step.previous_months.total)
        pay = SidePay(law.schedule, *year_pays, source, law.scenario)
    return SidePart(part.path, part.amount, part.source, part.rate, part.basis, part.rate_source, part.projected, pay)


def compare(before: Side, after: Side) -> Diff:
    payers = tuple(after.payers) + tuple(p for p in before.payers if p not in after.payers)
    key_changes = tuple(_key_changes(before, after, payers))
    changed_key = {change.payer for change in key_changes}
    old = {row.path: row for row in before.rows}
    new = {row.path: row for row in after.rows}
    paths = [row.path for row in after.rows] + [row.path for row in before.rows if row.path not in new]
    named = before.named_keys or after.named_keys
    by_row = _keyed_payers(before, after, paths, payers, changed_key) if named else {}
    reconciled = before.reconciles and after.reconciles
    rows = _with_pay_law_beneath(
        tuple(
            _row_change(old.get(path), new.get(path), payers, by_row.get(path, changed_key), reconciled, named)
            for path in paths
        )
    )
    assumptions = tuple(sorted({*before.assumptions, *after.assumptions}))
    percent_changes = tuple(_key_percent_changes(before, after, payers))
    default = (DEFAULT_KEY,) if any(c.before is not None and c.after is not None for c in key_changes) else ()
    changed_keys = (*default, *dict.fromkeys(change.key for change in percent_changes))
    unit = min(before.unit, after.unit)
    return Diff(before, after, unit, payers, key_changes, rows, assumptions, percent_changes, changed_keys)


# Issue 24 item 4: a strategy with keys of its own splits each line by the line's key. A line's figure of
# a payer changed by the key when the line's key gives the payer another percent: another key, or the same
# key with other percents; a total's, when that is so of a line beneath it.


def _keyed_payers(
    before: Side, after: Side, paths: list[tuple[str, ...]], payers: tuple[str, ...], one_side: set[str]
) -> dict[tuple[str, ...], set[str]]:
    """For each row in both sides, the payers whose percent under the row's key changed (a total's: those
    of the lines beneath it), with the payers in one side only (`one_side`)."""
    old = {row.path: row for row in before.rows}
    new = {row.path: row for row in after.rows}
    lines: dict[tuple[str, ...], set[str]] = {
        path: _line_payers(before, after, old[path], new[path], payers) | one_side
        for path in paths
        if len(path) == 2 and path in old and path in new
    }
    totals = {
        path: set(one_side).union(*(changed for line, changed in lines.items() if line[: len(path)] == path))
        for path in paths
        if len(path) < 2
    }
    return {**totals, **lines}


def _line_payers(before: Side, after: Side, old: SideRow, new: SideRow, payers: tuple[str, ...]) -> set[str]:
    """The payers whose percent under the line's key changed: all, for another key whose percents a side does
    not say (a CSV); none, for the same such key."""
    key_before, key_after = _line_key(old), _line_key(new)
    percents_before, percents_after = _percents(before, key_before), _percents(after, key_after)
    if percents_before is None or percents_after is None:
        return set(payers) if key_before != key_after else set()
    zero = Decimal(0)
    return {payer for payer in payers if percents_before.get(payer, zero) != percents_after.get(payer, zero)}


def _line_key(row: SideRow) -> str:
    """A line's key: its own, else `default` (a side without keys of its own splits every line by it)."""
    return row.key or DEFAULT_KEY


def _percents(side: Side, key: str) -> dict[str, Decimal] | None:
    """A key's percent by payer in a side, when the side says it; `default`'s are the side's shares."""
    if side.keys is not None and key in side.keys:
        return side.keys[key]
    return side.shares if key == DEFAULT_KEY else None


def _key_percent_changes(before: Side, after: Side, payers: tuple[str, ...]) -> list[KeyPercentChange]:
    """A named key of both sides (not `default`: KeyChange's) whose percent for a payer of both differs."""
    if before.keys is None or after.keys is None:
        return []
    both = [payer for payer in payers if payer in before.payers and payer in after.payers]
    zero = Decimal(0)
    return [
        KeyPercentChange(key, payer, after.payers[payer], was, now)
        for key, percents in after.keys.items()
        if key != DEFAULT_KEY and key in before.keys
        for payer in both
        if (was := before.keys[key].get(payer, zero)) != (now := percents.get(payer, zero))
    ]


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


def _row_change(
    old: SideRow | None,
    new: SideRow | None,
    payers: tuple[str, ...],
    changed_key: set[str],
    reconciled: bool = True,
    named: bool = False,
) -> RowChange:
    some = new or old
    assert some is not None
    before, after = (old.figures if old else {}), (new.figures if new else {})
    befores, afters = tuple(map(before.get, payers)), tuple(map(after.get, payers))
    # A column at a time, no object a figure (issue 27 item 2: a national diff has 233,000 figures).
    changes = tuple(map(_change, befores, afters))
    percents = tuple(
        [(change * 100 / was).quantize(_CENT, ROUND_HALF_UP) if was else None for was, change in zip(befores, changes)]
    )  # each the change in percent of the figure before it (not 0), to 0.01, half-up
    total_before = old.total if old else None
    total_after = new.total if new else None
    notes = _amount_notes(old, new) if old and new and total_before != total_after else ()
    moved = [payer for payer, change in zip(payers, changes) if change]
    causes = _causes(total_before, total_after, moved, changed_key, notes, reconciled)
    changed = total_before != total_after or bool(moved)
    total_change = _change(total_before, total_after)
    projected = (old.projected if old is not None else False, new.projected if new is not None else False)
    keys = tuple(None if row is None or not named or len(row.path) != 2 else _line_key(row) for row in (old, new))
    return RowChange(
        some.path,
        some.label,
        total_before,
        total_after,
        total_change,
        payers,
        befores,
        afters,
        changes,
        percents,
        changed,
        causes,
        notes,
        *projected,
        *keys,
    )


_ZERO, _CENT = Decimal(0), Decimal("0.01")  # made once, not once a figure


def _change(before: Decimal | None, after: Decimal | None) -> Decimal:
    return (after or _ZERO) - (before or _ZERO)


def _causes(
    total_before: Decimal | None,
    total_after: Decimal | None,
    moved: list[str],
    changed_key: set[str],
    notes: tuple[AmountNote, ...] = (),
    reconciled: bool = True,
) -> tuple[Cause, ...]:
    if total_before is None:
        return (Cause.added,)
    if total_after is None:
        return (Cause.removed,)
    causes = []
    if total_before != total_after:
        causes += _amount_causes(notes)
    if not changed_key.isdisjoint(moved):
        causes.append(Cause.key)
    if total_before == total_after and any(payer not in changed_key for payer in moved):
        # Same total, same share: only the rounding can have moved it, in tables that add up; rounding
        # keeps every sum, so where one does not, the figure was edited (or a sum beside it was).
        causes.append(Cause.rounding if reconciled else Cause.unreconciled)
    return tuple(causes)


def _amount_causes(notes: tuple[AmountNote, ...]) -> list[Cause]:
    """A changed total's causes: pay_law for the parts the pay law computed, amount for any other change
    (and for a row whose parts are unknown: a society, the grand total, a table that does not say)."""
    by_law = [note.by_pay_law for note in notes]
    causes = [] if by_law and all(by_law) else [Cause.amount]
    return [*causes, Cause.pay_law] if any(by_law) else causes


def _with_pay_law_beneath(rows: tuple[RowChange, ...]) -> tuple[RowChange, ...]:
    """A society's and the grand total's amount causes from their changed lines': pay_law when a line
    beneath changed by the law, amount when one changed otherwise (or was added or removed)."""
    beneath: dict[tuple[str, ...], set[Cause]] = {}
    for row in rows:
        if len(row.path) == 2 and row.total_change:
            by_law = Cause.pay_law in row.causes
            kinds = {Cause.pay_law} if by_law else set()
            kinds |= {Cause.amount} if not by_law or Cause.amount in row.causes else set()
            for total in (row.path[:1], ()):
                beneath.setdefault(total, set()).update(kinds)
    if Cause.pay_law not in beneath.get((), set()):
        return rows  # nothing to say: the amount cause as it always was
    return tuple(_amount_from(row, beneath.get(row.path, {Cause.amount})) if len(row.path) < 2 else row for row in rows)


def _amount_from(row: RowChange, kinds: set[Cause]) -> RowChange:
    """The row with its amount cause replaced by `kinds`, in the order of Cause's amount causes."""
    amount = [cause for cause in (Cause.amount, Cause.pay_law) if cause in kinds]
    return replace(row, causes=tuple(c for cause in row.causes for c in (amount if cause is Cause.amount else [cause])))


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
            part.pay,
        )
        for part in new.parts
        if before.get(part.path) != part.amount
    )
