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
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from sofin.results.allocate import Allocation, Assumption, LineHistory, Row
from sofin.results.explain import Constraint, Explanation, FigureWhy, ItemHistory
from sofin.units import whole_units


def explain(
    allocation: Allocation,
    path: tuple[str, ...],
    history: LineHistory | None,
    flips: Mapping[str, Decimal | None],
    payers: tuple[str, ...] | None = None,
) -> Explanation:
    """The derivation of the row at `path` (for `payers`, by default all). `flips`, by payer id: how
    much the least summed error grows with the payer's figure rounded the other way (over the year,
    or the period when it was rounded as one table); None when no table adds up then."""
    row = allocation.row(path)
    unit = allocation.unit
    figures = []
    for index, payer in enumerate(allocation.payers):
        if payers is not None and payer.id not in payers:
            continue
        exact, rounded = row.exact[index], row.allocation[index]
        other = None if exact == rounded else rounded - unit if rounded > exact else rounded + unit
        direction = "exact" if exact == rounded else "up" if rounded > exact else "down"
        half_up = exact.quantize(unit, rounding=ROUND_HALF_UP)
        row_group = _constraint([(row, i) for i in range(len(allocation.payers))], (row, index), row.total, row, unit)
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
            )
        )
    return Explanation(allocation, row, history, _items(history), tuple(figures), _assumptions(allocation, path))


def _assumptions(allocation: Allocation, path: tuple[str, ...]) -> tuple[Assumption, ...]:
    """The rates not adopted beneath the row: its own parts' for a line, its lines' for a total."""
    beneath = (row for row in allocation.rows if row.path[: len(path)] == path)
    return tuple(sorted({assumption for row in beneath for part in row.parts for assumption in part.assumptions}))


def _items(history: LineHistory | None) -> tuple[ItemHistory, ...]:
    """The line's history amount by amount: an item keeps its path from year to year."""
    if history is None:
        return ()
    paths = dict.fromkeys(part.path for year in history for part in year.parts)
    items = []
    for path in paths:
        years = tuple((year.year, part) for year in history for part in year.parts if part.path == path)
        items.append(ItemHistory(years))
    return tuple(items)


def _column(allocation: Allocation, row: Row, index: int) -> Constraint | None:
    if not row.path:
        return None
    parent = allocation.row(row.path[:-1])
    siblings = allocation.children(parent.path)
    return _constraint([(s, index) for s in siblings], (row, index), parent.allocation[index], parent, allocation.unit)


def _constraint(
    group: list[tuple[Row, int]], member: tuple[Row, int], total: Decimal, binding: Row, unit: Decimal
) -> Constraint:
    def rest(cell: tuple[Row, int]) -> Decimal:
        exact = cell[0].exact[cell[1]]
        return exact - exact.quantize(unit, rounding=ROUND_FLOOR)

    floors = sum((cell[0].exact[cell[1]].quantize(unit, rounding=ROUND_FLOOR) for cell in group), Decimal(0))
    ups = whole_units(total - floors, unit)
    larger = sum(1 for cell in group if rest(cell) > rest(member))
    return Constraint(total, len(group), ups, larger + 1, binding.path, binding.label)


def _decided_by(direction: str, row: Constraint, column: Constraint | None) -> str:
    """Which group, rounded by largest remainders on its own, would round the figure this way."""
    up = direction == "up"
    by_row = (row.rank <= row.ups) == up
    by_column = column is not None and (column.rank <= column.ups) == up
    return "both" if by_row and by_column else "row" if by_row else "column" if by_column else "table"
