"""Strategies with several keys (issue 24): random ones for hypothesis, every key's exact percents
computed apart from sofin (plain Fractions over the file as written), and the contract of a keyed table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from sofin.rounding import ROOT

from .contract import assert_reconciles, summed_error
from .strategies import shares

PERIOD = (2025, 2028)
DEFAULT = "default"  # the payers' own shares, written here rather than imported: the spec is the oracle's own

# Mixes of mixes: each level adds 12 decimals (a weight of 10 decimals, in percent) to its parts' percents, so
# m3's are past what people write and past Decimal's default 28 digits (tests of check and of the legends).
DEEP_MIXES = """\
strategy: Mešani ključi mešanih ključev
period: [2025, 2026]
base_year: 2025
currency: EUR
unit: 0.01
payers:
  - {id: a, name: Občina A, share: 33.3333333333}
  - {id: b, name: Občina B, share: 33.3333333333}
  - {id: c, name: Občina C, share: 33.3333333334}
keys:
  k1: {a: 12.3456789012, c: 87.6543210988}
  m1: {mix: {default: 0.0000000001, k1: 99.9999999999}}
  m2: {mix: {m1: 0.0000000003, default: 99.9999999997}}
  m3: {mix: {m2: 12.3456789011, k1: 87.6543210989}}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: s
    name: Društvo S
    short: S
    key: m3
    lines:
      - {id: programme, label: Program, kind: programme, amount: 123456.78}
      - {id: other, label: Drugo, kind: programme, amount: 999.99, key: m1}
"""

# A key as written: {payer: percent}, {"mix": {key: weight}} or {"mix": {year: {key: weight}}}, or either
# by year {year: ...}; numbers are Decimals, years ints.
Written = dict[Any, Any]


@dataclass(frozen=True)
class KeyedSpec:
    """A strategy file with keys, as the data it is written from; `text` is the file."""

    unit: Decimal
    payers: tuple[str, ...]
    default: dict[int, tuple[Decimal, ...]]  # the payers' shares from the years they apply
    keys: dict[str, Written]  # in the order the file declares them
    societies: tuple[tuple[str, str | None, tuple[tuple[str, str | None], ...]], ...]  # (id, key, ((line, key), ...))
    text: str

    def line_key(self, society: str, line: str) -> str:
        """The key that splits a line, by the issue's rule: its own, else its society's, else the default."""
        for society_id, society_key, lines in self.societies:
            if society_id == society:
                return dict(lines)[line] or society_key or DEFAULT
        raise KeyError(society)


def in_force(written: dict[int, Any], year: int) -> Any:
    """The entry written for the latest year at or before `year`."""
    return written[max(start for start in written if start <= year)]


def _by_year(written: Any) -> bool:
    return isinstance(written, dict) and all(isinstance(key, int) for key in written)


def spec_percents(spec: KeyedSpec, year: int) -> dict[str, tuple[Fraction, ...]]:
    """Every key's exact percent for each payer in `year`, straight from the written data: a mix's is the
    weighted sum of its parts' (recursively), a payer a key does not name has 0."""
    default = tuple(Fraction(share) for share in in_force(spec.default, year))

    def percents(name: str) -> tuple[Fraction, ...]:
        if name == DEFAULT:
            return default
        entry = spec.keys[name]
        if _by_year(entry):
            entry = in_force(entry, year)
        if "mix" not in entry:
            return tuple(Fraction(entry.get(payer, 0)) for payer in spec.payers)
        weights = in_force(entry["mix"], year) if _by_year(entry["mix"]) else entry["mix"]
        total = [Fraction(0)] * len(spec.payers)
        for part, weight in weights.items():
            total = [t + Fraction(weight) / 100 * p for t, p in zip(total, percents(part))]
        return tuple(total)

    return {name: percents(name) for name in (DEFAULT, *spec.keys)}


def spec_weights(spec: KeyedSpec, name: str, year: int) -> dict[str, Decimal]:
    """A mix's weights in `year` as written; {} for a key that is not a mix then."""
    entry = spec.keys[name]
    if _by_year(entry):
        entry = in_force(entry, year)
    if "mix" not in entry:
        return {}
    return dict(in_force(entry["mix"], year) if _by_year(entry["mix"]) else entry["mix"])


# Random keyed strategies


PLACES = st.sampled_from([0, 1, 2, 2, 10])  # decimals of a key's percents or weights; 10, the most allowed


@st.composite
def _payer_key(draw, payers: int) -> Written:
    """Percents over a random nonempty set of payers (all of them, or a subset; in any order), and now and
    then an absent payer written with an explicit 0."""
    named = draw(st.lists(st.integers(0, payers - 1), min_size=1, max_size=payers, unique=True))
    percent = draw(shares(min_payers=len(named), max_payers=len(named), places=draw(PLACES)))
    written: Written = {f"p{payer}": share for payer, share in zip(named, percent)}
    for payer in range(payers):
        if payer not in named and draw(st.integers(0, 4)) == 0:
            written[f"p{payer}"] = Decimal(0)
    return written


@st.composite
def _weights(draw, parts: list[str]) -> dict[str, Decimal]:
    chosen = draw(st.lists(st.sampled_from(parts), min_size=1, max_size=min(3, len(parts)), unique=True))
    return dict(zip(chosen, draw(shares(min_payers=len(chosen), max_payers=len(chosen), places=draw(PLACES)))))


@st.composite
def _entry(draw, payers: int, earlier: list[str], change_year: int) -> Written:
    """One year's key: percents by payer, or a mix of keys made before it (so no cycle), its weights
    written once or by year."""
    if draw(st.booleans()):
        return draw(_payer_key(payers))
    parts = [DEFAULT, *earlier]
    if draw(st.integers(0, 3)) == 0:
        return {"mix": {PERIOD[0]: draw(_weights(parts)), change_year: draw(_weights(parts))}}
    return {"mix": draw(_weights(parts))}


@st.composite
def keyed_specs(draw, max_payers: int = 6) -> KeyedSpec:
    """A random valid strategy with 1-3 named keys: subsets, mixes (of mixes too), keys changing in a later
    year, on societies and lines; 2-6 payers whose shares may change too; whole euros or cents."""
    payers = draw(st.integers(2, max_payers))
    ids = tuple(f"p{i}" for i in range(payers))
    unit = draw(st.sampled_from([Decimal(1), Decimal("0.01")]))
    change_year = draw(st.integers(PERIOD[0] + 1, PERIOD[1]))
    default = {PERIOD[0]: tuple(draw(shares(min_payers=payers, max_payers=payers, places=draw(PLACES))))}
    if draw(st.booleans()):
        default[change_year] = tuple(draw(shares(min_payers=payers, max_payers=payers, places=2)))
    made: dict[str, Written] = {}
    for k in range(draw(st.integers(1, 3))):
        earlier = list(made)
        if draw(st.integers(0, 3)) == 0:
            key: Written = {
                PERIOD[0]: draw(_entry(payers, earlier, change_year)),
                change_year: draw(_entry(payers, earlier, change_year)),
            }
        else:
            key = draw(_entry(payers, earlier, change_year))
        made[f"k{k}"] = key
    order = draw(st.permutations(list(made)))  # a mix may name a key declared after it
    keys = {name: made[name] for name in order}
    key_choice = st.sampled_from([None, DEFAULT, *keys, *keys])  # None: the society's key, or the default
    societies = []
    for s in range(draw(st.integers(1, 4))):
        lines = tuple((f"l{n}", draw(key_choice)) for n in range(draw(st.integers(1, 4))))
        societies.append((f"s{s}", draw(key_choice), lines))
    amounts = [[draw(st.integers(0, 10_000_000 if unit != 1 else 100_000)) for _ in lines] for _, _, lines in societies]
    spec = KeyedSpec(unit, ids, default, keys, tuple(societies), "")
    return KeyedSpec(unit, ids, default, keys, tuple(societies), _text(spec, amounts, draw))


def _text(spec: KeyedSpec, amounts: list[list[int]], draw) -> str:
    payers = []
    for p, payer in enumerate(spec.payers):
        share = {year: shares[p] for year, shares in spec.default.items()}
        written = _yaml(share) if len(share) > 1 else _yaml(share[PERIOD[0]])
        payers.append(f"  - {{id: {payer}, name: Občina {p}, share: {written}}}")
    societies = []
    for (society, key, lines), line_amounts in zip(spec.societies, amounts):
        written_lines = []
        for (line, line_key), amount in zip(lines, line_amounts):
            value = Decimal(amount).scaleb(-2) if spec.unit != 1 else Decimal(amount)
            kind = draw(st.sampled_from(["staff", "programme"]))
            own = f", key: {line_key}" if line_key else ""
            written_lines.append(f"      - {{id: {line}, label: Line {line}, kind: {kind}, amount: {value}{own}}}")
        header = f"  - id: {society}\n    name: Society {society}\n    short: S {society}\n"
        societies.append(header + (f"    key: {key}\n" if key else "") + "    lines:\n" + "\n".join(written_lines))
    keys = "\n".join(f"  {name}: {_yaml(written)}" for name, written in spec.keys.items())
    return (
        f"strategy: Random keys\nperiod: [{PERIOD[0]}, {PERIOD[1]}]\nbase_year: {PERIOD[0]}\ncurrency: EUR\n"
        f"unit: {spec.unit}\npayers:\n" + "\n".join(payers) + f"\nkeys:\n{keys}\n"
        "indexation:\n  staff: {default: 2}\n  programme: {default: 1.5}\nsocieties:\n" + "\n".join(societies) + "\n"
    )


def _yaml(value: Any) -> str:
    """A value in YAML's flow style: mappings in braces, numbers as written (never through a float)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_yaml(entry)}" for key, entry in value.items()) + "}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# The contract of a keyed table, and the figures the oracle needs


@dataclass(frozen=True)
class Table:
    """An allocation as a rounding problem in units: the tree, totals, exact figures (from the spec's
    percents, totals the sums of their lines) and sofin's figures."""

    parents: list[int]
    totals: list[int]
    exact: list[list[Fraction]]
    figures: list[list[int]]

    @property
    def error(self) -> Fraction:
        return summed_error(self.figures, self.exact)


def assert_keyed_allocation(allocation, spec: KeyedSpec) -> Table:
    """Every line's exact figures are its total x its own key's percent (from the spec, not from sofin);
    each figure is their floor or ceiling, exactly 0 outside the key; every row adds up to its total and
    every society and the grand total to their lines, payer by payer; the reported error is the table's."""
    year, unit = allocation.year, Fraction(allocation.unit)
    percents = spec_percents(spec, year)
    index = {row.path: i for i, row in enumerate(allocation.rows)}
    parents = [index[row.path[:-1]] if row.path else ROOT for row in allocation.rows]
    exact: list[list[Fraction]] = [[] for _ in allocation.rows]
    for node in reversed(range(len(allocation.rows))):  # lines before the totals they add up to
        row = allocation.rows[node]
        if len(row.path) == 2:
            key = spec.line_key(*row.path)
            assert row.key == key, (row.path, row.key, key)
            exact[node] = [Fraction(row.total) * percent / 100 / unit for percent in percents[key]]
            for figure, percent in zip(row.allocation, percents[key]):
                assert percent or figure == 0, (row.path, key, row.allocation)
        else:
            assert row.key is None, row.path
            kids = [kid for kid, parent in enumerate(parents) if parent == node]
            exact[node] = [sum((exact[kid][p] for kid in kids), Fraction(0)) for p in range(len(spec.payers))]
        assert [Fraction(value) / unit for value in row.exact] == exact[node], row.path
    totals = [_units(row.total, unit) for row in allocation.rows]
    figures = [[_units(value, unit) for value in row.allocation] for row in allocation.rows]
    assert_reconciles(parents, totals, exact, figures)
    table = Table(parents, totals, exact, figures)
    assert Fraction(allocation.rounding_error) / unit == table.error
    assert [payer.share for payer in allocation.payers] == list(in_force(spec.default, year))
    assert_keys_in_force(allocation, spec, percents)
    return table


def assert_keys_in_force(allocation, spec: KeyedSpec, percents: dict[str, tuple[Fraction, ...]]) -> None:
    """Allocation.keys: `default` first, then the keys in the file's order, each with its exact percents and,
    for a mix, its weights as written for the year."""
    assert [key.name for key in allocation.keys] == list(percents)
    for key in allocation.keys:
        assert [Fraction(share) for share in key.shares] == list(percents[key.name]), key.name
        weights = {} if key.name == DEFAULT else spec_weights(spec, key.name, allocation.year)
        assert dict(key.mix) == weights, key.name


def _units(value: Decimal, unit: Fraction) -> int:
    units = Fraction(value) / unit
    assert units.denominator == 1, value
    return int(units)


def period_table(years: list[Table]) -> tuple[Table, list[int]]:
    """The years' tables as one, with a cumulative row per year from the second (cumulative Y = cumulative
    Y-1 + year Y, the first's the first year's grand total): what `fair` rounds. Returns the table and its
    cumulative nodes, which bind (floor or ceiling of the exact cumulative share) but cost nothing."""
    parents: list[int] = []
    totals: list[int] = []
    exact: list[list[Fraction]] = []
    figures: list[list[int]] = []
    grand_totals = []
    for table in years:
        start = len(parents)
        grand_totals.append(start)
        parents += [ROOT if parent == ROOT else parent + start for parent in table.parents]
        totals += table.totals
        exact += table.exact
        figures += table.figures
    cumulative: list[int] = []
    below = grand_totals[0]
    for grand_total in grand_totals[1:]:
        node = len(parents)
        parents.append(ROOT)
        parents[below] = parents[grand_total] = node
        totals.append(totals[below] + totals[grand_total])
        exact.append([a + b for a, b in zip(exact[below], exact[grand_total])])
        figures.append([a + b for a, b in zip(figures[below], figures[grand_total])])
        cumulative.append(node)
        below = node
    return Table(parents, totals, exact, figures), cumulative


def free_error(table: Table, free: list[int]) -> Fraction:
    """The summed error of every figure but the free nodes'."""
    paid = [node for node in range(len(table.totals)) if node not in free]
    return summed_error([table.figures[v] for v in paid], [table.exact[v] for v in paid])


def assert_cumulative_within_a_unit(table: Table, cumulative: list[int]) -> None:
    for node in cumulative:
        for figure, exact in zip(table.figures[node], table.exact[node]):
            assert math.floor(exact) <= figure <= math.ceil(exact), (node, figure, exact)
