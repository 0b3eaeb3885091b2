"""Which key splits each line, and every key's exact percents in a year (issue 24; pure: no I/O).

A strategy splits its lines by the payers' own shares, the key `default`, unless it names keys of
its own: percents by payer (a payer not named pays exactly 0), or a mix of other keys, each
weighing a percent. A society's key applies to its lines, a line's own key wins. A mix's percent
for a payer is the weighted sum of its parts' percents, computed exactly: with decimal shares and
weights it is a decimal again, with as many decimals as it takes (no 10-decimal limit).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from sofin.model import Strategy
from sofin.societies import Line, Society
from sofin.strategy_keys import Mix, key_entry_in
from sofin.validation import DEFAULT_KEY

Percents = tuple[Fraction, ...]  # a key's percent for each payer, in column order


def line_key(society: Society, line: Line) -> str:
    """The name of the key that splits the line: its own, else its society's, else `default`."""
    return line.key or society.key or DEFAULT_KEY


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
