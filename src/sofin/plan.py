"""The whole period side by side: every year's totals per society and per municipality (pure).

Each year's table is an Allocation that reconciles on its own; the period totals are sums of
the years' rounded figures, so they reconcile too. Beside them, each municipality's rounding
difference: its grand-total figure minus its exact share (which is also the sum of its line
figures' differences), year by year and cumulated. A negative difference favours it.

A society that starts or ends within the period has no figure in the years it does not run (not
zero), and its period total is over the years it runs. The key is listed from each year it changes,
and the rates the projected years rest on are gathered over the period.

The pay law's effect, year by year: for every staff amount the law computed that year, its amount
minus what the staff rate alone would have given from last year's, round_half_up(A(Y-1) x (1 +
r/100), unit), summed over the year's amounts; none in a year the law computed none.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate

from sofin.results.allocate import Allocation, PayerColumn
from sofin.results.plan import Key, PeriodRow, Plan, RoundingBalance
from sofin.years import half_up_to, indexed_exactly


def plan(allocations: tuple[Allocation, ...], societies_in_order: Sequence[str]) -> Plan:
    """The period's result from its years' tables, in year order; societies in the strategy's order
    (`societies_in_order`, their ids), those that run in some year of it."""
    first = allocations[0]
    labels = {row.path: row.label for allocation in allocations for row in allocation.children(())}
    order = [(society,) for society in societies_in_order if (society,) in labels]
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
    pay_law = _pay_law(allocations)
    keys = _keys(allocations)
    return Plan(allocations, societies, grand_total, municipalities, rounding, keys, assumptions, pay_law)


def _pay_law(allocations: tuple[Allocation, ...]) -> PeriodRow | None:
    """What the pay law adds each year over the staff rate alone; None when it computed no amount in the period."""
    figures = [_pay_law_adds(allocation) for allocation in allocations]
    return None if all(figure is None for figure in figures) else _period_row("", "", figures)


def _pay_law_adds(allocation: Allocation) -> Decimal | None:
    """Over the year's amounts the law computed: each minus what indexation at its rate alone would
    have given from last year's amount; None when the law computed none."""
    added, any_by_law, unit = Decimal(0), False, allocation.unit
    for row in allocation.rows:
        for part in row.parts:
            if part.pay is not None:
                assert part.indexed_from is not None and part.rate is not None  # a law step has both
                rate_alone = half_up_to(indexed_exactly(part.indexed_from, part.rate), unit)  # years.py's indexation
                added, any_by_law = added + part.amount - rate_alone, True
    return added if any_by_law else None


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
