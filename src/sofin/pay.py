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

Pure, except that a schedule shipped as data in the package is read when first named (pay_schedules.py).
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from sofin.model import Strategy
from sofin.pay_schedules import PaySchedule, shipped_schedule
from sofin.units import unit_amounts
from sofin.validation import HUNDRED

CENT = Decimal("0.01")


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


@functools.cache
def pay_periods(payments: Payments, before: Decimal, year: int) -> tuple[PayPeriod, ...]:
    """The year's months worked as runs at one monthly pay: jan-jun 2.463,15; jul-dec 2.563,15.

    A month's pay is before plus every tranche dated on or before its first day, found here from the
    months where a tranche starts to count (at most one a tranche) instead of twelve sums: a national
    strategy has thousands of pays (tests/test_pay_fast.py holds it to the twelve sums).
    """
    raises = _raises_by_month(payments, year)
    pay = before + sum(raises.pop(1, ()), Decimal(0))
    periods = [PayPeriod(1, 12, pay)]
    for month in sorted(raises):
        # The same terms as the month's own sum adds (a sum of these Decimals is exact, whatever its order),
        # so the same value with the same decimals.
        pay = sum(raises[month], pay)
        if pay != periods[-1].pay:
            periods[-1] = periods[-1]._replace(last=month - 1)
            periods.append(PayPeriod(month, 12, pay))
    return tuple(periods)


def _raises_by_month(payments: Payments, year: int) -> dict[int, list[Decimal]]:
    """What each tranche pays, by the first month of `year` (1-12) on whose first day it counts: month 1
    for a tranche dated on or before 1 January; none for a tranche that counts only in a later year."""
    first_of_january = date(year, 1, 1)
    raises: dict[int, list[Decimal]] = {}
    for start, paid in payments:
        if start <= first_of_january:
            raises.setdefault(1, []).append(paid)
        elif start.year == year and (month := start.month + (start.day > 1)) <= 12:
            raises.setdefault(month, []).append(paid)
    return raises


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
    """A(Y) and O(Y) from A(Y-1) = `previous`, O(Y-1) = `other`, f(Y), f(Y-1) and the rate r of Y.

    In integers, each value as numerator and denominator, and one Fraction at the end: the same
    exact values as Fraction arithmetic step by step, without its normalising at every step.
    """
    pay_n, pay_d = (previous - other).as_integer_ratio()
    other_n, other_d = other.as_integer_ratio()
    this_n, this_d = this_year.as_integer_ratio()
    last_n, last_d = last_year.as_integer_ratio()
    rate_n, rate_d = rate.as_integer_ratio()
    factor_n, factor_d = 100 * rate_d + rate_n, 100 * rate_d  # 1 + r/100
    # (pay x f(Y) / f(Y-1) + O) x (1 + r/100), over one common denominator
    numerator = (pay_n * this_n * last_d * other_d + other_n * pay_d * this_d * last_n) * factor_n
    denominator = pay_d * this_d * last_n * other_d * factor_d
    exact = Fraction(numerator, denominator)
    other_exact = Fraction(other_n * factor_n, other_d * factor_d)
    return YearStep(half_up(exact, unit), half_up(other_exact, unit), exact, other_exact)


def half_up(exact: Fraction, unit: Decimal) -> Decimal:
    """An exact amount rounded half-up to the unit (amounts are never negative)."""
    unit_n, unit_d = unit.as_integer_ratio()
    numerator, denominator = exact.numerator * unit_d, exact.denominator * unit_n  # exact / unit, in units
    return unit_amounts(unit)((2 * numerator + denominator) // (2 * denominator))
