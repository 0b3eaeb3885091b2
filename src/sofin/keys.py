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
from typing import Any, NamedTuple

from sofin.limits import MAX_MIX_DEPTH
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
    is_id,
    is_mix,
    key_entry_in,
    written_key_names,
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

Where = tuple[str | int, ...]  # a place in the `keys` mapping, as model.Located locates problems


def key_problems(
    keys: dict[Any, Any], payers: Sequence[str] | None, years: tuple[int, tuple[int, int]] | None
) -> tuple[Located, Located]:
    """The problems of a strategy's keys as written: (problems of values, problems of mapping keys).
    `payers` and `years` (the base year, the period) are None when sofin cannot tell them (the file does
    not write them as a list or a period): the rules that need them are left out."""
    rules: Located = []
    key_rules: Located = []
    names = written_key_names(keys)
    known = _Names(names, frozenset(names))
    payer_names = None if payers is None else _Names(tuple(payers), frozenset(payers))
    for name, written in keys.items():
        if name in RESERVED_IDS:
            key_rules.append(((name,), Message("reserved_key_name", id=name)))
            continue
        for where, entry in _entries((name,), written, years, key_rules):
            if is_mix(entry):
                for at, weights in _entries((*where, MIX), entry[MIX], years, key_rules):
                    _check_weights(at, weights, (known, name), rules, key_rules)
            elif isinstance(entry, dict):
                _check_shares(where, entry, payer_names, rules, key_rules)
    key_rules += _mixes_made_well(keys)
    return rules, key_rules


def _entries(
    where: Where, written: Any, years: tuple[int, tuple[int, int]] | None, key_rules: Located
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
            key_rules.append(((*where, min(written_years)), Message("no_key_for_base_year", base_year=base_year)))
    yield from _each_entry(where, written)


def _check_shares(
    where: Where,
    shares: dict[Any, Any],
    payers: _Names | None,
    rules: Located,
    key_rules: Located,
) -> None:
    if payers is not None:
        key_rules += [
            ((*where, payer), unknown_id("unknown_key_payer", payer, payers.names))
            for payer in shares
            if is_id(payer) and payer not in payers.members  # a name that is no id is said to be so, once
        ]
    total = _sum_if_not_hundred(shares)
    if total is not None:
        rules.append((where, Message("key_not_hundred", total=Figure(total))))


class _Names(NamedTuple):
    """Names in the order written (to list them in a message), and as a set (to look names up in)."""

    names: tuple[str, ...]
    members: frozenset[str]


def _check_weights(where: Where, weights: Any, names: tuple[_Names, str], rules: Located, key_rules: Located) -> None:
    """A mix's weights name keys (`names`: every key, and the mix's own name) and sum to 100."""
    if not isinstance(weights, dict):
        return  # pydantic says what it should be
    known, own = names
    unknown = [part for part in weights if is_id(part) and part not in known.members]
    if unknown:
        # A mix is made of the other keys; of itself only in a cycle, said as one.
        others = tuple(name for name in known.names if name != own)
        key_rules += [((*where, part), unknown_id("unknown_mix_part", part, others)) for part in unknown]
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


def _mixes_made_well(keys: dict[Any, Any]) -> Located:
    """No mix is made of itself through its parts (a cycle), and none is deeper than MAX_MIX_DEPTH. Each
    knot of mixes made of each other is said once, naming its shortest cycle through the key written first,
    at the part of that key that leads round it (a mix of itself: that part)."""
    parts = {
        name: _mix_parts((name,), written)
        for name, written in keys.items()
        if isinstance(name, str) and name not in RESERVED_IDS
    }
    graph = {name: sorted({part for _, part in each if part in parts}) for name, each in parts.items()}
    problems: Located = []
    for cycle in mix_cycles(graph):
        where = next(at for at, part in parts[cycle[0]] if part == cycle[1])
        problems.append((where, Message("mix_cycle", cycle=" → ".join(cycle))))
    if problems:
        return problems  # how deep a cycle is, is not asked
    mixes = {name for name, written in keys.items() if any(is_mix(entry) for _, entry in _each_entry((), written))}
    depths = _depths(graph, mixes)
    named = {part for each in graph.values() for part in each}
    # Said at the keys no other key names: a mix made of one too deep is deeper still, and not said again.
    return [
        ((name,), Message("mix_too_deep", depth=depth, most=MAX_MIX_DEPTH))
        for name, depth in depths.items()
        if depth > MAX_MIX_DEPTH and name not in named
    ]


def mix_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle for each knot of mixes made of each other (`graph`: each key's parts that are keys, in the
    order written): the shortest through the knot's key written first, that key first and last. Also for a
    table's keys read back (published.py)."""
    cycles = []
    for knot in _knots(graph):
        start = next(name for name in graph if name in knot)
        cycle = _cycle_through(start, {name: set(graph[name]) & knot for name in knot})
        assert cycle is not None  # a knot holds a cycle through each of its keys
        cycles.append(cycle)
    return cycles


def _knots(graph: dict[str, list[str]]) -> list[set[str]]:
    """The knots of mixes: the strongly connected keys (Tarjan's algorithm, without recursion, in time
    linear in the keys and parts) that hold a cycle, a key that names itself too."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[set[str]] = []
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            name, parts = work[-1]
            for part in parts:
                if part not in order:
                    order[part] = low[part] = len(order)
                    stack.append(part)
                    on_stack.add(part)
                    work.append((part, iter(graph[part])))
                    break
                if part in on_stack:
                    low[name] = min(low[name], order[part])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[name])
                if low[name] == order[name]:
                    knot = _popped_to(name, stack, on_stack)
                    if len(knot) > 1 or name in graph[name]:
                        knots.append(knot)
    return knots


def _popped_to(name: str, stack: list[str], on_stack: set[str]) -> set[str]:
    popped: set[str] = set()
    while name not in popped:
        popped.add(stack.pop())
    on_stack.difference_update(popped)
    return popped


def _depths(graph: dict[str, list[str]], mixes: set[str]) -> dict[str, int]:
    """How deep each key is: 0 for one that is no mix, else 1 more than its deepest part (no cycle)."""
    depths: dict[str, int] = {}
    for root in graph:
        work = [root]
        while work:
            name = work[-1]
            if name in depths:
                work.pop()
                continue
            waiting = [part for part in graph[name] if part not in depths]
            if waiting:
                work += waiting
                continue
            work.pop()
            depths[name] = 1 + max((depths[part] for part in graph[name]), default=0) if name in mixes else 0
    return depths


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


def _mix_parts(where: Where, written: Any) -> list[tuple[Where, str]]:
    """Every key a key's mixes name, in any year, each where it is named (in the order written)."""
    found: list[tuple[Where, str]] = []
    for at, entry in _each_entry(where, written):
        if is_mix(entry):
            for weights_at, weights in _each_entry((*at, MIX), entry[MIX]):
                if isinstance(weights, dict):
                    found += [
                        ((*weights_at, part), part) for part in weights if isinstance(part, str) and part != DEFAULT_KEY
                    ]
    return found


def _each_entry(where: Where, written: Any) -> Iterator[tuple[Where, Any]]:
    """A value that may be written by year: each year's entry where it is, else the value itself."""
    if _is_by_year(written):
        yield from (((*where, year), entry) for year, entry in written.items())
    else:
        yield where, written


def _is_by_year(written: Any) -> bool:
    return isinstance(written, dict) and bool(written) and all(_is_year(key) for key in written)


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
