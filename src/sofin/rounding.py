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

Ties. Several roundings can share the least error. sofin then takes, reading the figures in
table order (the grand total row first, then each society followed by its lines; payers in the
strategy's order), the one that rounds up the first figure where the optimal roundings differ:
the lexicographically greatest rounding among the optimal ones. It is unique, so the result does
not depend on the solver's path. It is found without a second optimisation: with optimal node
potentials, the optimal roundings are exactly the current one changed along cycles of
zero-reduced-cost arcs; each figure in turn is pushed up along such a cycle if one exists that
leaves the figures already settled alone, and is then settled.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

ROOT = -1


@dataclass(frozen=True)
class Rounding:
    """The rounded table: figures[node][payer] in whole units."""

    figures: tuple[tuple[int, ...], ...]
    exact: tuple[tuple[Fraction, ...], ...]

    @property
    def error(self) -> Fraction:
        """The summed |rounded - exact| over every figure: what the rounding minimises."""
        return sum(
            (
                abs(value - exact)
                for row, exact_row in zip(self.figures, self.exact)
                for value, exact in zip(row, exact_row)
            ),
            Fraction(0),
        )


@dataclass
class _Arc:
    tail: int
    head: int
    cost: int  # scaled cost of taking the ceiling instead of the floor
    up: int = 0  # 1 when the figure is rounded up


def controlled_round(parents: Sequence[int], totals: Sequence[int], shares: Sequence[Fraction]) -> Rounding:
    """Round total(node) x share(payer) for every node and payer; see the module's docstring.

    `parents[v]` is the parent of node v, ROOT for node 0; nodes are in pre-order (a parent comes
    before its children). `totals` are whole units, an inner node's being the sum of its children's.
    `shares` are the payers' fractions of every total and sum to exactly 1.
    """
    _check_input(parents, totals, shares)
    exact = tuple(tuple(Fraction(total) * share for share in shares) for total in totals)
    floors = [[math.floor(value) for value in row] for row in exact]
    network = _Network(parents, totals, len(shares))
    scale = math.lcm(*(value.denominator for row in exact for value in row))
    arcs: dict[tuple[int, int], _Arc] = {}
    for node, row in enumerate(exact):
        for payer, value in enumerate(row):
            tail, head = network.arc_ends(node, payer)
            network.shift_for_floor(tail, head, floors[node][payer])
            if value.denominator != 1:
                # |figure - exact| is `fraction` at the floor and 1 - fraction at the ceiling: going
                # up costs 1 - 2 x fraction, a whole number once scaled by the common denominator.
                fraction = value - floors[node][payer]
                arcs[node, payer] = _Arc(tail, head, int(scale * (1 - 2 * fraction)))
    _min_cost_flow(network.demand, list(arcs.values()))
    _prefer_up_in_table_order(network.size, list(arcs.values()))
    figures = tuple(
        tuple(
            floors[node][payer] + (arcs[node, payer].up if (node, payer) in arcs else 0) for payer in range(len(shares))
        )
        for node in range(len(totals))
    )
    return Rounding(figures, exact)


def _check_input(parents: Sequence[int], totals: Sequence[int], shares: Sequence[Fraction]) -> None:
    if not parents or parents[0] != ROOT or any(not 0 <= p < v for v, p in enumerate(parents) if v):
        raise ValueError("nodes must be in pre-order with a single root at index 0")
    if len(totals) != len(parents):
        raise ValueError("one total per node")
    if sum(shares, Fraction(0)) != 1 or any(share < 0 for share in shares):
        raise ValueError("shares must be non-negative and sum to 1")
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
        self.column = {(v, p): 1 + i * payers + p for i, v in enumerate(inner) for p in range(payers)}
        first_row = 1 + len(inner) * payers
        inner_set = set(inner)
        leaves = [v for v in range(len(parents)) if v not in inner_set]
        self.row = {v: first_row + i for i, v in enumerate(leaves)}
        self.size = first_row + len(leaves)
        # Net inflow each node must receive (networkx's 'demand'), here for the floors-shifted flow.
        self.demand = [0] * self.size
        self.demand[0] = -totals[0]
        for v in leaves:
            self.demand[self.row[v]] = totals[v]

    def arc_ends(self, node: int, payer: int) -> tuple[int, int]:
        parent = self.parents[node]
        tail = 0 if parent == ROOT else self.column[parent, payer]
        head = self.column.get((node, payer), self.row.get(node))
        assert head is not None
        return tail, head

    def shift_for_floor(self, tail: int, head: int, floor: int) -> None:
        # The flow solved for is (figure - floor) in {0, 1}; the floors move into the demands.
        self.demand[tail] += floor
        self.demand[head] -= floor


def _min_cost_flow(demand: list[int], arcs: list[_Arc]) -> None:
    """Set each arc's `up` to an optimal 0/1 flow (networkx's network simplex, exact integers)."""
    import networkx as nx  # imported here: it is the heaviest import and only allocation needs it

    # A multigraph: a one-row table has one arc per payer between the same two nodes.
    graph = nx.MultiDiGraph()
    for node, need in enumerate(demand):
        graph.add_node(node, demand=need)
    for key, arc in enumerate(arcs):
        graph.add_edge(arc.tail, arc.head, key=key, capacity=1, weight=arc.cost)
    _, flow = nx.network_simplex(graph)
    for key, arc in enumerate(arcs):
        arc.up = flow[arc.tail][arc.head][key]


def _potentials(size: int, arcs: list[_Arc]) -> list[int]:
    """Node potentials proving the current flow optimal: shortest distances in its residual graph."""
    import networkx as nx

    residual = nx.MultiDiGraph()
    residual.add_nodes_from(range(-1, size))
    residual.add_weighted_edges_from((-1, node, 0) for node in range(size))
    residual.add_weighted_edges_from(
        (arc.head, arc.tail, -arc.cost) if arc.up else (arc.tail, arc.head, arc.cost) for arc in arcs
    )
    distance = nx.single_source_bellman_ford_path_length(residual, -1)
    return [distance[node] for node in range(size)]


def _prefer_up_in_table_order(size: int, arcs: list[_Arc]) -> None:
    """Among optimal flows, move to the lexicographically greatest one (arcs are in table order)."""
    potential = _potentials(size, arcs)
    # Arcs with a nonzero reduced cost keep their value in every optimal flow.
    movable = [arc for arc in arcs if arc.cost + potential[arc.tail] - potential[arc.head] == 0]
    incident: dict[int, list[_Arc]] = {}
    for arc in movable:
        incident.setdefault(arc.tail, []).append(arc)
        incident.setdefault(arc.head, []).append(arc)
    settled: set[int] = set()
    for arc in movable:
        settled.add(id(arc))
        if not arc.up:
            cycle = _path(arc.head, arc.tail, incident, settled)
            if cycle is not None:
                for step in cycle:
                    step.up ^= 1
                arc.up = 1


def _path(start: int, goal: int, incident: dict[int, list[_Arc]], settled: set[int]) -> list[_Arc] | None:
    """A residual path of unsettled movable arcs from start to goal (breadth first), or None."""
    came_by: dict[int, _Arc | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while (arc := came_by[node]) is not None:
                path.append(arc)
                node = arc.tail if arc.up == 0 else arc.head
            return path
        for arc in incident.get(node, ()):
            if id(arc) in settled:
                continue
            # Residual direction: an arc at 0 can carry one more unit forward, one at 1 can give it back.
            source, target = (arc.tail, arc.head) if arc.up == 0 else (arc.head, arc.tail)
            if source == node and target not in came_by:
                came_by[target] = arc
                queue.append(target)
    return None
