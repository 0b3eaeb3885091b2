"""`sofin report YEAR` (issue 26 item 4): what a council session's document holds, each part the result of
the command that shows it alone (allocate, diff, plan, payments)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sofin.domain.scenario import Scenario
    from sofin.domain.table import Provenance
    from sofin.results.allocate import Allocation
    from sofin.results.diff import Diff
    from sofin.results.payments import Payments
    from sofin.results.plan import Plan
    from sofin.results.schedule import Schedule


@dataclass(frozen=True)
class CouncilReport:
    """The year's table, what changed since the year before, the period, each municipality's instalments."""

    year: int
    allocation: Allocation  # the year's, with the strategy's printed table beside it (allocate_year)
    # from the year before (or what --previous names) to the year; None: the period's first year, without
    # --previous (the strategy has no year before it)
    changes: Diff | None
    # The table --previous names, by its file's name alone, as the changes' heading names it (the Diff's side
    # has the path as typed); None: a year, or no --previous.
    previous_name: str | None
    plan: Plan  # the whole period, the year among its years
    payments: tuple[Payments, ...]  # one a municipality, in the table's order of payers
    schedule: Schedule
    due_day: int  # each instalment's day of its period's first month

    @property
    def strategy(self) -> str:
        return self.allocation.strategy

    @property
    def scenario(self) -> Scenario | None:
        """The what-ifs every part was computed with; None: the strategy as written."""
        return self.allocation.scenario

    @property
    def provenance(self) -> Provenance | None:
        return self.allocation.provenance
