"""What-ifs without editing the file: --share ID=PCT, --key NAME:PAYER=PCT, --rate [KIND:]YEAR=PCT and
--pay PATH=BEFORE:TARGET (pure: no I/O).

A scenario replaces figures of a validated strategy: a payer's share (in every year), a payer's
percent in a named key (in every year; issue 24: a mix is made of keys, so its parts change, not it), a cost
kind's rate in one year (both kinds when none is named), or a staff amount's monthly pay before
and after the pay reform (its `pay` block's before/target; an item without one gets one, with
no other part and the shipped schedule). The result is checked as a file would be (each year's
shares, and each changed key's percents, sum to exactly 100) and carries the scenario, so that
every output can say that it is one and what it assumes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import get_args

from pydantic_core import PydanticCustomError

from sofin.domain.scenario import Scenario, ScenarioPay, ScenarioRate
from sofin.limits import MAX_PAY
from sofin.model import Strategy
from sofin.problems import COMMAND_LINE, Figure, InputError, Message, Problem, known_id, unknown_id
from sofin.societies import Line, amount_paths
from sofin.strategy_keys import Mix, key_entry_in
from sofin.validation import DEFAULT_KEY, HUNDRED, cents, rate_decimals, share_decimals
from sofin.years import allocation_years, year_spans

KINDS: tuple[str, ...] = get_args(Line.model_fields["kind"].annotation)
_PERCENT = re.compile(r"-?\d+([.,]\d+)?")
_SHARE = re.compile(r"(?P<payer>[^=]+)=(?P<percent>.+)")
_RATE = re.compile(r"((?P<kind>[^:=]+):)?(?P<year>\d{4})=(?P<percent>.+)")
_PAY = re.compile(r"(?P<path>[^=]+)=(?P<before>[^:]+):(?P<target>.+)")
_KEY = re.compile(r"(?P<key>[^:=]+):(?P<payer>[^=]+)=(?P<percent>.+)")


@dataclass(frozen=True)
class WhatIf:
    """The what-ifs as typed on the command line."""

    shares: tuple[str, ...] = ()  # ID=PCT
    rates: tuple[str, ...] = ()  # [KIND:]YEAR=PCT
    pays: tuple[str, ...] = ()  # PATH=BEFORE:TARGET
    keys: tuple[str, ...] = ()  # NAME:PAYER=PCT (issue 24)

    def __bool__(self) -> bool:
        return bool(self.shares or self.rates or self.pays or self.keys)


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
    keys = [key for text in what_if.keys for key in _keys(text, strategy, problems)]
    if not problems:
        problems += _twice(what_if, shares, rates, pays) + _keys_twice(keys) or (
            _key_problems(strategy, shares) + _named_key_problems(strategy, keys)
        )
    if problems:
        raise InputError(problems)
    return strategy.with_scenario(Scenario(tuple(shares.items()), tuple(rates), tuple(pays), tuple(keys)))


def _problem(option: str, message: Message) -> Problem:
    return Problem(COMMAND_LINE, None, None, option, message)


def _typed(option: str, text: str, message: Message) -> Problem:
    """A problem with one what-if, quoted as it was typed."""
    return _problem(option, Message("typed", text=text, message=message))


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
        problems.append(_typed("--share", text, Message("share_form")))
        return text, Decimal(0)
    typed = match["payer"].strip()
    payer = known_id(typed, strategy.payer_ids)
    if payer is None:
        problems.append(_problem("--share", unknown_id("unknown_payer", typed, strategy.payer_ids)))
        return typed, percent
    if not 0 < percent <= HUNDRED:
        problems.append(_typed("--share", text, Message("share_range")))
    else:
        problems += _decimals("--share", text, percent, share_decimals)
    return payer, percent


def _rates(text: str, strategy: Strategy, problems: list[Problem]) -> list[ScenarioRate]:
    match = _RATE.fullmatch(text.strip())
    percent = _percent(match["percent"]) if match else None
    if match is None or percent is None:
        problems.append(_typed("--rate", text, Message("rate_form", kinds=KINDS)))
        return []
    kind, year = match["kind"], int(match["year"])
    indexed = allocation_years(strategy)[1:]
    found = len(problems)
    if kind is not None:
        kind = known_id(kind.strip(), KINDS) or kind
    if kind is not None and kind not in KINDS:
        problems.append(_typed("--rate", text, unknown_id("unknown_kind", kind, KINDS)))
    if year not in indexed:
        if indexed:
            message = Message("rate_year_not_indexed", year=year, start=indexed[0], end=indexed[-1])
        else:
            message = Message("rate_year_none_indexed", year=year)
        problems.append(_typed("--rate", text, message))
    if not -HUNDRED < percent <= HUNDRED:
        problems.append(_typed("--rate", text, Message("rate_range")))
    problems += _decimals("--rate", text, percent, rate_decimals)
    if len(problems) > found:
        return []
    return [ScenarioRate(each, year, percent) for each in ((kind,) if kind else KINDS)]


def _pays(text: str, strategy: Strategy, problems: list[Problem]) -> list[ScenarioPay]:
    match = _PAY.fullmatch(text.strip())
    before, target = (_percent(match["before"]), _percent(match["target"])) if match else (None, None)
    if match is None or before is None or target is None:
        problems.append(_typed("--pay", text, Message("pay_form")))
        return []
    found = len(problems)
    typed = match["path"].strip()
    staff = _staff_amounts(strategy)
    path = known_id(typed, staff) or typed
    if path not in staff:
        message = unknown_id("not_a_staff_amount", typed, staff) if staff else Message("no_staff_amounts", path=typed)
        problems.append(_typed("--pay", text, message))
    if before <= 0 or target < before:
        problems.append(_typed("--pay", text, Message("pay_range")))
    elif target > MAX_PAY:  # as in a file's pay block
        problems.append(_typed("--pay", text, Message("pay_above", most=Figure(MAX_PAY))))
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
        return [_typed(option, text, Message(error.message_template, **(error.context or {})))]
    return []


def _key_problems(strategy: Strategy, shares: dict[str, Decimal]) -> list[Problem]:
    """Each year's key with the what-ifs still sums to exactly 100."""
    if not shares:
        return []
    totals: dict[Decimal, list[int]] = {}
    for year in allocation_years(strategy):
        total = sum((shares.get(payer.id, payer.share_in(year)) for payer in strategy.payers), Decimal(0))
        totals.setdefault(total, []).append(year)
    given = tuple(f"{payer}={percent}" for payer, percent in shares.items())
    return [
        _problem(
            "--share", Message("what_if_shares_not_hundred", given=given, years=year_spans(years), total=Figure(total))
        )
        for total, years in totals.items()
        if total != HUNDRED
    ]


def _twice(
    what_if: WhatIf, shares: dict[str, Decimal], rates: list[ScenarioRate], pays: list[ScenarioPay]
) -> list[Problem]:
    """A payer's share, a year's rate or an amount's pay given twice: which would hold is not for sofin to guess."""
    problems = []
    if len({pay.path for pay in pays}) < len(pays):
        problems.append(_problem("--pay", Message("pay_twice")))
    if len(shares) < len(what_if.shares):
        problems.append(_problem("--share", Message("share_twice")))
    if len({(rate.kind, rate.year) for rate in rates}) < len(rates):
        problems.append(_problem("--rate", Message("rate_twice")))
    return problems


# Issue 24, item 4: --key NAME:PAYER=PCT, a payer's percent in a named key, in every year.


def _keys(text: str, strategy: Strategy, problems: list[Problem]) -> list[tuple[str, str, Decimal]]:
    """A named key's percent for a payer, as typed; [] with its problems when it is not one."""
    match = _KEY.fullmatch(text.strip())
    percent = _percent(match["percent"]) if match else None
    if match is None or percent is None:
        problems.append(_typed("--key", text, Message("key_what_if_form")))
        return []
    found = len(problems)
    names = tuple(strategy.keys)
    typed_key, typed_payer = match["key"].strip(), match["payer"].strip()
    key = known_id(typed_key, names)
    if typed_key == DEFAULT_KEY:
        problems.append(_typed("--key", text, Message("key_what_if_default")))
    elif not names:
        problems.append(_typed("--key", text, Message("key_what_if_no_keys")))
    elif key is None:
        problems.append(_typed("--key", text, unknown_id("unknown_key", typed_key, names)))
    elif mixed := _mix_years(strategy, key):
        problems.append(_typed("--key", text, Message("key_what_if_mix", key=key, years=year_spans(mixed))))
    payer = known_id(typed_payer, strategy.payer_ids)
    if payer is None:
        problems.append(_typed("--key", text, unknown_id("unknown_key_payer", typed_payer, strategy.payer_ids)))
    if not 0 <= percent <= HUNDRED:
        problems.append(_typed("--key", text, Message("key_what_if_range")))
    else:
        problems += _decimals("--key", text, percent, share_decimals)
    if len(problems) > found or key is None or payer is None:
        return []
    return [(key, payer, percent)]


def _mix_years(strategy: Strategy, key: str) -> list[int]:
    """The years sofin allocates in which the key is a mix: its percents there are made of its parts', not
    written, so a payer's percent cannot be put in their place. An entry before the base year is never in
    force (a key by year must have one for the base year), so its being a mix does not matter; with_scenario
    leaves it as written."""
    return [year for year in allocation_years(strategy) if isinstance(key_entry_in(strategy.keys[key], year), Mix)]


def _keys_twice(keys: list[tuple[str, str, Decimal]]) -> list[Problem]:
    """A key's percent for a payer given twice: which would hold is not for sofin to guess."""
    if len({(key, payer) for key, payer, _ in keys}) < len(keys):
        return [_problem("--key", Message("key_what_if_twice"))]
    return []


def _named_key_problems(strategy: Strategy, keys: list[tuple[str, str, Decimal]]) -> list[Problem]:
    """Each changed key, in each year, still sums to exactly 100 with the what-ifs."""
    problems = []
    for name in dict.fromkeys(key for key, _, _ in keys):
        changed = {payer: percent for key, payer, percent in keys if key == name}
        totals: dict[Decimal, list[int]] = {}
        for year in allocation_years(strategy):
            entry = key_entry_in(strategy.keys[name], year)
            assert not isinstance(entry, Mix)  # refused by _keys
            total = sum({**entry, **changed}.values(), Decimal(0))
            totals.setdefault(total, []).append(year)
        given = tuple(f"{name}:{payer}={percent}" for payer, percent in changed.items())
        problems += [
            _problem(
                "--key",
                Message("what_if_key_not_hundred", key=name, given=given, years=year_spans(years), total=Figure(total)),
            )
            for total, years in totals.items()
            if total != HUNDRED
        ]
    return problems
