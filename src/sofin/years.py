"""Each year's amounts: the declared base-year amounts, indexed forward year by year.

The amount of year Y is the amount of Y-1 times (1 + rate/100), rate from the strategy's
indexation for the cost kind and year, rounded half-up to the unit. Rounding happens where
amounts are declared (each item, or a line without items), so line totals stay exact sums.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sofin.model import HUNDRED, Line, Strategy
from sofin.problems import InputError, Problem

LineKey = tuple[str, str]  # (society id, line id)


def year_problem(strategy: Strategy, year: int, source: str) -> Problem | None:
    """Why `year` cannot be allocated, or None when it can."""
    start, end = strategy.period
    if not start <= year <= end:
        return Problem(source, None, None, "year", f"{year} is outside the strategy's period {start}-{end}")
    if year < strategy.base_year:
        return Problem(
            source, None, None, "year", f"{year} is before the base year {strategy.base_year}; amounts start there"
        )
    return None


def line_amounts(strategy: Strategy, year: int, source: str = "<strategy>") -> dict[LineKey, Decimal]:
    """Every line's amount in `year`, keyed by (society id, line id), in the strategy's order."""
    problem = year_problem(strategy, year, source)
    if problem is not None:
        raise InputError([problem])
    return {
        (society.id, line.id): _line_amount(strategy, line, year)
        for society in strategy.societies
        for line in society.lines
    }


def _line_amount(strategy: Strategy, line: Line, year: int) -> Decimal:
    declared = [item.amount for item in line.items] if line.items else [line.total]
    rates = getattr(strategy.indexation, line.kind)
    return sum(
        (_indexed(amount, rates.for_year, strategy.base_year, year, strategy.unit) for amount in declared),
        Decimal(0),
    )


def _indexed(amount: Decimal, rate_for, base_year: int, year: int, unit: Decimal) -> Decimal:
    for each_year in range(base_year + 1, year + 1):
        factor = 1 + rate_for(each_year) / HUNDRED
        amount = (amount * factor).quantize(unit, rounding=ROUND_HALF_UP)
    return amount
