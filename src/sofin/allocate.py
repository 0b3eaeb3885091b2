"""From a validated strategy and a year's amounts to the allocation table (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from sofin.domain.amounts import LineYear, Part
from sofin.domain.table import Provenance
from sofin.flow import Solver
from sofin.keys import key_percents, line_key, mix_weights
from sofin.model import Strategy
from sofin.results.allocate import Allocation, KeyInForce, PayerColumn, Row
from sofin.rounding import ROOT, Rounding, controlled_round
from sofin.units import as_decimal, exact_amounts, unit_amounts, whole_units
from sofin.years import LineKey


class _RowSpec(NamedTuple):
    parent: int  # index of the parent row, ROOT for the grand total
    path: tuple[str, ...]
    label: str
    total: Decimal
    in_kind: str | None = None
    in_kind_by: str | None = None
    parts: tuple[Part, ...] = ()
    projected: bool = False
    kind: str | None = None  # a line's
    key: str | None = None  # a line's key, when the strategy names keys of its own (issue 24)


FigureAt = tuple[int, tuple[str, ...], str]  # (year, row path, payer id)


def allocate(
    strategy: Strategy,
    lines: dict[LineKey, LineYear],
    provenance: Provenance | None = None,
    solver: Solver = None,
) -> Allocation:
    """Split every row of one year by the payers' key, with controlled rounding (see rounding.py), by `solver`
    (flow.Solver: the command line's choice; sofin's by the table's size when None)."""
    return _round_years(strategy, [lines], provenance, False, solver)[0][0]


def allocate_period(
    strategy: Strategy,
    years: list[dict[LineKey, LineYear]],
    provenance: Provenance | None = None,
    fair: bool = False,
    solver: Solver = None,
) -> tuple[Allocation, ...]:
    """Every year's table, in year order. Each year alone, or with `fair`, the period as one table.

    With `fair`, a municipality's cumulative figure up to each year (the sum of its grand totals so
    far) must also be the floor or the ceiling of its exact cumulative share, so that no rounding
    advantage of a unit or more builds up. The years' tables and a chain of cumulative rows
    (cumulative Y = cumulative Y-1 + year Y) form one tree; the cumulative rows cost nothing, so
    the summed error of the years is the least that the bound allows. Such a rounding always
    exists: the exact figures satisfy every bound and the problem is a flow (see rounding.py).
    """
    if not fair:
        return tuple(allocate(strategy, lines, provenance, solver) for lines in years)
    return _round_years(strategy, years, provenance, True, solver)[0]


def allocate_with_flips(
    strategy: Strategy,
    years: list[dict[LineKey, LineYear]],
    figures: Collection[FigureAt],
    provenance: Provenance | None = None,
    fair: bool = False,
    solver: Solver = None,
) -> tuple[tuple[Allocation, ...], dict[FigureAt, Decimal | None]]:
    """The tables of one year (or with `fair`, of the period rounded as one), and for each figure how
    much their least summed error grows if it were rounded the other way, from the same solve; None
    when no table adds up then. A figure whose exact share is whole has no other way and no entry."""
    if not fair and len(years) != 1:
        raise ValueError("without fair, one year's tables are rounded on their own: give one year")
    return _round_years(strategy, years, provenance, fair, solver, figures)


def _round_years(
    strategy: Strategy,
    years: list[dict[LineKey, LineYear]],
    provenance: Provenance | None,
    fair: bool,
    solver: Solver,
    flips: Collection[FigureAt] = (),
) -> tuple[tuple[Allocation, ...], dict[FigureAt, Decimal | None]]:
    chain = len(years) - 1  # cumulative rows for the 2nd..last year, the outermost (whole period) first
    parents = [index - 1 if index else ROOT for index in range(chain)]
    totals = [0] * chain
    year_specs = [_row_specs(strategy, lines) for lines in years]
    year_starts = []
    for number, specs in enumerate(year_specs):
        start = len(parents)
        year_starts.append(start)
        # Cumulative row k (node chain - k) holds cumulative row k-1 and year k; the first holds years 0 and 1.
        holder = chain - max(number, 1) if chain else ROOT
        parents.extend(holder if spec.parent == ROOT else spec.parent + start for spec in specs)
        totals.extend(_unit_totals(specs, strategy))
    year_totals = [totals[start] for start in year_starts]
    for node in range(chain):
        totals[node] = sum(year_totals[: len(years) - node])
    node_of = {
        (_year(lines), spec.path): start + index
        for lines, specs, start in zip(years, year_specs, year_starts)
        for index, spec in enumerate(specs)
    }
    payer_of = {payer.id: index for index, payer in enumerate(strategy.payers)}
    keys = [_shares(strategy, _year(lines)) for lines in years]
    node_shares: list[list[Fraction] | None] | None = None  # one key for every node, unless it changes
    if strategy.keys or any(key != keys[0] for key in keys):
        year_keys = (
            _node_keys(strategy, _year(lines), specs, key) for lines, specs, key in zip(years, year_specs, keys)
        )
        node_shares = [None] * chain
        node_shares += [node_key for nodes in year_keys for node_key in nodes]
    wanted = {(node_of[year, path], payer_of[payer]): (year, path, payer) for year, path, payer in flips}
    rounding = controlled_round(
        parents, totals, keys[0], free=range(chain), solver=solver, node_shares=node_shares, flips=wanted
    )
    allocations = tuple(
        _allocation(strategy, _year(lines), specs, rounding, range(start, start + len(specs)), provenance, fair)
        for lines, specs, start in zip(years, year_specs, year_starts)
    )
    as_amount = exact_amounts(rounding.scale, strategy.unit)
    flipped = {wanted[figure]: None if cost is None else as_amount(cost) for figure, cost in rounding.flips.items()}
    return allocations, flipped


def _year(lines: dict[LineKey, LineYear]) -> int:
    return next(iter(lines.values())).year


def _shares(strategy: Strategy, year: int) -> list[Fraction]:
    return [Fraction(share) / 100 for share in strategy.shares_in(year)]


def _node_keys(
    strategy: Strategy, year: int, specs: list[_RowSpec], shares: list[Fraction]
) -> list[list[Fraction] | None]:
    """Each row's key: with several keys (issue 24) a line's its own, a total's None (the sum of the lines
    beneath it); with one, every row's the year's payer shares."""
    if not strategy.keys:
        return [shares] * len(specs)
    fractions = {
        name: [percent / 100 for percent in percents] for name, percents in key_percents(strategy, year).items()
    }
    return [None if spec.key is None else fractions[spec.key] for spec in specs]


def _unit_totals(specs: list[_RowSpec], strategy: Strategy) -> list[int]:
    return [whole_units(spec.total, strategy.unit) for spec in specs]


def _allocation(
    strategy: Strategy,
    year: int,
    specs: list[_RowSpec],
    rounding: Rounding,
    nodes: range,
    provenance: Provenance | None,
    fair: bool = False,
) -> Allocation:
    unit = strategy.unit
    as_amount = exact_amounts(rounding.scale, unit)
    as_figure = unit_amounts(unit)
    footnotes: list[str] = []
    rows = []
    scaled_error = 0
    for spec, node in zip(specs, nodes):
        figures, scaled = rounding.figures[node], rounding.scaled[node]
        scaled_error += sum(abs(figure * rounding.scale - value) for figure, value in zip(figures, scaled))
        if spec.in_kind:
            footnotes.append(spec.in_kind)
        rows.append(
            Row(
                path=spec.path,
                label=spec.label,
                total=spec.total,
                allocation=tuple(map(as_figure, figures)),
                exact=tuple(map(as_amount, scaled)),
                footnote=len(footnotes) if spec.in_kind else None,
                footnote_payer=spec.in_kind_by if spec.in_kind else None,
                parts=spec.parts,
                projected=spec.projected,
                kind=spec.kind,
                key=spec.key,
            )
        )
    return Allocation(
        strategy=strategy.strategy,
        year=year,
        currency=strategy.currency,
        unit=unit,
        payers=tuple(PayerColumn(p.id, p.name, p.share_in(year)) for p in strategy.payers),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
        rounding_error=as_amount(scaled_error),
        provenance=provenance,
        fair=fair,
        scenario=strategy.scenario,
        assumptions=tuple(
            sorted({assumption for spec in specs for part in spec.parts for assumption in part.assumptions})
        ),
        keys=_keys_in_force(strategy, year),
    )


def _keys_in_force(strategy: Strategy, year: int) -> tuple[KeyInForce, ...]:
    """Every key of the strategy in `year` with its exact percents; none when it names no keys of its own."""
    if not strategy.keys:
        return ()
    return tuple(
        KeyInForce(name, tuple(map(as_decimal, percents)), mix_weights(strategy, name, year))
        for name, percents in key_percents(strategy, year).items()
    )


def _row_specs(strategy: Strategy, lines: dict[LineKey, LineYear]) -> list[_RowSpec]:
    """Every row in table order: grand total, then each society followed by its lines; only the
    lines that run in the year, and the societies that have one."""
    specs = [_RowSpec(ROOT, (), "", sum((line.amount for line in lines.values()), Decimal(0)))]
    for society in strategy.societies:
        parent = len(specs)
        rows = [
            _RowSpec(
                parent,
                (society.id, line.id),
                line.label,
                lines[society.id, line.id].amount,
                parts=lines[society.id, line.id].parts,
                projected=any(part.projected for part in lines[society.id, line.id].parts),
                kind=line.kind,
                key=line_key(society, line) if strategy.keys else None,
            )
            for line in society.lines
            if (society.id, line.id) in lines
        ]
        if not rows:
            continue
        total = sum((row.total for row in rows), Decimal(0))
        projected = any(row.projected for row in rows)
        specs.append(
            _RowSpec(0, (society.id,), society.short, total, society.in_kind, society.in_kind_by, projected=projected)
        )
        specs.extend(rows)
    specs[0] = specs[0]._replace(projected=any(spec.projected for spec in specs[1:]))
    return specs
