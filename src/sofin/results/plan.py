"""`sofin plan`: the period's years side by side."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.results.allocate import Allocation, PayerColumn


@dataclass(frozen=True)
class PeriodRow:
    """One society or municipality: a figure a year and their sum."""

    id: str
    label: str  # "" for the grand total, which renderers name in their language
    figures: tuple[Decimal, ...]
    period_total: Decimal


@dataclass(frozen=True)
class RoundingBalance:
    """A municipality's paid - exact, each year and cumulated from the first year."""

    payer: PayerColumn
    differences: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]


@dataclass(frozen=True)
class Plan:
    """The period's years side by side (see plan.py)."""

    allocations: tuple[Allocation, ...]  # one a year, in year order
    societies: tuple[PeriodRow, ...]  # each society's total a year, in table order
    grand_total: PeriodRow
    municipalities: tuple[PeriodRow, ...]  # each municipality's grand-total figure a year: what it pays in all
    rounding: tuple[RoundingBalance, ...]

    @property
    def first(self) -> Allocation:
        return self.allocations[0]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(allocation.year for allocation in self.allocations)

    @property
    def fair(self) -> bool:
        return self.first.fair
