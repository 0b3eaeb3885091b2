"""The allocator's contract, checked on any rounded table (shared by several test modules)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


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
