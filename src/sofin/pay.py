"""Staff costs by the pay law: a reform's tranches, month by month (README: "Staff costs by the pay law").

The rule, exactly:
- D = target - before, the raise from the old monthly basic pay to the new.
- Each tranche pays min(what is left of D, max(share x D rounded half-up to the cent, its minimum));
  the last tranche pays what is left.
- The monthly pay of month m is before plus every tranche dated on or before the first of m. Months
  are months worked: December's pay belongs to December's year.
- f(Y) is the sum of Y's twelve monthly pays.
- A year's amount after the base year (years.py): A(Y) = round_half_up(((A(Y-1) - O(Y-1)) x
  f(Y) / f(Y-1) + O(Y-1)) x (1 + r/100), unit), and O(Y) = round_half_up(O(Y-1) x (1 + r/100), unit),
  O the part of the amount that is not pay and r the staff rate of Y.

Pure, except for reading the schedules shipped as data in the package (`data/pay_schedules/`).
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from typing import NamedTuple

from sofin.model import HUNDRED, PaySchedule, Strategy
from sofin.units import unit_amounts

CENT = Decimal("0.01")
_SHIPPED = "pay_schedules"  # the folder of sofin's data that holds the shipped schedules, one file each


class Step(NamedTuple):
    """A tranche as the rule reads it: from when, its share in percent and minimum, or the rest (None)."""

    start: date
    share: Decimal | None  # None: the rest
    minimum: Decimal


Steps = tuple[Step, ...]
Payments = tuple[tuple[date, Decimal], ...]  # each tranche's date and what it pays a month


class PayPeriod(NamedTuple):
    """Months of one year at one monthly pay: first and last month (1-12), and the pay."""

    first: int
    last: int
    pay: Decimal


@functools.cache
def shipped_schedule_names() -> tuple[str, ...]:
    """The ids of the schedules shipped in the package: their files' names."""
    folder = resources.files("sofin") / "data" / _SHIPPED
    return tuple(sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml")))


@functools.cache
def shipped_schedule(name: str) -> PaySchedule:
    """A shipped schedule, validated as a strategy's own would be."""
    from sofin.source import parse

    text = (resources.files("sofin") / "data" / _SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    return PaySchedule.model_validate(parse(text, f"{name}.yaml").data)


def schedule_of(strategy: Strategy, name: str) -> PaySchedule:
    """The schedule a pay block names: one of the strategy's own, or a shipped one (validation knows it)."""
    return strategy.pay_schedules.get(name) or shipped_schedule(name)


def steps(schedule: PaySchedule) -> Steps:
    return tuple(
        Step(tranche.start, None if tranche.rest else tranche.share, tranche.minimum or Decimal(0))
        for tranche in schedule.tranches
    )


@functools.cache
def tranche_payments(schedule: Steps, before: Decimal, target: Decimal) -> Payments:
    """What each tranche adds to the monthly pay, by the rule: the last pays what is left."""
    difference = target - before
    left = difference
    payments = []
    for number, step in enumerate(schedule, start=1):
        if number == len(schedule) or step.share is None:
            paid = left
        else:
            share = (step.share * difference / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
            paid = min(left, max(share, step.minimum))
        payments.append((step.start, paid))
        left -= paid
    return tuple(payments)


def monthly_pay(payments: Payments, before: Decimal, year: int, month: int) -> Decimal:
    """The monthly pay of a month worked: before, plus every tranche dated on or before its first day."""
    first_day = date(year, month, 1)
    return before + sum((paid for start, paid in payments if start <= first_day), Decimal(0))


@functools.cache
def pay_periods(payments: Payments, before: Decimal, year: int) -> tuple[PayPeriod, ...]:
    """The year's months worked as runs at one monthly pay: jan-jun 2.463,15; jul-dec 2.563,15."""
    periods: list[PayPeriod] = []
    for month in range(1, 13):
        pay = monthly_pay(payments, before, year, month)
        if periods and periods[-1].pay == pay:
            periods[-1] = periods[-1]._replace(last=month)
        else:
            periods.append(PayPeriod(month, month, pay))
    return tuple(periods)


def year_pay(payments: Payments, before: Decimal, year: int) -> Decimal:
    """f(Y): the sum of the year's twelve monthly pays."""
    return sum(
        (period.pay * (period.last - period.first + 1) for period in pay_periods(payments, before, year)), Decimal(0)
    )


class YearStep(NamedTuple):
    """One year of an amount under the pay law, before and after its one rounding."""

    amount: Decimal  # A(Y), half-up to the unit
    other: Decimal  # O(Y), half-up to the unit
    exact: Fraction  # ((A(Y-1) - O(Y-1)) x f(Y) / f(Y-1) + O(Y-1)) x (1 + r/100), before rounding
    other_exact: Fraction  # O(Y-1) x (1 + r/100), before rounding


def year_step(
    previous: Decimal, other: Decimal, this_year: Decimal, last_year: Decimal, rate: Decimal, unit: Decimal
) -> YearStep:
    """A(Y) and O(Y) from A(Y-1) = `previous`, O(Y-1) = `other`, f(Y), f(Y-1) and the rate r of Y."""
    factor = 1 + Fraction(rate) / 100
    exact = ((Fraction(previous - other) * Fraction(this_year) / Fraction(last_year)) + Fraction(other)) * factor
    other_exact = Fraction(other) * factor
    return YearStep(half_up(exact, unit), half_up(other_exact, unit), exact, other_exact)


def half_up(exact: Fraction, unit: Decimal) -> Decimal:
    """An exact amount rounded half-up to the unit (amounts are never negative)."""
    units = exact / Fraction(unit)
    return unit_amounts(unit)((2 * units.numerator + units.denominator) // (2 * units.denominator))
