"""Why a figure is what it is: the derivation of one row's figures, step by step (pure).

For a row of a year's table: where its amount comes from (declared items, the indexation
chain year by year, adopted amounts), and for each payer the exact share, the naive half-up
figure, the rounded figure and what decided its direction:
- the row: its figures must add up to its total, so of its figures exactly `ups` go up;
- the column: the payer's figures of the row and its siblings must add up to the payer's figure
  of the parent row, so of those exactly `ups` go up;
- the whole table: rounding the figure the other way, the best table that still adds up has a
  larger summed error (by how much: allocate.allocate_with_flips, from the solved table), or
  there is none.
When a figure rounds against its own remainder (its row's, or its column's, largest remainders
alone would round it the other way), which sum forced it (results.explain.Forced): the other
group, the rows beneath a total, or a figure the group would round the other way instead that its
own row or column holds; failing those, the whole table.

In a strategy with keys of its own (issue 24), a line's exact share is its total times its key's percent
for the payer (a mix's made of its parts', each by its weight; outside the key 0, the figure exactly 0);
a total's is the sum of its rows', each line split by its own key.

For an item (society/line/N), the item's own history, each pay-law step with its factor and its
amount before rounding as decimals to show; the figures are its line's: an item is not split.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from sofin.domain.amounts import Assumption, LineHistory, LineYear, Part, Source
from sofin.results.allocate import Allocation, Row
from sofin.results.explain import (
    Approximation,
    Constraint,
    Explanation,
    FigureWhy,
    Forced,
    ItemHistory,
    KeyWhy,
    LawWhy,
    Partner,
    YearWhy,
)
from sofin.units import whole_units

# How many decimals a fraction that does not end sooner is shown with: the factor f(Y)/f(Y-1) to ten,
# which moves an amount of a million by a ten-thousandth at most; an amount before rounding to six.
FACTOR_PLACES = 10
AMOUNT_PLACES = 6


def explain(
    allocation: Allocation,
    path: tuple[str, ...],
    history: LineHistory | None,
    flips: Mapping[str, Decimal | None],
    payers: tuple[str, ...] | None = None,
    item: str | None = None,
) -> Explanation:
    """The derivation of the row at `path` (for `payers`, by default all). `flips`, by payer id: how
    much the least summed error grows with the payer's figure rounded the other way (over the year,
    or the period when it was rounded as one table); None when no table adds up then. With `item`
    (society/line/N, an item of the line at `path`), that item's derivation and its line's figures."""
    row = allocation.row(path)
    unit = allocation.unit
    keys = _keys(allocation, row)
    key = keys[0] if keys else None
    figures = []
    for index, payer in enumerate(allocation.payers):
        if payers is not None and payer.id not in payers:
            continue
        exact, rounded = row.exact[index], row.allocation[index]
        other = None if exact == rounded else rounded - unit if rounded > exact else rounded + unit
        direction = "exact" if exact == rounded else "up" if rounded > exact else "down"
        half_up = exact.quantize(unit, rounding=ROUND_HALF_UP)
        row_group = _row(allocation, row, index)
        column_group = _column(allocation, row, index)
        figures.append(
            FigureWhy(
                payer,
                exact,
                rounded,
                half_up,
                row_group,
                column_group,
                other,
                None if other is None else flips[payer.id],
                direction,
                "half_up" if rounded == half_up else _decided_by(direction, row_group, column_group),
                _forced(allocation, row, index, direction, row_group, column_group),
                None if key is None else key.shares[index],
            )
        )
    items = _items(history, "/".join(path))
    assumptions = _assumptions(allocation, path)
    keyed = bool(allocation.keys)
    if item is None:
        return Explanation(allocation, row, history, items, tuple(figures), assumptions, keys=keys, keyed=keyed)
    # The item's own history, and its line's as one amount from a year it was adopted as a whole.
    shown = tuple(each for each in items if each.path in (item, "/".join(path)))
    asked = next(each for each in items if each.path == item)
    return Explanation(allocation, row, history, shown, tuple(figures), assumptions, asked, keys, keyed)


def _keys(allocation: Allocation, row: Row) -> tuple[KeyWhy, ...]:
    """The line's key, then each key its mixes are made of, in the order written, depth first, each once (a
    part shared by many mixes is not described again: a mix ten deep of five parts each stays small); () for
    a total, or without keys (issue 24)."""
    if not allocation.keys or row.key is None:
        return ()
    by_name = {key.name: key for key in allocation.keys}
    found: dict[str, KeyWhy] = {}
    waiting = [row.key]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        key = by_name[name]
        found[name] = KeyWhy(name, key.shares, tuple((weight, part) for part, weight in key.mix))
        waiting += reversed([part for part, _ in key.mix])
    return tuple(found.values())


def _assumptions(allocation: Allocation, path: tuple[str, ...]) -> tuple[Assumption, ...]:
    """The rates not adopted beneath the row: its own parts' for a line, its lines' for a total."""
    beneath = (row for row in allocation.rows if row.path[: len(path)] == path)
    return tuple(sorted({assumption for row in beneath for part in row.parts for assumption in part.assumptions}))


def _items(history: LineHistory | None, line_path: str) -> tuple[ItemHistory, ...]:
    """The line's history amount by amount: an item keeps its path from year to year."""
    if history is None:
        return ()
    paths = dict.fromkeys(part.path for year in history for part in year.parts)
    items = []
    for path in paths:
        years = []
        for previous, year in zip((None, *history), history):
            for part in year.parts:
                if part.path == path:
                    ends_law = previous is not None and _adopted_whole(year, line_path) and _follows_law(previous)
                    years.append(YearWhy(year.year, part, _law(part), ends_law))
        items.append(ItemHistory(path, tuple(years)))
    return tuple(items)


def _adopted_whole(year: LineYear, line_path: str) -> bool:
    """The line is one adopted amount this year, that follows no pay law (years.py: from now on it is indexed)."""
    (part, *more) = year.parts
    return not more and part.path == line_path and part.source is Source.adopted and part.law is None


def _follows_law(year: LineYear) -> bool:
    return any(part.law is not None for part in year.parts)


def _law(part: Part) -> LawWhy | None:
    if part.pay is None:
        return None
    return LawWhy(part.pay, approximation(part.pay.factor, FACTOR_PLACES), approximation(part.pay.exact, AMOUNT_PLACES))


def approximation(value: Fraction, places: int) -> Approximation:
    """`value` (not negative) as a decimal: itself when it ends within `places` decimals, with the
    digits it has; else cut after `places` decimals, to be shown with ≈ (it only describes). Cut, not
    rounded: 221,664999992… rounded to six decimals would show 221,665000 beside an amount that its
    half-up rounding to the cent rightly makes 221,66."""
    for digits in range(places + 1):
        scaled = value * 10**digits
        if scaled.denominator == 1:
            return Approximation(value, _decimal(scaled.numerator, digits), True)
    scaled = value * 10**places
    return Approximation(value, _decimal(scaled.numerator // scaled.denominator, places), False)


def _decimal(units: int, places: int) -> Decimal:
    # From text, exactly: Decimal arithmetic (scaleb too) would round to the context's 28 digits.
    return Decimal(f"{units}e-{places}")


def _row(allocation: Allocation, row: Row, index: int) -> Constraint:
    group = [(row, i) for i in range(len(allocation.payers))]
    return _constraint(*_moving(allocation, group, (row, index)), (row, index), row.total, row, allocation.unit)


def _column(allocation: Allocation, row: Row, index: int) -> Constraint | None:
    if not row.path:
        return None
    parent = allocation.row(row.path[:-1])
    siblings = allocation.children(parent.path)
    group, fixed = _moving(allocation, [(s, index) for s in siblings], (row, index))
    return _constraint(group, fixed, (row, index), parent.allocation[index], parent, allocation.unit)


def _moving(
    allocation: Allocation, group: list[tuple[Row, int]], member: tuple[Row, int]
) -> tuple[list[tuple[Row, int]], int]:
    """The group's figures that can move, and how many others are fixed at 0: with keys (issue 24), a figure
    whose exact share is 0 (a payer outside a line's key, or a total of such) is exactly 0 and never rounded,
    so "1 of 2 go up" would count one that never could. Without keys, every figure is counted, as before."""
    if not allocation.keys:
        return group, 0
    moving = [cell for cell in group if (cell[0] is member[0] and cell[1] == member[1]) or cell[0].exact[cell[1]]]
    return moving, len(group) - len(moving)


def _constraint(
    group: list[tuple[Row, int]], fixed: int, member: tuple[Row, int], total: Decimal, binding: Row, unit: Decimal
) -> Constraint:
    def rest(cell: tuple[Row, int]) -> Decimal:
        exact = cell[0].exact[cell[1]]
        return exact - exact.quantize(unit, rounding=ROUND_FLOOR)

    floors = sum((cell[0].exact[cell[1]].quantize(unit, rounding=ROUND_FLOOR) for cell in group), Decimal(0))
    ups = whole_units(total - floors, unit)
    larger = sum(1 for cell in group if rest(cell) > rest(member))
    at_least = sum(1 for cell in group if rest(cell) >= rest(member))
    # By largest remainders alone: up when it is among the `ups` largest whatever order ties take, down
    # when `ups` others are larger; a tie across that edge could go either way.
    way = None if not rest(member) else "up" if at_least <= ups else "down" if larger >= ups else None
    return Constraint(total, len(group), ups, larger + 1, binding.path, binding.label, way, fixed)


def _forced(
    allocation: Allocation, row: Row, index: int, direction: str, row_group: Constraint, column: Constraint | None
) -> Forced | None:
    """What forced a figure that rounds against its own remainder in its row or its column; None if it does not."""
    against = tuple(
        name for name, group in (("row", row_group), ("column", column)) if group and group.way not in (None, direction)
    )
    if not against:
        return None
    # The other group rounds it as it is by its remainders, or it ties there with figures across the edge
    # (then that group has no preference between them, and the least error of the table chose).
    if against == ("row",) and column is not None:
        return Forced("column", against, column, tie=column.way is None)
    if against == ("column",):
        return Forced("row", against, row_group, tie=row_group.way is None)
    beneath = allocation.children(row.path)
    if beneath:  # a total: its figure is what the figures beneath it add up to
        return Forced(
            "beneath", against, None, beneath=tuple((child.label, child.allocation[index]) for child in beneath)
        )
    if "column" in against:
        assert column is not None
        siblings = [(sibling, index) for sibling in allocation.children(row.path[:-1]) if sibling is not row]
        partner = _partner(allocation, siblings, row.exact[index], direction, _row)
        if partner is not None:
            return Forced("partner_row", against, column, partner)
    if "row" in against:
        others = [(row, other) for other in range(len(allocation.payers)) if other != index]
        partner = _partner(allocation, others, row.exact[index], direction, _column)
        if partner is not None:
            return Forced("partner_column", against, row_group, partner)
    return Forced("table", against, None)


def _partner(
    allocation: Allocation,
    cells: list[tuple[Row, int]],
    exact: Decimal,
    direction: str,
    holding: Callable[[Allocation, Row, int], Constraint | None],
) -> Partner | None:
    """Of the figures the shared group's remainders would round the other way instead (rounded the other
    way, with a larger remainder than `exact`'s if it goes up, a smaller one if down), the first, in the
    order the group's remainders would take them, that its other group (`holding`) rounds as it is."""
    unit = allocation.unit

    def rest(value: Decimal) -> Decimal:
        return value - value.quantize(unit, rounding=ROUND_FLOOR)

    candidates = []
    for cell_row, payer in cells:
        other, rounded = cell_row.exact[payer], cell_row.allocation[payer]
        if other == rounded or (rounded > other) == (direction == "up"):
            continue
        if (rest(other) > rest(exact)) if direction == "up" else (rest(other) < rest(exact)):
            candidates.append((cell_row, payer))
    # Going up, it took a unit from figures with larger remainders: the largest first; going down, the smallest.
    candidates.sort(key=lambda cell: rest(cell[0].exact[cell[1]]), reverse=direction == "up")
    partner_direction = "down" if direction == "up" else "up"
    for cell_row, payer in candidates:
        holds = holding(allocation, cell_row, payer)
        if holds is not None and holds.way == partner_direction:
            return Partner(
                cell_row.path,
                cell_row.label,
                allocation.payers[payer],
                cell_row.exact[payer],
                cell_row.allocation[payer],
                partner_direction,
                holds,
            )
    return None


def _decided_by(direction: str, row: Constraint, column: Constraint | None) -> str:
    """Which group, rounded by largest remainders on its own, would round the figure this way."""
    up = direction == "up"
    by_row = (row.rank <= row.ups) == up
    by_column = column is not None and (column.rank <= column.ups) == up
    return "both" if by_row and by_column else "row" if by_row else "column" if by_column else "table"
