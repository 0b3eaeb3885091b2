"""Each year's amounts: declared in the base year, then indexed or adopted year by year.

The amount of year Y is the amount of Y-1 times (1 + rate/100), rate from the strategy's
indexation for the cost kind and year, rounded half-up to the unit, unless the municipalities
adopted an amount for Y: that replaces the indexed figure and is the base for the next year.
Rounding happens where amounts are declared (each item, or a line without items), so line
totals stay exact sums. A line adopted as a whole is indexed as one amount from then on.

Every amount keeps how it came about (its Part), so that tables, diffs and explanations can
say where a figure comes from.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from sofin.model import HUNDRED, Line, Society, Strategy, item_path
from sofin.problems import InputError, Problem
from sofin.results.allocate import LineHistory, LineYear, Part, Source

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


def allocation_years(strategy: Strategy) -> range:
    """The years sofin can allocate: from the base year to the end of the period."""
    return range(strategy.base_year, strategy.period[1] + 1)


def line_histories(strategy: Strategy, year: int, source: str = "<strategy>") -> dict[LineKey, LineHistory]:
    """Every line's parts from the base year to `year`, keyed by (society id, line id), in order."""
    problem = year_problem(strategy, year, source)
    if problem is not None:
        raise InputError([problem])
    return {
        (society.id, line.id): _history(strategy, society, line, year)
        for society in strategy.societies
        for line in society.lines
    }


def year_lines(strategy: Strategy, year: int, source: str = "<strategy>") -> dict[LineKey, LineYear]:
    """Every line's parts in `year`, keyed by (society id, line id), in the strategy's order."""
    return {key: history[-1] for key, history in line_histories(strategy, year, source).items()}


def period_lines(strategy: Strategy) -> list[dict[LineKey, LineYear]]:
    """year_lines for every year sofin can allocate, in year order."""
    histories = line_histories(strategy, allocation_years(strategy)[-1])
    return [
        {key: history[index] for key, history in histories.items()} for index in range(len(allocation_years(strategy)))
    ]


def _history(strategy: Strategy, society: Society, line: Line, year: int) -> LineHistory:
    history = [_line_year(strategy.base_year, _declared_parts(society, line))]
    rates = getattr(strategy.indexation, line.kind)
    line_path = f"{society.id}/{line.id}"
    for each_year in range(strategy.base_year + 1, year + 1):
        adopted = strategy.adopted.get(each_year, {})
        if line_path in adopted:
            parts: tuple[Part, ...] = (Part(line_path, line.label, adopted[line_path], Source.adopted),)
        else:
            rate = rates.for_year(each_year)
            parts = tuple(_next_part(part, adopted, rate, strategy.unit) for part in history[-1].parts)
        history.append(_line_year(each_year, parts))
    return tuple(history)


def _line_year(year: int, parts: tuple[Part, ...]) -> LineYear:
    return LineYear(year, parts, sum((part.amount for part in parts), Decimal(0)))


def _declared_parts(society: Society, line: Line) -> tuple[Part, ...]:
    if not line.items:
        return (Part(f"{society.id}/{line.id}", line.label, line.total, Source.declared),)
    return tuple(
        Part(
            item_path(society, line, number),
            item.label,
            item.amount,
            Source.declared,
            None,
            item.pay_grade,
            item.funded_share,
        )
        for number, item in enumerate(line.items, start=1)
    )


def _next_part(part: Part, adopted: dict[str, Decimal], rate: Decimal, unit: Decimal) -> Part:
    if part.path in adopted:
        return replace(
            part, amount=adopted[part.path], source=Source.adopted, rate=None, unrounded=None, indexed_from=None
        )
    unrounded = part.amount * (1 + rate / HUNDRED)
    amount = unrounded.quantize(unit, rounding=ROUND_HALF_UP)
    return replace(part, amount=amount, source=Source.indexed, rate=rate, unrounded=unrounded, indexed_from=part.amount)
