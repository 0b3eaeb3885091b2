"""The whole period side by side: every year's totals per society and per municipality (pure).

Each year's table is an Allocation that reconciles on its own; the period totals are sums of
the years' rounded figures, so they reconcile too. Beside them, each municipality's rounding
difference: its grand-total figure minus its exact share (which is also the sum of its line
figures' differences), year by year and cumulated. A negative difference favours it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sofin.allocate import Allocation, PayerColumn


@dataclass(frozen=True)
class PeriodRow:
    """One society or municipality: a figure a year and their sum."""

    id: str
    label: str
    figures: tuple[Decimal, ...]

    @property
    def period_total(self) -> Decimal:
        return sum(self.figures, Decimal(0))


@dataclass(frozen=True)
class RoundingBalance:
    """A municipality's paid - exact, each year and cumulated from the first year."""

    payer: PayerColumn
    differences: tuple[Decimal, ...]

    @property
    def cumulative(self) -> tuple[Decimal, ...]:
        running, sums = Decimal(0), []
        for difference in self.differences:
            running += difference
            sums.append(running)
        return tuple(sums)


@dataclass(frozen=True)
class Plan:
    allocations: tuple[Allocation, ...]  # one a year, in year order

    @property
    def first(self) -> Allocation:
        return self.allocations[0]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(allocation.year for allocation in self.allocations)

    @property
    def fair(self) -> bool:
        return self.first.fair

    def societies(self) -> tuple[PeriodRow, ...]:
        """Each society's total a year, in table order."""
        return tuple(
            PeriodRow(row.path[0], row.label, tuple(allocation.row(row.path).total for allocation in self.allocations))
            for row in self.first.rows
            if row.level == 1
        )

    def grand_total(self) -> PeriodRow:
        figures = tuple(allocation.grand_total.total for allocation in self.allocations)
        return PeriodRow("", self.first.grand_total.label, figures)

    def municipalities(self) -> tuple[PeriodRow, ...]:
        """Each municipality's grand-total figure a year: what it pays in all."""
        return tuple(
            PeriodRow(
                payer.id, payer.name, tuple(allocation.grand_total.allocation[p] for allocation in self.allocations)
            )
            for p, payer in enumerate(self.first.payers)
        )

    def rounding(self) -> tuple[RoundingBalance, ...]:
        return tuple(
            RoundingBalance(
                payer,
                tuple(a.grand_total.allocation[p] - a.grand_total.exact[p] for a in self.allocations),
            )
            for p, payer in enumerate(self.first.payers)
        )
