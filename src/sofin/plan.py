"""The whole period side by side: every year's totals per society and per municipality (pure).

Each year's table is an Allocation that reconciles on its own; the period totals are sums of
the years' rounded figures, so they reconcile too. Beside them, each municipality's rounding
difference: its grand-total figure minus its exact share (which is also the sum of its line
figures' differences), year by year and cumulated. A negative difference favours it.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import accumulate

from sofin.results.allocate import Allocation, PayerColumn
from sofin.results.plan import PeriodRow, Plan, RoundingBalance


def plan(allocations: tuple[Allocation, ...]) -> Plan:
    """The period's result from its years' tables, in year order."""
    first = allocations[0]
    societies = tuple(
        _period_row(row.path[0], row.label, [allocation.row(row.path).total for allocation in allocations])
        for row in first.children(())
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
    return Plan(allocations, societies, grand_total, municipalities, rounding)


def _period_row(id: str, label: str, figures: list[Decimal]) -> PeriodRow:
    return PeriodRow(id, label, tuple(figures), sum(figures, Decimal(0)))


def _balance(payer: PayerColumn, differences: list[Decimal]) -> RoundingBalance:
    return RoundingBalance(payer, tuple(differences), tuple(accumulate(differences, initial=None)))
