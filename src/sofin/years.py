"""Each year's amounts: declared in a line's first year, then indexed or adopted year by year.

The amount of year Y is the amount of Y-1 times (1 + rate/100), rate from the strategy's
indexation for the cost kind and year, rounded half-up to the unit, unless the municipalities
adopted an amount for Y: that replaces the indexed figure and is the base for the next year.
Rounding happens where amounts are declared (each item, or a line without items), so line
totals stay exact sums. A line adopted as a whole is indexed as one amount from then on.

A line runs from the base year, or from its (or its society's) `from`, to the end of the
period, or to its `until`; its declared amount is the one of its first year, and outside its
years it has no amount at all (not zero).

Every amount keeps how it came about (its Part), so that tables, diffs and explanations can
say where a figure comes from: with each rate, whether it was adopted (and its source), a
planning assumption, or a what-if of the command line; an amount is projected while its
derivation since the last declared or adopted amount uses a rate that is not adopted.

Annotations are objects, not text (no `from __future__ import annotations`): typing.NamedTuple would compile
each text annotation of _Rate at every start.
"""

import functools
from collections.abc import Iterable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation
from typing import NamedTuple

from sofin.domain.amounts import Assumption, LineHistory, LineYear, Part, PayLaw, PayMonths, PayStep, RateBasis, Source
from sofin.limits import MAX_AMOUNT, MAX_DIGITS
from sofin.model import Strategy
from sofin.pay import Payments, pay_periods, schedule_of, steps, tranche_payments, year_pay, year_step
from sofin.pay_schedules import Pay
from sofin.problems import InputError, Message, Problem, Years
from sofin.societies import Line, Society, item_path
from sofin.validation import HUNDRED

LineKey = tuple[str, str]  # (society id, line id)


YEAR_FIELD = "allocated_year"  # the problem's field: the command line's YEAR argument (a table's `year` is another)


def year_problem(strategy: Strategy, year: int, source: str) -> Problem | None:
    """Why `year` cannot be allocated, or None when it can."""
    start, end = strategy.period
    if not start <= year <= end:
        return Problem(source, None, None, YEAR_FIELD, Message("year_outside_period", year=year, start=start, end=end))
    if year < strategy.base_year:
        return Problem(
            source, None, None, YEAR_FIELD, Message("year_before_base", year=year, base_year=strategy.base_year)
        )
    return None


def allocation_years(strategy: Strategy) -> range:
    """The years sofin can allocate: from the base year to the end of the period."""
    return range(strategy.base_year, strategy.period[1] + 1)


def line_histories(strategy: Strategy, year: int, source: str = "<strategy>") -> dict[LineKey, LineHistory]:
    """The parts of every line that runs in `year`, from its first year to `year`, keyed by
    (society id, line id), in the strategy's order."""
    problem = year_problem(strategy, year, source)
    if problem is not None:
        raise InputError([problem])
    histories = {
        (society.id, line.id): _history(strategy, society, line, year)
        for society in strategy.societies
        for line in society.lines
    }
    return {key: history for key, history in histories.items() if history and history[-1].year == year}


def line_history(strategy: Strategy, key: LineKey, year: int) -> LineHistory:
    """One line's parts from its first year to `year` (a year it runs), computed for it alone."""
    society = next(society for society in strategy.societies if society.id == key[0])
    return _history(strategy, society, next(line for line in society.lines if line.id == key[1]), year)


def year_lines(strategy: Strategy, year: int, source: str = "<strategy>") -> dict[LineKey, LineYear]:
    """The parts in `year` of every line that runs then, keyed by (society id, line id), in the strategy's order."""
    return {key: history[-1] for key, history in line_histories(strategy, year, source).items()}


def period_lines(strategy: Strategy) -> list[dict[LineKey, LineYear]]:
    """year_lines for every year sofin can allocate, in year order."""
    last = allocation_years(strategy)[-1]
    histories = [
        ((society.id, line.id), _history(strategy, society, line, last))
        for society in strategy.societies
        for line in society.lines
    ]
    years: dict[int, dict[LineKey, LineYear]] = {year: {} for year in allocation_years(strategy)}
    for key, history in histories:
        for line_year in history:
            years[line_year.year][key] = line_year
    return list(years.values())


def year_spans(years: Iterable[int]) -> Years:
    """Years in order as spans, for messages: 2025–2027, 2029."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    return Years(tuple((span[0], span[-1]) for span in spans))


def line_years(strategy: Strategy, society: Society, line: Line) -> range:
    """The years the line runs, within those sofin allocates."""
    start = max(strategy.base_year, society.start or strategy.base_year, line.start or strategy.base_year)
    end = min(strategy.period[1], society.end or strategy.period[1], line.end or strategy.period[1])
    return range(start, end + 1)


def year_rate(strategy: Strategy, kind: str, year: int) -> tuple[Decimal, RateBasis, str | None]:
    """The rate of a cost kind in `year`, what it rests on, and its source when adopted."""
    scenario = strategy.scenario
    for what_if in scenario.rates if scenario is not None else ():
        if (what_if.kind, what_if.year) == (kind, year):
            return what_if.rate, RateBasis.scenario, None
    rate, source = getattr(strategy.indexation, kind).for_year(year)
    return rate, RateBasis.planned if source is None else RateBasis.adopted, source


def _history(strategy: Strategy, society: Society, line: Line, year: int) -> LineHistory:
    years = line_years(strategy, society, line)
    if not years or year < years[0]:
        return ()
    declared = _declared_parts(strategy, society, line)
    history = [_line_year(years[0], declared)]
    laws = _payments(strategy, declared)
    line_path = f"{society.id}/{line.id}"
    for each_year in range(years[0] + 1, min(year, years[-1]) + 1):
        adopted = strategy.adopted.get(each_year, {})
        if line_path in adopted and line.items:  # adopted whole: one amount from then on, its items' pay gone
            parts: tuple[Part, ...] = (Part(line_path, line.label, adopted[line_path], Source.adopted),)
        else:
            rate = _Rate(line.kind, each_year, *year_rate(strategy, line.kind, each_year))
            parts = tuple(_next_part(part, adopted, rate, strategy.unit, laws) for part in history[-1].parts)
        history.append(_line_year(each_year, parts))
    return tuple(history)


def _payments(strategy: Strategy, parts: tuple[Part, ...]) -> dict[str, Payments]:
    """What each tranche pays a month, for every part that follows the pay law, by path."""
    payments = {}
    for part in parts:
        if part.law is not None:
            schedule = steps(schedule_of(strategy, part.law.schedule))
            payments[part.path] = tranche_payments(schedule, part.law.before, part.law.target)
    return payments


class _Rate(NamedTuple):
    kind: str
    year: int
    rate: Decimal
    basis: RateBasis
    source: str | None


def _line_year(year: int, parts: tuple[Part, ...]) -> LineYear:
    return LineYear(year, parts, sum((part.amount for part in parts), Decimal(0)))


def _declared_parts(strategy: Strategy, society: Society, line: Line) -> tuple[Part, ...]:
    if not line.items:
        path = f"{society.id}/{line.id}"
        return (_with_law(strategy, Part(path, line.label, line.total, Source.declared), line.pay, line.kind),)
    return tuple(
        _with_law(
            strategy,
            Part(
                item_path(society, line, number),
                item.label,
                item.amount,
                Source.declared,
                None,
                item.pay_grade,
                item.funded_share,
            ),
            item.pay,
            line.kind,
        )
        for number, item in enumerate(line.items, start=1)
    )


def _with_law(strategy: Strategy, part: Part, pay: Pay | None, kind: str) -> Part:
    """The part with the pay law it follows: its `pay` block, with a what-if's before/target (--pay)."""
    scenario = strategy.scenario
    what_if = next((each for each in scenario.pays if each.path == part.path), None) if scenario else None
    if what_if is not None:
        pay = (pay or Pay(before=what_if.before, target=what_if.target)).model_copy(
            update={"before": what_if.before, "target": what_if.target}
        )
    if pay is None or kind != "staff":
        return part
    schedule = schedule_of(strategy, pay.schedule_id)
    law = PayLaw(pay.schedule_id, schedule.source, pay.before, pay.target, pay.source, what_if is not None)
    return replace(part, law=law, other=pay.other)


class BeyondBound(ArithmeticError):
    """An amount indexed past limits.MAX_AMOUNT: rates that compound beyond any budget."""

    def __init__(self, path: str, year: int, amount: Decimal) -> None:
        super().__init__(f"{path} would be {amount:f} in {year}, beyond {MAX_AMOUNT:,f}")
        self.path, self.year, self.amount = path, year, amount


# Exact, and checked: an amount and a rate have at most limits.MAX_DIGITS digits, so their product
# fits in twice that; were it ever not exact, Inexact is raised instead of a figure rounded silently
# (Decimal's default context keeps 28 digits and rounds the rest without a word).
_EXACT = Context(prec=4 * MAX_DIGITS, traps=[Inexact, InvalidOperation])
_HALF_UP = Context(prec=4 * MAX_DIGITS, rounding=ROUND_HALF_UP)


# Context methods, not localcontext: a national plan indexes a million amounts.
def indexed_exactly(amount: Decimal, rate: Decimal) -> Decimal:
    """amount x (1 + rate/100), exactly (or Inexact raised: never a figure rounded silently)."""
    return _EXACT.multiply(amount, _EXACT.add(1, _EXACT.divide(rate, HUNDRED)))


def half_up_to(unrounded: Decimal, unit: Decimal) -> Decimal:
    """The one rounding of indexation, named in README: half-up to the unit."""
    return unrounded.quantize(unit, context=_HALF_UP)


class BelowOther(ArithmeticError):
    """An adopted amount below the part of it that is not pay (O of the pay law, which goes on by its own rule)."""

    def __init__(self, path: str, year: int, amount: Decimal, other: Decimal) -> None:
        super().__init__(f"{path}: adopted {amount:f} in {year}, below its other part {other:f}")
        self.path, self.year, self.amount, self.other = path, year, amount, other


def _next_part(
    part: Part, adopted: dict[str, Decimal], rate: _Rate, unit: Decimal, laws: dict[str, Payments] | None = None
) -> Part:
    if part.law is not None and laws is not None:
        return _next_by_law(part, adopted, rate, unit, laws[part.path])
    if part.path in adopted:
        return Part(part.path, part.label, adopted[part.path], Source.adopted, None, part.pay_grade, part.funded_share)
    unrounded = indexed_exactly(part.amount, rate.rate)
    if unrounded > MAX_AMOUNT:
        raise BeyondBound(part.path, rate.year, unrounded)
    amount = half_up_to(unrounded, unit)
    assumptions = part.assumptions
    if rate.basis is not RateBasis.adopted:
        assumptions += (Assumption(rate.year, rate.kind, rate.rate, rate.basis),)
    return replace(
        part,
        amount=amount,
        source=Source.indexed,
        rate=rate.rate,
        unrounded=unrounded,
        indexed_from=part.amount,
        basis=rate.basis,
        rate_source=rate.source,
        assumptions=assumptions,
    )


def _next_by_law(part: Part, adopted: dict[str, Decimal], rate: _Rate, unit: Decimal, payments: Payments) -> Part:
    """A(Y) and O(Y) by the pay law (pay.py); an adopted A(Y) replaces the computed one, O goes on."""
    assert part.law is not None and part.other is not None
    this_year = _months(payments, part.law.before, rate.year)
    last_year = _months(payments, part.law.before, rate.year - 1)
    step = year_step(part.amount, part.other, this_year.total, last_year.total, rate.rate, unit)
    this_rate = () if rate.basis is RateBasis.adopted else (Assumption(rate.year, rate.kind, rate.rate, rate.basis),)
    # O is never adopted: it rests on every rate since the base year, and A(Y+1) rests on O(Y).
    other_assumptions = part.other_assumptions + this_rate
    if part.path in adopted:
        amount = adopted[part.path]
        if amount < step.other:
            raise BelowOther(part.path, rate.year, amount, step.other)
        return Part(
            part.path,
            part.label,
            amount,
            Source.adopted,
            None,
            part.pay_grade,
            part.funded_share,
            law=part.law,
            other=step.other,
            other_assumptions=other_assumptions,
        )
    if step.exact > MAX_AMOUNT:
        raise BeyondBound(part.path, rate.year, Decimal(step.exact.numerator) / Decimal(step.exact.denominator))
    assumptions = tuple(sorted({*part.assumptions, *part.other_assumptions, *this_rate}))
    return replace(
        part,
        amount=step.amount,
        source=Source.indexed,
        rate=rate.rate,
        unrounded=None,
        indexed_from=part.amount,
        basis=rate.basis,
        rate_source=rate.source,
        assumptions=assumptions,
        other=step.other,
        other_assumptions=other_assumptions,
        pay=PayStep(part.law, this_year, last_year, part.other, step.exact),
    )


@functools.cache
def _months(payments: Payments, before: Decimal, year: int) -> PayMonths:
    return PayMonths(year, tuple(pay_periods(payments, before, year)), year_pay(payments, before, year))
