"""The pay law's rule (issue 22, "The rule"; README: "Staff costs by the pay law"), written out again
apart from sofin: the oracle of tests/test_pay.py, tests/test_explain_pay.py and tests/test_pay_outputs.py.

Everything here is plain Fractions with a half-up rounding of its own. The 2025 reform's tranches are
typed from the issue's table (MJU, November 2025), as data: never read from sofin.pay nor from the
schedule file sofin ships, which is what the tests check them against.

- D = target - before.
- Each tranche pays min(what is left of D, max(share x D half-up to the cent, the minimum)); the last
  (or one without a share) pays what is left.
- The monthly pay of month m is before plus every tranche dated on or before the first of m.
- f(Y) is the sum of Y's twelve monthly pays.
- A(Y) = round_half_up(((A(Y-1) - O(Y-1)) x f(Y) / f(Y-1) + O(Y-1)) x (1 + r/100), unit),
  O(Y) = round_half_up(O(Y-1) x (1 + r/100), unit); an adopted A(Y) replaces the computed one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

CENT = Fraction(1, 100)


@dataclass(frozen=True)
class Tranche:
    start: date
    share: Fraction | None  # percent of the difference; None: the rest
    minimum: Fraction = Fraction(0)


Table = tuple[Tranche, ...]

# The issue's table (MJU, November 2025), which the shipped data file must hold.
REFORM_2025: Table = (
    Tranche(date(2025, 1, 1), Fraction(12), Fraction(100)),
    Tranche(date(2025, 10, 1), Fraction(12), Fraction(100)),
    Tranche(date(2026, 6, 1), Fraction(12), Fraction(70)),
    Tranche(date(2026, 12, 1), Fraction(15), Fraction(50)),
    Tranche(date(2027, 7, 1), Fraction(15), Fraction(100)),
    Tranche(date(2028, 1, 1), None),
)

# The issue's example item, as a staff line of a society's `lines:` (example values, not a real
# employee's), beside an item without pay.
ISSUE_STAFF_LINE = """\
      - id: staff
        label: Stroški zaposlenih
        kind: staff
        items:
          - label: Strokovna delavka
            pay_grade: 34
            funded_share: 1
            amount: 31968
            pay:
              before: 2123.45
              target: 2588.10
              other: 3500
              source: "Pogodba o zaposlitvi, aneks 2025"
          - {label: Laični delavec, pay_grade: 26, funded_share: 0.5, amount: 15000}
"""


def round_half_up(value: Fraction, unit: Fraction = Fraction(1)) -> Fraction:
    """The nearest multiple of the unit, a half going up (nothing rounded here is negative)."""
    assert value >= 0
    return math.floor(value / unit + Fraction(1, 2)) * unit


def paid_by_tranche(before: Fraction, target: Fraction, table: Table = REFORM_2025) -> list[Fraction]:
    """Each tranche pays min(what is left of D, max(share x D half-up to the cent, minimum)); the last the rest."""
    difference = target - before
    left, paid = difference, []
    for number, tranche in enumerate(table, start=1):
        if number == len(table) or tranche.share is None:
            this = left
        else:
            this = min(left, max(round_half_up(tranche.share / 100 * difference, CENT), tranche.minimum))
        paid.append(this)
        left -= this
    return paid


def month_pays(before: Fraction, target: Fraction, year: int, table: Table = REFORM_2025) -> list[Fraction]:
    """The twelve monthly pays of a year worked: before, plus each tranche dated on or before the month's first."""
    paid = paid_by_tranche(before, target, table)
    return [
        before + sum((p for tranche, p in zip(table, paid) if tranche.start <= date(year, month, 1)), Fraction(0))
        for month in range(1, 13)
    ]


def f(before: Fraction, target: Fraction, year: int, table: Table = REFORM_2025) -> Fraction:
    """f(Y): the sum of the year's twelve monthly pays."""
    return sum(month_pays(before, target, year, table), Fraction(0))


@dataclass(frozen=True)
class PayBlock:
    before: Fraction
    target: Fraction
    other: Fraction = Fraction(0)
    table: Table = REFORM_2025


@dataclass(frozen=True)
class Year:
    """One year of an amount by the law: A(Y) (rounded, or adopted), A(Y) before rounding (the base
    year's: its amount), O(Y) rounded, and f(Y)."""

    amount: Fraction
    exact: Fraction
    other: Fraction
    f: Fraction


def years_by_law(
    block: PayBlock,
    amount: Fraction,
    rates: Mapping[int, Fraction],
    base: int,
    end: int,
    unit: Fraction = Fraction(1),
    adopted: Mapping[int, Fraction] | None = None,
) -> dict[int, Year]:
    """Every year from the base year to the end, each by the year step from the one before; r is rates[Y]."""
    adopted = adopted or {}
    a, o = amount, block.other
    years = {base: Year(a, a, o, f(block.before, block.target, base, block.table))}
    for year in range(base + 1, end + 1):
        grow = 1 + Fraction(rates[year]) / 100
        this_year, last_year = f(block.before, block.target, year, block.table), years[year - 1].f
        exact = ((a - o) * this_year / last_year + o) * grow
        o = round_half_up(o * grow, unit)
        a = adopted.get(year, round_half_up(exact, unit))
        years[year] = Year(a, exact, o, this_year)
    return years


def by_law(block: PayBlock, amount: Fraction, *years: Any, **options: Any) -> dict[int, Fraction]:
    """A(Y) alone for every year from the base year to the end: years_by_law's arguments, its amounts."""
    return {year: step.amount for year, step in years_by_law(block, amount, *years, **options).items()}


def indexed(amount: Fraction, rates: Mapping[int, Fraction], base: int, end: int, unit: Fraction = Fraction(1)):
    """An amount without pay, as README's "Years" says, and O(Y) by its own rule whatever is adopted:
    x (1 + r/100) a year, half-up to the unit."""
    amounts = {base: amount}
    for year in range(base + 1, end + 1):
        amounts[year] = round_half_up(amounts[year - 1] * (1 + Fraction(rates[year]) / 100), unit)
    return amounts


def every_year(rate: int | Fraction, first: int, last: int) -> dict[int, Fraction]:
    """One rate for every year from first to last."""
    return {year: Fraction(rate) for year in range(first, last + 1)}
