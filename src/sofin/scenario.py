"""What-ifs without editing the file: --share ID=PCT, --rate [KIND:]YEAR=PCT and --pay PATH=BEFORE:TARGET
(pure: no I/O).

A scenario replaces figures of a validated strategy: a payer's share (in every year), a cost
kind's rate in one year (both kinds when none is named), or a staff amount's monthly pay before
and after the pay reform (its `pay` block's before/target; an item without one gets one, with
no other part and the shipped schedule). The result is checked as a file would
be (each year's shares sum to exactly 100) and carries the scenario, so that every output can
say that it is one and what it assumes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import get_args

from pydantic_core import PydanticCustomError

from sofin.limits import MAX_PAY
from sofin.model import HUNDRED, Line, Strategy, amount_paths, cents, rate_decimals, share_decimals
from sofin.problems import COMMAND_LINE, InputError, Problem
from sofin.results.allocate import Scenario, ScenarioPay, ScenarioRate
from sofin.years import allocation_years, year_spans

KINDS: tuple[str, ...] = get_args(Line.model_fields["kind"].annotation)
_PERCENT = re.compile(r"-?\d+([.,]\d+)?")
_SHARE = re.compile(r"(?P<payer>[^=]+)=(?P<percent>.+)")
_RATE = re.compile(r"((?P<kind>[^:=]+):)?(?P<year>\d{4})=(?P<percent>.+)")
_PAY = re.compile(r"(?P<path>[^=]+)=(?P<before>[^:]+):(?P<target>.+)")
_PAY_EXAMPLE = "write PATH=BEFORE:TARGET, e.g. vezi/staff/1=2123.45:2588.10"


@dataclass(frozen=True)
class WhatIf:
    """The what-ifs as typed on the command line."""

    shares: tuple[str, ...] = ()  # ID=PCT
    rates: tuple[str, ...] = ()  # [KIND:]YEAR=PCT
    pays: tuple[str, ...] = ()  # PATH=BEFORE:TARGET

    def __bool__(self) -> bool:
        return bool(self.shares or self.rates or self.pays)


def apply(strategy: Strategy, what_if: WhatIf) -> Strategy:
    """The strategy with the what-ifs in place of its figures, carrying them as its scenario.

    Every problem of every what-if is reported together (InputError), as a file's are.
    """
    if not what_if:
        return strategy
    problems: list[Problem] = []
    shares = dict(_share(text, strategy, problems) for text in what_if.shares)
    rates = [rate for text in what_if.rates for rate in _rates(text, strategy, problems)]
    pays = [pay for text in what_if.pays for pay in _pays(text, strategy, problems)]
    if not problems:
        problems += _twice(what_if, shares, rates, pays) or _key_problems(strategy, shares)
    if problems:
        raise InputError(problems)
    return strategy.with_scenario(Scenario(tuple(shares.items()), tuple(rates), tuple(pays)))


def _problem(option: str, message: str) -> Problem:
    return Problem(COMMAND_LINE, None, None, option, message)


def _percent(text: str) -> Decimal | None:
    """A percent as people type it: 16.32 or 16,32; None when it is not one."""
    if not _PERCENT.fullmatch(text.strip()):
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal numbers
        return None


def _share(text: str, strategy: Strategy, problems: list[Problem]) -> tuple[str, Decimal]:
    match = _SHARE.fullmatch(text)
    percent = _percent(match["percent"]) if match else None
    if match is None or percent is None:
        problems.append(_problem("--share", f"{text!r}: write ID=PERCENT, e.g. komen=16.32"))
        return text, Decimal(0)
    payer = match["payer"].strip()
    if payer not in strategy.payer_ids:
        problems.append(_problem("--share", f"{payer!r} is not a payer; known: {list(strategy.payer_ids)}"))
    elif not 0 < percent <= HUNDRED:
        problems.append(_problem("--share", f"{text!r}: a share is more than 0 and at most 100 percent"))
    else:
        problems += _decimals("--share", text, percent, share_decimals)
    return payer, percent


def _rates(text: str, strategy: Strategy, problems: list[Problem]) -> list[ScenarioRate]:
    match = _RATE.fullmatch(text.strip())
    percent = _percent(match["percent"]) if match else None
    if match is None or percent is None:
        message = f"{text!r}: write [KIND:]YEAR=PERCENT, e.g. 2027=3.5 or staff:2027=3.5 (kinds: {', '.join(KINDS)})"
        problems.append(_problem("--rate", message))
        return []
    kind, year = match["kind"], int(match["year"])
    indexed = allocation_years(strategy)[1:]
    found = len(problems)
    if kind is not None and kind not in KINDS:
        problems.append(_problem("--rate", f"{text!r}: {kind!r} is not a cost kind; kinds: {', '.join(KINDS)}"))
    if year not in indexed:
        where = f"{indexed[0]}-{indexed[-1]}" if indexed else "none: the period ends with the base year"
        message = f"{text!r}: {year} is not a year whose amounts are indexed (years after the base year: {where})"
        problems.append(_problem("--rate", message))
    if not -HUNDRED < percent <= HUNDRED:
        problems.append(_problem("--rate", f"{text!r}: a rate is more than -100 and at most 100 percent"))
    problems += _decimals("--rate", text, percent, rate_decimals)
    if len(problems) > found:
        return []
    return [ScenarioRate(each, year, percent) for each in ((kind,) if kind else KINDS)]


def _pays(text: str, strategy: Strategy, problems: list[Problem]) -> list[ScenarioPay]:
    match = _PAY.fullmatch(text.strip())
    before, target = (_percent(match["before"]), _percent(match["target"])) if match else (None, None)
    if match is None or before is None or target is None:
        problems.append(_problem("--pay", f"{text!r}: {_PAY_EXAMPLE}"))
        return []
    found = len(problems)
    path = match["path"].strip()
    staff = _staff_amounts(strategy)
    if path not in staff:
        listed = ", ".join(staff) or "none"
        message = f"{text!r}: {path!r} is not a staff item or a staff line without items; they are: {listed}"
        problems.append(_problem("--pay", message))
    if before <= 0 or target < before:
        problems.append(_problem("--pay", f"{text!r}: BEFORE is more than 0 and TARGET at least BEFORE"))
    elif target > MAX_PAY:  # as in a file's pay block
        problems.append(_problem("--pay", f"{text!r}: a monthly pay is at most {MAX_PAY:,f}"))
    for pay in (before, target):
        problems += _decimals("--pay", text, pay, cents)
    return [] if len(problems) > found else [ScenarioPay(path, before, target)]


def _staff_amounts(strategy: Strategy) -> list[str]:
    """The paths a `pay` may be given for: staff items, and staff lines without items."""
    kinds = {f"{society.id}/{line.id}": line for society in strategy.societies for line in society.lines}
    paths = amount_paths(strategy.societies, strategy.base_year, strategy.base_year)
    return [
        path
        for path, where in paths.items()
        if kinds[where.line or path].kind == "staff" and (where.line is not None or not kinds[path].items)
    ]


def _decimals(option: str, text: str, percent: Decimal, rule: Callable[[Decimal], Decimal]) -> list[Problem]:
    """The file's rule on a number's decimals, for one typed on the command line."""
    try:
        rule(percent)
    except PydanticCustomError as error:
        return [_problem(option, f"{text!r}: {error.message()}")]
    return []


def _key_problems(strategy: Strategy, shares: dict[str, Decimal]) -> list[Problem]:
    """Each year's key with the what-ifs still sums to exactly 100."""
    if not shares:
        return []
    totals: dict[Decimal, list[int]] = {}
    for year in allocation_years(strategy):
        total = sum((shares.get(payer.id, payer.share_in(year)) for payer in strategy.payers), Decimal(0))
        totals.setdefault(total, []).append(year)
    given = ", ".join(f"{payer}={percent}" for payer, percent in shares.items())
    return [
        _problem("--share", f"with {given}, the shares of {year_spans(years)} sum to {total}, not exactly 100")
        for total, years in totals.items()
        if total != HUNDRED
    ]


def _twice(
    what_if: WhatIf, shares: dict[str, Decimal], rates: list[ScenarioRate], pays: list[ScenarioPay]
) -> list[Problem]:
    """A payer's share, a year's rate or an amount's pay given twice: which would hold is not for sofin to guess."""
    problems = []
    if len({pay.path for pay in pays}) < len(pays):
        problems.append(_problem("--pay", "an amount's pay is given more than once"))
    if len(shares) < len(what_if.shares):
        problems.append(_problem("--share", "a payer's share is given more than once"))
    if len({(rate.kind, rate.year) for rate in rates}) < len(rates):
        problems.append(_problem("--rate", "a kind's rate for a year is given more than once"))
    return problems
