"""The whole period side by side: every year's totals per society and per municipality (pure).

Each year's table is an Allocation that reconciles on its own; the period totals are sums of
the years' rounded figures, so they reconcile too. Beside them, each municipality's rounding
difference: its grand-total figure minus its exact share (which is also the sum of its line
figures' differences), year by year and cumulated. A negative difference favours it.

A society that starts or ends within the period has no figure in the years it does not run (not
zero), and its period total is over the years it runs. The key is listed from each year it changes,
and the rates the projected years rest on are gathered over the period.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate

from sofin.results.allocate import Allocation, PayerColumn
from sofin.results.plan import Key, PeriodRow, Plan, RoundingBalance


def plan(allocations: tuple[Allocation, ...]) -> Plan:
    """The period's result from its years' tables, in year order."""
    first = allocations[0]
    labels = {row.path: row.label for allocation in allocations for row in allocation.children(())}
    order = _merged([[row.path for row in allocation.children(())] for allocation in allocations])
    societies = tuple(
        _period_row(
            path[0],
            labels[path],
            [allocation.row(path).total if allocation.has(path) else None for allocation in allocations],
        )
        for path in order
    )
    grand_total = _period_row("", "", [allocation.grand_total.total for allocation in allocations])
    municipalities = tuple(
        _period_row(payer.id, payer.name, [allocation.grand_total.allocation[p] for allocation in allocations])
        for p, payer in enumerate(first.payers)
    )
    rounding = tuple(
        _balance(first.payers[p], [a.grand_total.allocation[p] - a.grand_total.exact[p] for a in allocations])
        for p in range(len(first.payers))
    )
    assumptions = tuple(sorted({assumption for allocation in allocations for assumption in allocation.assumptions}))
    return Plan(allocations, societies, grand_total, municipalities, rounding, _keys(allocations), assumptions)


def _merged(orders: Sequence[Sequence[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Every path of the years' orders once, each year's order kept.

    Each year lists its societies in the strategy's order, less those that do not run then, so the
    orders never contradict one another; two societies never listed in the same year keep the
    order of the years they first run in.
    """
    first_seen: dict[tuple[str, ...], int] = {}
    after: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    waits: dict[tuple[str, ...], int] = {}
    for order in orders:
        for path in order:
            first_seen.setdefault(path, len(first_seen))
            after.setdefault(path, set())
            waits.setdefault(path, 0)
        for earlier, later in zip(order, order[1:]):
            if later not in after[earlier]:
                after[earlier].add(later)
                waits[later] += 1
    ready = [(first_seen[path], path) for path, count in waits.items() if count == 0]
    heapq.heapify(ready)
    merged = []
    while ready:
        _, path = heapq.heappop(ready)
        merged.append(path)
        for later in after[path]:
            waits[later] -= 1
            if waits[later] == 0:
                heapq.heappush(ready, (first_seen[later], later))
    return merged


def _keys(allocations: tuple[Allocation, ...]) -> tuple[Key, ...]:
    """The first year's key, then each year's that differs from the year before."""
    keys: list[Key] = []
    for allocation in allocations:
        shares = tuple(payer.share for payer in allocation.payers)
        if not keys or keys[-1].shares != shares:
            keys.append(Key(allocation.year, shares))
    return tuple(keys)


def _period_row(id: str, label: str, figures: Sequence[Decimal | None]) -> PeriodRow:
    return PeriodRow(id, label, tuple(figures), sum((v for v in figures if v is not None), Decimal(0)))


def _balance(payer: PayerColumn, differences: list[Decimal]) -> RoundingBalance:
    return RoundingBalance(payer, tuple(differences), tuple(accumulate(differences, initial=None)))
