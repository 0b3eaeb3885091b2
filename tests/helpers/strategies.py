"""Hypothesis strategies: random rounding problems and random strategy files."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from sofin.rounding import ROOT


@st.composite
def shares(draw, min_payers: int = 2, max_payers: int = 12, places: int = 2) -> list[Decimal]:
    """Percent shares > 0 with `places` decimals, summing to exactly 100."""
    count = draw(st.integers(min_payers, max_payers))
    grid = 100 * 10**places
    cuts = sorted(draw(st.lists(st.integers(1, grid - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, grid]
    return [Decimal(high - low).scaleb(-places) for low, high in zip(bounds, bounds[1:])]


# Shares that make many exact figures end in .5 or .25, so that ties are common.
TIE_PRONE_SHARES = st.sampled_from(
    [[Decimal(50), Decimal(50)], [Decimal(25)] * 4, [Decimal(50), Decimal(25), Decimal(25)], [Decimal(20)] * 5]
)


@st.composite
def tree(draw, max_societies: int = 4, max_lines: int = 4, max_total: int = 10_000):
    """(parents, totals) of a grand total -> societies -> lines tree, in pre-order."""
    parents, totals = [ROOT], [0]
    for _ in range(draw(st.integers(1, max_societies))):
        society = len(parents)
        parents.append(0)
        totals.append(0)
        for _ in range(draw(st.integers(1, max_lines))):
            amount = draw(st.integers(0, max_total))
            parents.append(society)
            totals.append(amount)
            totals[society] += amount
            totals[0] += amount
    return parents, totals


def as_fractions(percent: list[Decimal]) -> list[Fraction]:
    return [Fraction(share) / 100 for share in percent]


@st.composite
def directed_graphs(draw, max_nodes: int = 12, max_edges: int = 40):
    """(size, edges) of a small directed graph, loops and parallel edges allowed."""
    size = draw(st.integers(1, max_nodes))
    node = st.integers(0, size - 1)
    return size, draw(st.lists(st.tuples(node, node), max_size=max_edges))


@st.composite
def strategy_texts(draw):
    """A random valid strategy file: 2-12 payers, whole euros or cents, 1-5 societies of 1-4 lines."""
    unit = draw(st.sampled_from(["1", "0.01"]))
    percent = draw(shares(min_payers=2, max_payers=12))
    payers = "\n".join(f"  - {{id: p{i}, name: Občina {i}, share: {share}}}" for i, share in enumerate(percent))
    societies = []
    for s in range(draw(st.integers(1, 5))):
        lines = []
        for n in range(draw(st.integers(1, 4))):
            cents = draw(st.integers(0, 10_000_000))
            amount = Decimal(cents).scaleb(-2) if unit == "0.01" else Decimal(cents // 100)
            kind = draw(st.sampled_from(["staff", "programme"]))
            lines.append(f"      - {{id: l{n}, label: Line {n}, kind: {kind}, amount: {amount}}}")
        societies.append(f"  - id: s{s}\n    name: Society {s}\n    short: S{s}\n    lines:\n" + "\n".join(lines))
    return (
        f"strategy: Random\nperiod: [2025, 2029]\nbase_year: 2025\ncurrency: EUR\nunit: {unit}\n"
        f"payers:\n{payers}\nindexation:\n  staff: {{default: 2}}\n  programme: {{default: 1.5}}\n"
        "societies:\n" + "\n".join(societies) + "\n"
    )
