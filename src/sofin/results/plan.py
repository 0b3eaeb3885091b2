"""`sofin plan`: the period's years side by side."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.domain.amounts import Assumption
    from sofin.domain.scenario import Scenario
    from sofin.results.allocate import Allocation, PayerColumn


@dataclass(frozen=True)
class PeriodRow:
    """One society or municipality: a figure a year and their sum."""

    id: str
    label: str  # "" for the grand total, which renderers name in their language
    figures: tuple[
        Decimal | None, ...
    ]  # None in a year it does not run (a society that starts or ends within the period)
    period_total: Decimal  # over the years it runs


@dataclass(frozen=True)
class RoundingBalance:
    """A municipality's paid - exact, each year and cumulated from the first year."""

    payer: PayerColumn
    differences: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]


@dataclass(frozen=True)
class Key:
    """The municipalities' shares from a year on, until the next Key."""

    start: int  # the first year it is in force
    shares: tuple[Decimal, ...]  # percent, one per payer in column order


@dataclass(frozen=True)
class Plan:
    """The period's years side by side (see plan.py)."""

    allocations: tuple[Allocation, ...]  # one a year, in year order
    societies: tuple[PeriodRow, ...]  # each society that runs in any year, in the strategy's order
    grand_total: PeriodRow
    municipalities: tuple[PeriodRow, ...]  # each municipality's grand-total figure a year: what it pays in all
    rounding: tuple[RoundingBalance, ...]
    keys: tuple[Key, ...]  # the key of the first year, then each change of it, in year order
    assumptions: tuple[Assumption, ...]  # every rate the projected years rest on, by year and kind
    # What the pay law adds each year over the staff rate alone (plan.py), None in a year it computed no
    # amount; None when it computed none in the period.
    pay_law: PeriodRow | None = None

    @property
    def first(self) -> Allocation:
        return self.allocations[0]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(allocation.year for allocation in self.allocations)

    @property
    def fair(self) -> bool:
        return self.first.fair

    @property
    def projected(self) -> tuple[bool, ...]:
        """Whether each year's figures are projected (rest on a rate that is not adopted)."""
        return tuple(allocation.projected for allocation in self.allocations)

    @property
    def key_changes(self) -> bool:
        """Whether the municipalities' shares differ between years."""
        return len(self.keys) > 1

    @property
    def scenario(self) -> Scenario | None:
        """The what-ifs every year was computed with; None: the strategy as written."""
        return self.first.scenario
