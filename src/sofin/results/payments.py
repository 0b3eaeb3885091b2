"""`sofin payments`: a municipality's contracts and instalments."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from sofin.results.schedule import Schedule

if TYPE_CHECKING:
    from datetime import date

    from sofin.domain.amounts import Assumption
    from sofin.domain.scenario import Scenario
    from sofin.results.allocate import Allocation, PayerColumn, Row


@dataclass(frozen=True)
class Contract:
    path: tuple[str, ...]
    label: str
    annual: Decimal
    instalments: tuple[Decimal, ...]
    projected: bool = False  # the society's amount rests on a rate that is not adopted: so do its instalments


@dataclass(frozen=True)
class Later:
    """A contract whose extra units fall in later instalments than its first ones (issue 23, item 12)."""

    path: tuple[str, ...]
    label: str
    periods: tuple[int, ...]  # the instalments (0-based) that take its extra units
    # Why: "full", the earlier instalments' totals are already full with the contracts before it in the
    # table; "needed", some earlier one had room, but the contracts after it need it for the sums to reconcile.
    reason: Literal["full", "needed"] = "full"


@dataclass(frozen=True)
class Uneven:
    """Why a schedule's instalments are not all equal (issue 23, item 12): dividing into equal instalments
    leaves units over, which go to the first instalments of the municipality's total, then of each contract
    in table order, as early as the sums allow."""

    difference: Decimal  # one unit: what a contract's (or the total's) instalments differ by at most
    remainder: Decimal  # of the annual total divided by the periods; 0 when only contracts leave units over
    later: tuple[Later, ...] = ()  # the contracts whose extra units are not in their first instalments


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
    due: tuple[date, ...]  # each period's due date
    assumptions: tuple[Assumption, ...] = ()  # the rates not adopted that projected contracts rest on
    scenario: Scenario | None = None  # the what-ifs the allocation was computed with
    payers: tuple[PayerColumn, ...] = ()  # every payer of the allocation: those a scenario's shares name
    # The allocation's societies, and its lines with amounts the pay law computed: what the law's footnote names.
    pay_rows: tuple[Row, ...] = ()
    uneven: Uneven | None = None  # None when every contract's instalments are equal
    # Issue 23, item 10: the table the contracts come from, for what its amounts rest on (basis_note).
    allocation: Allocation | None = None

    @property
    def projected(self) -> bool:
        return any(contract.projected for contract in self.contracts)
