"""Controlled rounding of a table whose rows form a tree: exact, optimal, with a stated tie rule.

The table: one row per node of a tree (grand total -> societies -> lines), one column per payer.
A node's exact figure for payer p is total(node) x share(p). Every figure is rounded to the floor
or the ceiling of its exact value (in units) so that
  (a) each row's figures sum to the row's total (totals are whole units), and
  (b) each parent's figure equals the sum of its children's figures, payer by payer,
and the summed |rounded - exact| over every figure of the table is the least possible.

Rows (a) and columns (b) are two laminar families of cell sets, so the constraint matrix is a
network matrix (totally unimodular): the problem is a min-cost flow, whose optimum is integral
and always exists, because the exact table itself is a feasible fractional flow (Cox & Ernst,
controlled rounding). The network, with every figure an arc of capacity floor..ceil:

    source --(root, p)--> C[root, p] --(child, p)--> C[child, p] ... --(leaf, p)--> R[leaf]

R[leaf] takes the leaf's total (row sums); flow conservation at C[v, p] is rule (b). An arc's
cost is the distance of its flow from the exact figure, linear on [floor, ceil].

The flow is solved exactly in integers (every cost is scaled by the common denominator of the
shares) by one of two min-cost-flow solvers, pure Python or OR-Tools for large tables (flow.py).

Ties. Several roundings can share the least error; sofin takes the one that rounds up the first figure
where they differ, reading the table in order (ties.py says how it is found without a second optimisation).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from sofin.domain.record import Record
from sofin.flow import Arcs, Flow, Infeasible, Solver, min_cost_flow
from sofin.ties import prefer_up_in_table_order

ROOT = -1


@dataclass(frozen=True, eq=False, repr=False)
class Rounding(Record):
    """The rounded table: figures[node][payer] in whole units, beside the exact shares.

    Exact shares are kept as integers over a common denominator (`scaled` / `scale`), which is
    what the arithmetic of large tables can afford; `exact` gives them as fractions.
    """

    figures: tuple[tuple[int, ...], ...]
    scaled: tuple[tuple[int, ...], ...]  # exact share x scale
    scale: int
    free: frozenset[int] = frozenset()  # nodes whose error does not count
    # For figures asked for: how much the least error grows (x scale) if it went the other way (None: no
    # table adds up then).
    flips: Mapping[tuple[int, int], int | None] = field(default_factory=dict)

    @property
    def exact(self) -> tuple[tuple[Fraction, ...], ...]:
        """The whole table's exact shares, built anew at each call: rows read `scaled` instead."""
        return tuple(tuple(Fraction(value, self.scale) for value in row) for row in self.scaled)

    @property
    def error(self) -> Fraction:
        """The summed |rounded - exact| over every figure but the free ones: what the rounding minimises."""
        scaled_error = sum(
            abs(figure * self.scale - exact)
            for node, (row, exact_row) in enumerate(zip(self.figures, self.scaled))
            if node not in self.free
            for figure, exact in zip(row, exact_row)
        )
        return Fraction(scaled_error, self.scale)


class NoRounding(ArithmeticError):
    """No rounding meets every bound: only possible when a figure is forced (see `round_with_forced`)."""


def controlled_round(
    parents: Sequence[int],
    totals: Sequence[int],
    shares: Sequence[Fraction],
    free: Collection[int] = (),
    solver: Solver = None,
    node_shares: Sequence[Sequence[Fraction] | None] | None = None,
    flips: Collection[tuple[int, int]] = (),
) -> Rounding:
    """Round total(node) x share(payer) for every node and payer; see the module's docstring.

    `parents[v]` is the parent of node v, ROOT for node 0; nodes are in pre-order (a parent comes
    before its children). `totals` are whole units, an inner node's being the sum of its children's.
    `shares` are the payers' fractions of every total and sum to exactly 1. The figures of `free`
    nodes are bound like any other (floor or ceiling, sums) but their error costs nothing and
    they come last in the tie rule: they are constraints, not figures anybody pays.
    `solver` is one of flow.SOLVERS or what chooses one (flow.Solver), by default chosen by the table's size; the
    result is the same (a scale
    beyond OR-Tools's 64-bit costs takes the pure-Python one whatever is asked for).
    `node_shares` gives nodes a key of their own (a key that changes from a year on): a node's
    shares, or None for an inner node whose exact figures are the sums of its children's.
    `flips` asks, for those figures (node, payer), what the least error would be with the figure
    rounded the other way (`Rounding.flips`); a whole exact figure has no other way and no entry.
    """
    return _rounded(parents, totals, shares, free, {}, solver, node_shares, flips)


def round_with_forced(
    parents: Sequence[int],
    totals: Sequence[int],
    shares: Sequence[Fraction],
    forced: Mapping[tuple[int, int], int],
    free: Collection[int] = (),
    solver: Solver = None,
    node_shares: Sequence[Sequence[Fraction] | None] | None = None,
) -> Rounding:
    """The best table with some figures forced, {(node, payer): whole units}, each the floor or the ceiling of
    its exact value; NoRounding when no table adds up with them. The other arguments are controlled_round's.

    What the best table would be if those figures went the other way, solved anew: the independent measure
    of what `flips` reads off one solved table (the costs explain shows, results.explain), and of the tie
    rule, which a table with each figure in turn forced up where the least error allows must give."""
    return _rounded(parents, totals, shares, free, forced, solver, node_shares, ())


def _rounded(
    parents: Sequence[int],
    totals: Sequence[int],
    shares: Sequence[Fraction],
    free: Collection[int],
    forced: Mapping[tuple[int, int], int],
    solver: Solver,
    node_shares: Sequence[Sequence[Fraction] | None] | None,
    flips: Collection[tuple[int, int]],
) -> Rounding:
    _check_tree(parents, totals)
    # Each distinct key once: the nodes of a key share one sequence, and a national table has a thousand lines.
    keys = [shares] if node_shares is None else _distinct(node_shares)
    for key in _distinct([shares, *keys]):
        _check_shares(key)
    scale = math.lcm(*(share.denominator for key in keys for share in key))
    network = _Network(parents, totals, len(shares))
    if node_shares is None:
        weights = _weights(shares, scale)
        scaled = [[total * weight for weight in weights] for total in totals]
    else:
        scaled = _scaled(parents, totals, node_shares, scale)
    # The flow solved for is (figure - floor) in {0, 1}, one arc a figure that is not whole.
    # |figure - exact| is `rest` at the floor and scale - rest at the ceiling: going up costs
    # scale - 2 x rest, in units of 1/scale.
    floors = [[value // scale for value in row] for row in scaled]
    free_nodes = frozenset(free)
    in_tie_order = [v for v in range(len(totals)) if v not in free_nodes] + sorted(free_nodes)
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    arc_nodes: list[int] = []  # the figure of each arc: (node, payer)
    arc_payers: list[int] = []
    forced_payers: dict[int, list[int]] = {}
    for node, payer in forced:
        forced_payers.setdefault(node, []).append(payer)
    # Row by row, in list comprehensions: a national table has hundreds of thousands of figures.
    for node in in_tie_order:
        row_floors = floors[node]
        rests = [value % scale for value in scaled[node]]
        for payer in forced_payers.get(node, ()):
            _force(row_floors, node, payer, forced[node, payer], rests[payer])
            rests[payer] = 0  # a forced figure is fixed: no arc
        network.move_floors(node, row_floors)
        movable = [payer for payer, rest in enumerate(rests) if rest]
        tail_of, head_of = network.arc_ends(node)
        tails.extend([tail_of[payer] for payer in movable])
        heads.extend([head_of[payer] for payer in movable])
        costs.extend([0] * len(movable) if node in free_nodes else [scale - 2 * rests[payer] for payer in movable])
        arc_nodes.extend([node] * len(movable))
        arc_payers.extend(movable)
    arcs = Arcs(tails, heads, costs)
    if not _fits_ortools(scale, network.size):
        solver = "python"
    try:
        flow = min_cost_flow(network.demand, arcs, solver, network.tiers())
    except Infeasible:  # only with forced figures: without, the exact table is a feasible flow
        raise NoRounding("no rounding adds up with the forced figures") from None
    prefer_up_in_table_order(network.size, arcs, flow)
    for node, payer, up in zip(arc_nodes, arc_payers, flow.up):
        floors[node][payer] += up
    figures = tuple(map(tuple, floors))
    wanted = set(flips)
    arc_of = {(n, p): a for a, (n, p) in enumerate(zip(arc_nodes, arc_payers)) if (n, p) in wanted} if wanted else {}
    costs_of = _flip_costs(network.size, arcs, flow, arc_of.values()) if arc_of else {}
    flipped = {figure: costs_of[arc] for figure, arc in arc_of.items()}
    return Rounding(figures, tuple(tuple(row) for row in scaled), scale, free_nodes, flipped)


# OR-Tools keeps costs in 64 bits and refuses (BAD_COST_RANGE) those whose largest, times the nodes' count
# plus one, does not fit. Every cost here is at most `scale` in size. Shares of at most 10 decimals keep the
# scale at 10^12 or less; a mix of keys (issue 24) multiplies decimals (10-decimal weights of 10-decimal
# percents: 10^24, a mix of such mixes 10^36): such a table goes to the pure-Python solver, whose integers
# have no limit, whatever solver was asked for (the result is the same either way).
_ORTOOLS_LARGEST = 2**63 - 1


def _fits_ortools(scale: int, nodes: int) -> bool:
    return (scale + 1) * (nodes + 1) <= _ORTOOLS_LARGEST


def _flip_costs(size: int, arcs: Arcs, flow: Flow, wanted: Collection[int]) -> dict[int, int | None]:
    """For each wanted arc, the least extra cost of an optimal flow with the arc the other way.

    Two flows differ by cycles, and those without the arc cost nothing less than nothing (the flow
    is optimal): the best flow with the arc flipped is this one changed along the cheapest residual
    cycle through the arc the other way: the arc, then the shortest residual path back from its
    head to its tail (which never uses the arc itself). Reduced costs (cost + potential[tail] -
    potential[head]) are nonnegative on every residual arc and sum around a cycle to its cost, so
    Dijkstra finds the paths. The arcs of one row share an end (the source, a line's row node), so
    one search from that end, or back to it, serves them all: what a solve per figure would give.
    """
    tails, heads, costs, up, potential = arcs.tails, arcs.heads, arcs.costs, flow.up, flow.potential
    forward: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    backward: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for a in range(len(tails)):
        reduced = costs[a] + potential[tails[a]] - potential[heads[a]]
        source, target, weight = (heads[a], tails[a], -reduced) if up[a] else (tails[a], heads[a], reduced)
        forward[source].append((target, weight))
        backward[target].append((source, weight))
    # A flip is the arc the other way (own cost), then a path from `start` back to `goal`.
    paths = {}
    for a in wanted:
        reduced = costs[a] + potential[tails[a]] - potential[heads[a]]
        paths[a] = (tails[a], heads[a], -reduced) if up[a] else (heads[a], tails[a], reduced)
    result: dict[int, int | None] = {}
    while paths:
        by_start: dict[int, list[int]] = {}
        by_goal: dict[int, list[int]] = {}
        for a, (start, goal, _) in paths.items():
            by_start.setdefault(start, []).append(a)
            by_goal.setdefault(goal, []).append(a)
        start = max(by_start, key=lambda node: len(by_start[node]))
        goal = max(by_goal, key=lambda node: len(by_goal[node]))
        if len(by_start[start]) >= len(by_goal[goal]):
            served, distance = by_start[start], _distances(forward, start, {paths[a][1] for a in by_start[start]})
            ends = {a: paths[a][1] for a in served}
        else:
            served, distance = by_goal[goal], _distances(backward, goal, {paths[a][0] for a in by_goal[goal]})
            ends = {a: paths[a][0] for a in served}
        for a in served:
            length = distance.get(ends[a])
            result[a] = None if length is None else paths[a][2] + length
            del paths[a]
    return result


def _distances(edges: list[list[tuple[int, int]]], start: int, targets: set[int]) -> dict[int, int]:
    """Dijkstra's distances from start over nonnegative edges, stopped once every target is settled."""
    distance = {start: 0}
    queue = [(0, start)]
    settled: dict[int, int] = {}
    left = set(targets)
    while queue and left:
        length, node = heapq.heappop(queue)
        if node in settled:
            continue
        settled[node] = length
        left.discard(node)
        for target, weight in edges[node]:
            candidate = length + weight
            if candidate < distance.get(target, candidate + 1):
                distance[target] = candidate
                heapq.heappush(queue, (candidate, target))
    return settled


def _scaled(
    parents: Sequence[int], totals: Sequence[int], keys: Sequence[Sequence[Fraction] | None], scale: int
) -> list[list[int]]:
    """Every node's exact figures x scale: its total by its key, or its children's summed (keyless inner nodes)."""
    payers = len(next(key for key in keys if key is not None))
    weights = {id(key): _weights(key, scale) for key in _distinct(keys)}  # once a key, not once a node
    scaled = [
        [total * weight for weight in weights[id(key)]] if key else [0] * payers for total, key in zip(totals, keys)
    ]
    for node in range(len(totals) - 1, 0, -1):  # children come after their parent: summed before it is read
        parent = parents[node]
        if keys[parent] is None:
            scaled[parent] = [a + b for a, b in zip(scaled[parent], scaled[node])]
    return scaled


def _weights(shares: Sequence[Fraction], scale: int) -> list[int]:
    return [share.numerator * (scale // share.denominator) for share in shares]


def _force(row_floors: list[int], node: int, payer: int, figure: int, rest: int) -> None:
    floor = row_floors[payer]
    if figure not in (floor, floor + (1 if rest else 0)):
        raise ValueError(f"figure ({node}, {payer}) can only be {floor} or {floor + 1}, not {figure}")
    row_floors[payer] = figure


def _distinct(keys: Sequence[Sequence[Fraction] | None]) -> list[Sequence[Fraction]]:
    """The nodes' keys, each sequence once (by identity: the nodes of one key share it), in first-seen order."""
    return list({id(key): key for key in keys if key is not None}.values())


def _check_shares(shares: Sequence[Fraction]) -> None:
    if sum(shares, Fraction(0)) != 1 or any(share < 0 for share in shares):
        raise ValueError("shares must be non-negative and sum to 1")


def _check_tree(parents: Sequence[int], totals: Sequence[int]) -> None:
    if not parents or parents[0] != ROOT or any(not 0 <= p < v for v, p in enumerate(parents) if v):
        raise ValueError("nodes must be in pre-order with a single root at index 0")
    if len(totals) != len(parents):
        raise ValueError("one total per node")
    children_sum = [0] * len(totals)
    has_children = [False] * len(totals)
    for node in range(1, len(totals)):
        children_sum[parents[node]] += totals[node]
        has_children[parents[node]] = True
    for node, total in enumerate(totals):
        if has_children[node] and children_sum[node] != total:
            raise ValueError(f"node {node}: total {total} is not the sum of its children {children_sum[node]}")


class _Network:
    """Flow nodes: 0 is the source; then C[v, p] for inner nodes v; then R[v] for leaves."""

    def __init__(self, parents: Sequence[int], totals: Sequence[int], payers: int) -> None:
        self.parents = parents
        self.payers = payers
        inner = sorted(set(p for p in parents if p != ROOT))
        self.first_column = {v: 1 + i * payers for i, v in enumerate(inner)}
        first_row = 1 + len(inner) * payers
        leaves = [v for v in range(len(parents)) if v not in self.first_column]
        self.row = {v: first_row + i for i, v in enumerate(leaves)}
        self.size = first_row + len(leaves)
        # Net inflow each node must receive; arcs' floors are moved in as they are made.
        self.demand = [0] * self.size
        self.demand[0] = -totals[0]
        for v in leaves:
            self.demand[self.row[v]] = totals[v]

    def move_floors(self, node: int, floors: Sequence[int]) -> None:
        """Carry the node's figures' floors on their arcs: out of their tails, into their heads."""
        parent, demand = self.parents[node], self.demand
        if parent == ROOT:
            demand[0] += sum(floors)
        else:
            columns = slice(self.first_column[parent], self.first_column[parent] + self.payers)
            demand[columns] = [need + floor for need, floor in zip(demand[columns], floors)]
        if node in self.first_column:
            columns = slice(self.first_column[node], self.first_column[node] + self.payers)
            demand[columns] = [need - floor for need, floor in zip(demand[columns], floors)]
        else:
            demand[self.row[node]] -= sum(floors)

    def tiers(self) -> list[int]:
        """Each flow node's depth in the table, for the order the pure-Python solver works in (flow.py):
        the source 0, C[v, p] one below row v, and a leaf's row node beside its parent's C nodes, so
        that a line's units are settled with its society's before anything crosses the table."""
        depth = [0] * len(self.parents)
        for node in range(1, len(self.parents)):
            depth[node] = depth[self.parents[node]] + 1
        tiers = [0] * self.size
        for node, first in self.first_column.items():
            tiers[first : first + self.payers] = [depth[node] + 1] * self.payers
        for node, row in self.row.items():
            tiers[row] = depth[node]
        return tiers

    def arc_ends(self, node: int) -> tuple[Sequence[int], Sequence[int]]:
        """The tail and the head of each of the node's figures' arcs, payer by payer."""
        parent, payers = self.parents[node], self.payers
        tails = [0] * payers if parent == ROOT else range(self.first_column[parent], self.first_column[parent] + payers)
        if node in self.first_column:
            return tails, range(self.first_column[node], self.first_column[node] + payers)
        return tails, [self.row[node]] * payers
