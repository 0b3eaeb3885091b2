"""Which key splits each line, and every key's exact percents in a year (issue 24; pure: no I/O).

A strategy splits its lines by the payers' own shares, the key `default`, unless it names keys of
its own: percents by payer (a payer not named pays exactly 0), or a mix of other keys, each
weighing a percent. A society's key applies to its lines, a line's own key wins. A mix's percent
for a payer is the weighted sum of its parts' percents, computed exactly: with decimal shares and
weights it is a decimal again, with as many decimals as it takes (no 10-decimal limit).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sofin.model import (
    DEFAULT_KEY,
    HUNDRED,
    MIX,
    RESERVED_IDS,
    Line,
    Located,
    Mix,
    Society,
    Strategy,
    key_entry_in,
)
from sofin.problems import Figure, Message, unknown_id
from sofin.units import exact_amounts

Percents = tuple[Fraction, ...]  # a key's percent for each payer, in column order


def line_key(society: Society, line: Line) -> str:
    """The name of the key that splits the line: its own, else its society's, else `default`."""
    return line.key or society.key or DEFAULT_KEY


def key_names(strategy: Strategy) -> tuple[str, ...]:
    """Every key of the strategy, `default` first; none for a strategy that names no keys of its own."""
    return (DEFAULT_KEY, *strategy.keys) if strategy.keys else ()


def key_percents(strategy: Strategy, year: int) -> dict[str, Percents]:
    """Every key's exact percents in `year`, `default` first, then the strategy's keys in their order."""
    percents: dict[str, Percents] = {DEFAULT_KEY: tuple(Fraction(share) for share in strategy.shares_in(year))}
    payers = strategy.payer_ids

    def resolved(name: str) -> Percents:
        if name not in percents:  # validation leaves no cycle of mixes
            entry = key_entry_in(strategy.keys[name], year)
            if isinstance(entry, Mix):
                parts = [(Fraction(weight) / 100, resolved(part)) for part, weight in entry.weights_in(year).items()]
                percents[name] = tuple(sum((w * part[p] for w, part in parts), Fraction(0)) for p in range(len(payers)))
            else:
                percents[name] = tuple(Fraction(entry.get(payer, 0)) for payer in payers)
        return percents[name]

    for name in strategy.keys:
        resolved(name)
    return {name: percents[name] for name in (DEFAULT_KEY, *strategy.keys)}


def mix_weights(strategy: Strategy, name: str, year: int) -> tuple[tuple[str, Decimal], ...]:
    """A mix's parts and weights in `year`, in the order written; () for a key that is not a mix."""
    if name == DEFAULT_KEY:
        return ()
    entry = key_entry_in(strategy.keys[name], year)
    return tuple(entry.weights_in(year).items()) if isinstance(entry, Mix) else ()


def as_decimal(percent: Fraction) -> Decimal:
    """An exact percent as the Decimal equal to it (decimal shares and weights leave a finite decimal)."""
    return exact_amounts(percent.denominator, Decimal(1))(percent.numerator)


# Validation of the raw `keys` mapping (model.Strategy._keys_are_whole): every problem, located.


def key_problems(
    keys: dict[Any, Any], payers: Sequence[str] | None, years: tuple[int, tuple[int, int]] | None
) -> tuple[Located, Located]:
    """The problems of a strategy's keys as written: (problems of values, problems of mapping keys).
    `payers` and `years` (the base year, the period) are None when they have problems of their own:
    the rules that need them are left out."""
    rules: Located = []
    key_rules: Located = []
    known = (DEFAULT_KEY, *(name for name in keys if isinstance(name, str) and name not in RESERVED_IDS))
    for name, written in keys.items():
        if name in RESERVED_IDS:
            key_rules.append(((name,), Message("reserved_key_name", id=name)))
            continue
        for where, entry in _entries((name,), written, years, key_rules):
            if isinstance(entry, dict) and MIX in entry:
                for at, weights in _entries((*where, MIX), entry[MIX], years, key_rules):
                    _check_weights(at, weights, known, rules, key_rules)
            elif isinstance(entry, dict):
                _check_shares(where, entry, payers, rules, key_rules)
    rules += _cycles(keys)
    return rules, key_rules


def _entries(
    where: tuple[str | int, ...], written: Any, years: tuple[int, tuple[int, int]] | None, key_rules: Located
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The entries of a value that may be written by year, each with where it is; the years' own problems
    (outside the period, out of order, none for the base year) go to `key_rules`."""
    if not _is_by_year(written):
        yield where, written
        return
    written_years = list(written)
    if years is not None:
        base_year, (start, end) = years
        key_rules += [
            ((*where, year), Message("share_year_outside", year=year, start=start, end=end))
            for year in written_years
            if not start <= year <= end
        ]
        key_rules += [
            ((*where, later), Message("share_years_out_of_order", year=later, earlier=earlier))
            for earlier, later in zip(written_years, written_years[1:])
            if later <= earlier
        ]
        if min(written_years) > base_year:
            key_rules.append(((*where, min(written_years)), Message("no_share_for_base_year", base_year=base_year)))
    for year, entry in written.items():
        yield (*where, year), entry


def _check_shares(
    where: tuple[str | int, ...],
    shares: dict[Any, Any],
    payers: Sequence[str] | None,
    rules: Located,
    key_rules: Located,
) -> None:
    if payers is not None:
        key_rules += [
            ((*where, payer), unknown_id("unknown_key_payer", payer, payers))
            for payer in shares
            if isinstance(payer, str) and payer not in payers
        ]
    total = _sum_if_not_hundred(shares)
    if total is not None:
        rules.append((where, Message("key_not_hundred", total=Figure(total))))


def _check_weights(
    where: tuple[str | int, ...], weights: Any, known: tuple[str, ...], rules: Located, key_rules: Located
) -> None:
    if not isinstance(weights, dict):
        return  # pydantic says what it should be
    key_rules += [
        ((*where, part), unknown_id("unknown_mix_part", part, known))
        for part in weights
        if isinstance(part, str) and part not in known
    ]
    total = _sum_if_not_hundred(weights)
    if total is not None:
        rules.append((where, Message("weights_not_hundred", total=Figure(total))))


def _sum_if_not_hundred(numbers: dict[Any, Any]) -> Decimal | None:
    """The sum of numbers that do not sum to exactly 100; None when they do, or when one is no number (it is
    reported on its own)."""
    values = list(numbers.values())
    if not values or not all(_is_number(value) for value in values):
        return None
    total = sum((Decimal(value) for value in values), Decimal(0))
    return None if total == HUNDRED else total


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite()


def _cycles(keys: dict[Any, Any]) -> Located:
    """A mix that, through its parts, is made of itself: at each such key's `mix`, naming the cycle."""
    parts = {name: _mix_parts(written) for name, written in keys.items() if isinstance(name, str)}
    problems: Located = []
    for name in parts:
        cycle = _cycle_through(name, parts)
        if cycle:
            where: tuple[str | int, ...] = (name,) if _is_by_year(keys[name]) else (name, MIX)
            problems.append((where, Message("mix_cycle", cycle=" → ".join(cycle))))
    return problems


def _cycle_through(start: str, parts: dict[str, set[str]]) -> list[str] | None:
    """The shortest path of mix parts from `start` back to itself (start first and last), or None."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for name in frontier:
            for part in sorted(parts.get(name, ())):
                if part == start:
                    path = [name]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if part not in came_from and part in parts:
                    came_from[part] = name
                    following.append(part)
        frontier = following
    return None


def _mix_parts(written: Any) -> set[str]:
    """Every key a key's mixes name, in any year."""
    entries = list(written.values()) if _is_by_year(written) else [written]
    names: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get(MIX), dict):
            weights = entry[MIX]
            for each in list(weights.values()) if _is_by_year(weights) else [weights]:
                if isinstance(each, dict):
                    names.update(part for part in each if isinstance(part, str) and part != DEFAULT_KEY)
    return names


def _is_by_year(written: Any) -> bool:
    return isinstance(written, dict) and bool(written) and all(_is_year(key) for key in written)


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
