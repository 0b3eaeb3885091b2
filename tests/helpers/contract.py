"""The allocator's contract, checked on any rounded table, and an independent optimum (shared by test modules)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from sofin.rounding import ROOT


def assert_reconciles(parents: Sequence[int], totals: Sequence[int], exact, figures) -> None:
    """Floor or ceiling of every exact figure; rows add up to totals; parents to their children."""
    payers = len(figures[0])
    for node, (row, exact_row) in enumerate(zip(figures, exact)):
        assert sum(row) == totals[node], f"row {node} sums to {sum(row)}, not {totals[node]}"
        for value, exact_value in zip(row, exact_row):
            assert math.floor(exact_value) <= value <= math.ceil(exact_value), (node, value, exact_value)
    children: dict[int, list[int]] = {}
    for node, parent in enumerate(parents):
        if parent >= 0:
            children.setdefault(parent, []).append(node)
    for parent, kids in children.items():
        for payer in range(payers):
            assert figures[parent][payer] == sum(figures[kid][payer] for kid in kids), (parent, payer)


def summed_error(figures, exact) -> Fraction:
    return sum((abs(v - e) for row, er in zip(figures, exact) for v, e in zip(row, er)), Fraction(0))


def assert_allocation_reconciles(allocation) -> None:
    """The contract on the Decimal table itself, in units of the table's rounding unit."""
    unit = allocation.unit
    index = {row.path: i for i, row in enumerate(allocation.rows)}
    parents = [index[row.path[:-1]] if row.path else -1 for row in allocation.rows]
    totals = [int(row.total / unit) for row in allocation.rows]
    exact = [[Fraction(value) / Fraction(unit) for value in row.exact] for row in allocation.rows]
    figures = [[int(value / unit) for value in row.allocation] for row in allocation.rows]
    assert all(value % unit == 0 for row in allocation.rows for value in row.allocation)
    assert_reconciles(parents, totals, exact, figures)
    shares = [Fraction(payer.share) / 100 for payer in allocation.payers]
    for row in allocation.rows:
        assert [Fraction(value) for value in row.exact] == [Fraction(row.total) * share for share in shares]
        assert all(fewest_decimals(value) for value in row.exact)
    return parents, totals, shares


def fewest_decimals(value: Decimal) -> bool:
    """Written with no exponent above zero and no trailing zero after the decimal point: 2562.8666, 100.5, 7."""
    sign, digits, exponent = value.as_tuple()
    return exponent == 0 or (exponent < 0 and digits[-1] != 0)


def highs_least_error(parents, totals, fractions, free=(), exact=None) -> float:
    """The least summed error by an independent MILP: integer figures, |x - e| through t >= ±(x - e).

    Each figure is written x = floor(e) + y, so the solver sees small numbers (large totals made
    HiGHS's presolve report numerical trouble); y is an integer in [0, ceil(e) - floor(e)].
    The exact figures are each total x `fractions`, or with several keys (issue 24) `exact`, every
    node's own in units (`fractions` is then not read). The nodes need not be in pre-order.
    """
    return _highs(parents, totals, fractions, free, exact)[0]


def highs_solution(parents, totals, exact, free=()) -> tuple[float, list[list[int]]]:
    """From one solve (as highs_least_error's): HiGHS's least summed error, and its optimal table's figures a row
    a node, each its nearest integer: a table whose error can be summed exactly, where HiGHS's own sum is a float
    within its tolerances."""
    least, figures = _highs(parents, totals, None, free, exact)
    payers = len(exact[0])
    return least, [figures[v * payers : (v + 1) * payers] for v in range(len(totals))]


def _highs(parents, totals, fractions, free, exact) -> tuple[float, list[int]]:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    payers = len(fractions) if exact is None else len(exact[0])
    nodes = len(totals)
    n = nodes * payers  # y variables, then as many t variables
    if exact is None:
        exact = [Fraction(t) * f for t in totals for f in fractions]
    else:
        exact = [Fraction(e) for row in exact for e in row]
    floors = [math.floor(e) for e in exact]
    rest = [float(e - f) for e, f in zip(exact, floors)]  # exact - floor, in [0, 1)
    rows, lower, upper = [], [], []

    def constraint(coefficients: dict[int, float], low: float, high: float) -> None:
        row = np.zeros(2 * n)
        for index, value in coefficients.items():
            row[index] = value
        rows.append(row)
        lower.append(low)
        upper.append(high)

    for v in range(nodes):
        cells = range(v * payers, (v + 1) * payers)
        need = totals[v] - sum(floors[i] for i in cells)
        constraint({i: 1 for i in cells}, need, need)
    for v in set(parents) - {ROOT}:
        kids = [k for k, parent in enumerate(parents) if parent == v]
        for p in range(payers):
            need = sum(floors[k * payers + p] for k in kids) - floors[v * payers + p]
            constraint({v * payers + p: 1, **{k * payers + p: -1 for k in kids}}, need, need)
    for i, r in enumerate(rest):
        constraint({n + i: 1, i: -1}, -r, np.inf)  # t >= y - r
        constraint({n + i: 1, i: 1}, r, np.inf)  # t >= r - y
    costs = np.array([0.0 if i // payers in free else 1.0 for i in range(n)])
    result = milp(
        c=np.concatenate([np.zeros(n), costs]),
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=np.concatenate([np.ones(n), np.zeros(n)]),
        bounds=Bounds([0] * (2 * n), [math.ceil(e) - f for e, f in zip(exact, floors)] + [np.inf] * n),
    )
    assert result.success, result.message
    return result.fun, [f + int(round(float(y))) for f, y in zip(floors, result.x[:n])]
