"""How `sofin payments` splits a year: the one result type the command line needs at start-up (for
`--schedule`'s choices), apart from `results/payments.py` and its dataclasses, which only `payments` and
`report` build."""

from __future__ import annotations

import enum


class Schedule(enum.StrEnum):
    annual = "annual"
    quarterly = "quarterly"
    monthly = "monthly"

    @property
    def periods(self) -> int:
        return {Schedule.annual: 1, Schedule.quarterly: 4, Schedule.monthly: 12}[self]
