"""A municipality's payments: its contract with each society, split into instalments (pure).

The instalments form a small table of their own: one row per contract, one column per period,
each row adding up to the contract's annual amount and each column to the municipality's total
for that period. It is rounded by the same controlled rounding as the allocation, with every
period's share 1/n: no instalment is more than one unit from its exact n-th, and where the
least-error roundings tie, the earlier periods take the extra units.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from sofin.rounding import ROOT, controlled_round

if TYPE_CHECKING:  # the command line imports this module for Schedule alone
    from sofin.allocate import Allocation, PayerColumn


class Schedule(enum.StrEnum):
    annual = "annual"
    quarterly = "quarterly"
    monthly = "monthly"

    @property
    def periods(self) -> int:
        return {Schedule.annual: 1, Schedule.quarterly: 4, Schedule.monthly: 12}[self]


@dataclass(frozen=True)
class Contract:
    path: tuple[str, ...]
    label: str
    annual: Decimal
    instalments: tuple[Decimal, ...]


@dataclass(frozen=True)
class Payments:
    year: int
    payer: PayerColumn
    schedule: Schedule
    currency: str
    unit: Decimal
    contracts: tuple[Contract, ...]
    annual: Decimal  # the payer's figure on the grand total row
    totals: tuple[Decimal, ...]  # per period, across contracts


def payments(allocation: Allocation, payer_id: str, schedule: Schedule) -> Payments:
    column = [payer.id for payer in allocation.payers].index(payer_id)
    unit = allocation.unit
    societies = [row for row in allocation.rows if row.level == 1]
    amounts = [row.allocation[column] for row in societies]
    annual = allocation.rows[0].allocation[column]
    units = [int(amount / unit) for amount in (annual, *amounts)]
    rounding = controlled_round(
        [ROOT] + [0] * len(societies), units, [Fraction(1, schedule.periods)] * schedule.periods
    )
    money = [tuple(Decimal(figure) * unit for figure in row) for row in rounding.figures]
    contracts = tuple(
        Contract(row.path, row.label, amount, instalments)
        for row, amount, instalments in zip(societies, amounts, money[1:])
    )
    payer = allocation.payers[column]
    return Payments(allocation.year, payer, schedule, allocation.currency, unit, contracts, annual, money[0])
