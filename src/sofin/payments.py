"""A municipality's payments: its contract with each society, split into instalments (pure).

The instalments form a small table of their own: one row per contract, one column per period,
each row adding up to the contract's annual amount and each column to the municipality's total
for that period. It is rounded by the same controlled rounding as the allocation, with every
period's share 1/n: no instalment is more than one unit from its exact n-th.

Which instalments take the units left over (issue 23, item 12): every such table has the same
summed error (a row's n-ths all have the same remainder), so the tie rule of rounding.py decides
alone: the lexicographically greatest table, read as the municipality's totals first, then each
contract in table order. That is the convention of payment schedules: the units the total leaves
over go to its first instalments, then each contract's to the earliest instalments the sums still
allow, contract by contract. A contract may find its first instalments taken by the contracts
before it (Divača 2026, RK Sežana: 2.590, 2.589, 2.589, 2.590).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from sofin.flow import Solver
from sofin.results.allocate import Allocation
from sofin.results.payments import Contract, Later, Payments, Uneven
from sofin.results.schedule import Schedule
from sofin.rounding import ROOT, controlled_round
from sofin.units import unit_amounts, whole_units


def payments(
    allocation: Allocation, payer_id: str, schedule: Schedule, due_day: int = 1, solver: Solver = None
) -> Payments:
    """`payer_id`'s contracts in `allocation`'s year, split by `schedule`, each period due on `due_day`
    of its first month (the month's last day when it is shorter). `solver`: the command line's choice (flow.Solver)."""
    column = [payer.id for payer in allocation.payers].index(payer_id)
    unit = allocation.unit
    societies = allocation.children(())
    amounts = [row.allocation[column] for row in societies]
    annual = allocation.rows[0].allocation[column]
    units = [whole_units(amount, unit) for amount in (annual, *amounts)]
    as_amount = unit_amounts(unit)
    money = [tuple(map(as_amount, row)) for row in instalments(units, schedule.periods, solver)]
    contracts = tuple(
        Contract(row.path, row.label, amount, split, row.projected)
        for row, amount, split in zip(societies, amounts, money[1:])
    )
    payer = allocation.payers[column]
    due = tuple(_due(allocation.year, month, due_day) for month in range(1, 13, 12 // schedule.periods))
    return Payments(
        allocation.year,
        payer,
        schedule,
        allocation.currency,
        unit,
        contracts,
        annual,
        money[0],
        due,
        allocation.assumptions,
        allocation.scenario,
        allocation.payers,
        tuple(row for row in allocation.rows if row.level == 1 or any(part.pay for part in row.parts)),
        _uneven(units, money, unit, contracts),
        allocation=allocation,
    )


def instalments(units: list[int], periods: int, solver: Solver = None) -> tuple[tuple[int, ...], ...]:
    """The annual total's instalments, then each contract's, in whole units: `units` is the total, then the
    contracts. Each row adds up to its amount, each period's contracts to its total, the units left over
    as early as the sums allow, the total's first (see the module's docstring)."""
    return controlled_round(
        [ROOT] + [0] * (len(units) - 1), units, [Fraction(1, periods)] * periods, solver=solver
    ).figures


def _uneven(
    units: list[int], money: list[tuple[Decimal, ...]], unit: Decimal, contracts: tuple[Contract, ...]
) -> Uneven | None:
    if all(len(set(row)) == 1 for row in money):
        return None
    return Uneven(unit, (units[0] % len(money[0])) * unit, _later(money[0], contracts, unit))


def _later(totals: tuple[Decimal, ...], contracts: tuple[Contract, ...], unit: Decimal) -> tuple[Later, ...]:
    """The contracts whose extra units are not in their first instalments, and why: walking the contracts in
    table order, the room each period's total still has for extra units."""
    floors = [min(contract.instalments) for contract in contracts]
    room = [(total - sum(floors)) / unit for total in totals]
    later = []
    for contract in contracts:
        extra = _extra_periods(contract.instalments)
        if extra != tuple(range(len(extra))):
            skipped = [period for period in range(extra[-1]) if period not in extra]
            reason: Literal["full", "needed"] = "needed" if any(room[period] for period in skipped) else "full"
            later.append(Later(contract.path, contract.label, extra, reason))
        for period in extra:
            room[period] -= 1
    return tuple(later)


def _extra_periods(instalments: tuple[Decimal, ...]) -> tuple[int, ...]:
    """The instalments that take a unit more than the others; none when all are equal."""
    if len(set(instalments)) == 1:
        return ()
    top = max(instalments)
    return tuple(period for period, amount in enumerate(instalments) if amount == top)


def _due(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
