"""A line's amounts in a year and where each comes from: declared, indexed, adopted, or moved by the pay law."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sofin.domain.record import Record


class Source(enum.StrEnum):
    declared = "declared"  # as written for the base year
    indexed = "indexed"  # last year's amount times (1 + rate/100), half-up to the unit
    adopted = "adopted"  # as the municipalities adopted it for the year


class RateBasis(enum.StrEnum):
    """What a year's indexation rate rests on."""

    planned = "planned"  # a planning assumption of the strategy file (a plain number)
    adopted = "adopted"  # adopted by the municipalities, with its source
    scenario = "scenario"  # a what-if given on the command line (--rate)


@dataclass(frozen=True, order=True)
class Assumption:
    """A rate that is not adopted, used in an amount's derivation: what a projected figure rests on."""

    year: int
    kind: str  # the cost kind: staff or programme
    rate: Decimal  # percent
    basis: RateBasis  # planned or scenario


@dataclass(frozen=True, eq=False, repr=False)
class PayLaw(Record):
    """What an amount computed by the pay law rests on: the schedule, and before/target with their source."""

    schedule: str  # its id: reform-2025, or one of the strategy's pay_schedules
    schedule_source: str  # the law the schedule comes from
    before: Decimal  # monthly gross basic pay before the reform
    target: Decimal  # on the new scale, once the reform is complete
    source: str | None  # where before and target come from
    scenario: bool = False  # before and target are a what-if of the command line (--pay)


@dataclass(frozen=True, eq=False, repr=False)
class PayMonths(Record):
    """A year's months worked as runs at one monthly pay: (first month, last month, monthly pay)."""

    year: int
    periods: tuple[tuple[int, int, Decimal], ...]
    total: Decimal  # f(year): the sum of the twelve monthly pays


@dataclass(frozen=True, eq=False, repr=False)
class PayStep(Record):
    """How the pay law moved an amount from last year's: A(Y) = ((A(Y-1) - O(Y-1)) x f(Y) / f(Y-1)
    + O(Y-1)) x (1 + r/100), half-up to the unit; r is the part's rate."""

    law: PayLaw
    months: PayMonths  # this year's
    previous_months: PayMonths  # last year's
    other_before: Decimal  # O(Y-1): the part of last year's amount that is not pay
    exact: Fraction  # A(Y) before rounding

    @property
    def factor(self) -> Fraction:
        """f(Y) / f(Y-1): 1 once the reform is complete."""
        return Fraction(self.months.total) / Fraction(self.previous_months.total)


@dataclass(frozen=True, eq=False, repr=False)
class Part(Record):
    """One amount of a line in one year: an item, or the whole line."""

    path: str  # society/line or society/line/N, as adopted amounts name it
    label: str
    amount: Decimal
    source: Source
    rate: Decimal | None = None  # percent, when indexed
    pay_grade: int | None = None
    funded_share: Decimal | None = None
    unrounded: Decimal | None = None  # when indexed: last year's amount x (1 + rate/100), before rounding half-up
    indexed_from: Decimal | None = None  # when indexed: last year's amount
    basis: RateBasis | None = None  # when indexed: what the rate rests on
    rate_source: str | None = None  # when indexed at an adopted rate: its source
    # The rates that are not adopted in the derivation since the last declared or adopted amount.
    assumptions: tuple[Assumption, ...] = ()
    law: PayLaw | None = None  # when the amount follows the pay law (a `pay` block): what it rests on
    other: Decimal | None = None  # with law: O(Y), the part of the amount that is not pay
    # With law: the rates not adopted that O(Y) rests on since the base year (O is never adopted).
    other_assumptions: tuple[Assumption, ...] = ()
    pay: PayStep | None = None  # when indexed by the pay law: how

    @property
    def projected(self) -> bool:
        """Whether the amount rests on a planning (or what-if) rate rather than adopted figures only."""
        return bool(self.assumptions)


@dataclass(frozen=True, eq=False, repr=False)
class LineYear(Record):
    """A line's parts in one year; the line's amount is their sum."""

    year: int
    parts: tuple[Part, ...]
    amount: Decimal  # the line's amount, the sum of its parts


LineHistory = tuple[LineYear, ...]  # the line's first year (the base year or its `from`) first, one entry a year
