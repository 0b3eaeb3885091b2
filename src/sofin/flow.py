"""Min-cost flow over arcs of capacity one: the solver behind controlled rounding (see rounding.py).

Two solvers give the same answer: an optimal flow and node potentials that prove it optimal.

- `python`: successive shortest paths in pure Python, always available. It starts from potentials
  that balance each node taken alone (coordinate ascent on the dual, `_balancing_potentials`) and
  the flow they imply (an arc of negative reduced cost full), so the residual graph has no negative
  arc; each unit of excess then goes to a node in deficit along a shortest path (Dijkstra on reduced
  costs, stopped at the first node in deficit, at distance D). Only the nodes it settled move their
  potential, by distance - D, which keeps every reduced cost non-negative. Given a table's tiers
  (rounding.py: a row's depth), the units of the deepest tiers go first and only as far as the
  nearest node of a shallower tier (`route_to_tier`): left to the end, a national table's last units
  each searched the whole table. A node with a plateau before it (a table of ties: many units, as
  many deficits at D) sends its units in one phase instead, along every path of zero reduced cost,
  level by level as in Dinic's max-flow.
- `ortools`: OR-Tools' compiled min-cost flow (the optional extra `sofin[large]`), with
  potentials from a vectorised Bellman-Ford over its residual graph.

Which one: the caller's choice (`Solver`: the command line's, where SOFIN_SOLVER=python|ortools forces one, for
benchmarks and tests to compare them); otherwise OR-Tools from LARGE_TABLE arcs on, when it is installed, and a
hint to the caller when it would pay off but is not. BENCHMARKS.md has the measured break-even.
An arc is a figure whose exact share is not a whole unit: the others have no choice to make.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec

from sofin.problems import Figure, Message

SOLVERS = ("python", "ortools")
# Arcs from which OR-Tools is the faster end to end: BENCHMARKS.md ("Break-even of the two solvers") measured
# the pure-Python solver faster at 22,099 arcs and OR-Tools at 33,098 and above.
LARGE_TABLE = 27_000


class Infeasible(ArithmeticError):
    """No flow meets every demand."""


@dataclass(frozen=True)
class Arcs:
    """Arcs of capacity one, as parallel lists (large tables have hundreds of thousands)."""

    tails: Sequence[int]
    heads: Sequence[int]
    costs: Sequence[int]


@dataclass(frozen=True)
class Flow:
    up: list[int]  # 1 where the arc carries a unit
    # cost + potential[tail] - potential[head] is >= 0 on arcs at 0 and <= 0 on arcs at 1: no residual
    # arc has a negative reduced cost, which proves the flow optimal.
    potential: list[int]


def large_extra_installed() -> bool:
    return find_spec("ortools") is not None


# A solver by name (one of SOLVERS); or what chooses one for a table of so many arcs (the command line's: the
# solver SOFIN_SOLVER names, else chosen_solver's, its hint written on stderr); or None: chosen_solver's, no hint.
Solver = str | Callable[[int], str] | None


def chosen_solver(arc_count: int, hint: Callable[[Message], None] | None = None) -> str:
    """sofin's solver for `arc_count` arcs. When OR-Tools would pay off but is not installed, `hint` is told how
    to get it: the caller words and shows it (the command line, on stderr), not the solver."""
    if arc_count < LARGE_TABLE:
        return "python"
    if large_extra_installed():
        return "ortools"
    if hint is not None:
        hint(Message("large_table_hint", figures=Figure(arc_count)))
    return "python"


def min_cost_flow(demand: Sequence[int], arcs: Arcs, solver: Solver = None, tiers: Sequence[int] | None = None) -> Flow:
    """A flow of least cost whose net inflow at node v is demand[v]; Infeasible if none exists.

    `tiers` (one a node, optional) only guides the pure-Python solver's order of work (see
    `_successive_shortest_paths`); any tiers give the same optimum."""
    if sum(demand):
        raise Infeasible("the demands do not balance")
    if tiers is not None and len(tiers) != len(demand):
        raise ValueError(f"{len(tiers)} tiers for {len(demand)} nodes")  # a caller's mistake, not a user's
    name = solver(len(arcs.tails)) if callable(solver) else solver or chosen_solver(len(arcs.tails))
    if name == "ortools":
        try:
            up = _ortools_flow(demand, arcs)
        except _CostRange:  # the same optimum, in Python's unbounded integers
            return _successive_shortest_paths(demand, arcs, tiers)
        return Flow(up, _bellman_ford_potentials(len(demand), arcs, up))
    return _successive_shortest_paths(demand, arcs, tiers)


class _CostRange(ArithmeticError):
    """OR-Tools refused the costs as too large for its 64-bit arithmetic (BAD_COST_RANGE). Its own test is
    stricter than the bound rounding.py checks beforehand (a table of 5 payers with costs near 2^59 was
    refused), so the refusal itself sends the table to the pure-Python solver."""


def _successive_shortest_paths(demand: Sequence[int], arcs: Arcs, tiers: Sequence[int] | None = None) -> Flow:
    """Node by node, its excess to the nearest nodes in deficit along shortest paths, a unit a
    Dijkstra; but a node with a plateau before it (PLATEAU units or more, and as many deficits at the
    nearest distance: a table of ties) sends them in one phase, along every shortest path at once,
    level by level as in Dinic's max-flow. A unit a Dijkstra made n equal lines cost n searches of
    the whole table.

    It starts from potentials that balance each node on its own (`_balancing_potentials`) and the
    flow they imply, not from zero potentials: a national table then has a third fewer units to route.

    With `tiers` (a table's: the source 0, a payer's grand-total figure 1, deeper rows more) the units
    of the deepest tiers go first, each only as far as the nearest node in need or of a shallower tier,
    which holds it for later (`route_to_tier`): a line short of a unit takes it from within its
    society, not across the table. Left to the end, one unit a search, those units made most searches
    cross the whole table."""
    size = len(demand)
    start = _start(demand, arcs)
    need = start.need
    network = _Residual(arcs, start.up, start.potential, size)
    tiers = tiers or ()
    for tier in sorted(set(tiers), reverse=True)[:-1]:
        network.route_to_tier(tier, tiers, need)
    for source in range(size):
        while need[source] < 0:
            plateau = need[source] <= -PLATEAU
            settled, came_by, target = network.shortest_paths(source, need, plateau)
            if plateau and sum(need[node] > 0 for node in settled) >= PLATEAU:
                network.route_by_levels(source, need, settled)
            else:
                network.augment(source, target, came_by, need)
    return Flow(start.up, network.potential)


@dataclass(frozen=True)
class _Start:
    """Where successive shortest paths starts: potentials, the flow they imply, and what each node still needs
    to receive (negative: what it still has to send). No residual arc has a negative reduced cost."""

    potential: list[int]
    up: list[int]
    need: list[int]


def _start(demand: Sequence[int], arcs: Arcs) -> _Start:
    """The balancing potentials (`_balancing_potentials`), every arc of negative reduced cost full, then the arcs of
    reduced cost 0 from a node with units to one in need (`_take_free_arcs`)."""
    tails, heads, costs = arcs.tails, arcs.heads, arcs.costs
    leaving: list[list[int]] = [[] for _ in demand]
    entering: list[list[int]] = [[] for _ in demand]
    for arc, (tail, head) in enumerate(zip(tails, heads)):
        leaving[tail].append(arc)
        entering[head].append(arc)
    potential = _balancing_potentials(demand, arcs, leaving, entering)
    reduced = [cost + potential[tail] - potential[head] for tail, head, cost in zip(tails, heads, costs)]
    up = [1 if value < 0 else 0 for value in reduced]
    need = list(demand)
    for arc in range(len(up)):
        if up[arc]:
            need[tails[arc]] += 1
            need[heads[arc]] -= 1
    _take_free_arcs(reduced, arcs, up, need)
    return _Start(potential, up, need)


# Rounds of `_balancing_potentials`: after two, a national table's units to route hardly fall.
BALANCING_ROUNDS = 2


def _balancing_potentials(
    demand: Sequence[int], arcs: Arcs, leaving: list[list[int]], entering: list[list[int]]
) -> list[int]:
    """Potentials from which each node, taken alone, is balanced: coordinate ascent on the dual.

    With every other node's potential fixed, an arc is worth a unit (reduced cost below 0) when the
    node's potential is past the arc's break point: below pot[head] - cost for an arc leaving it, above
    cost + pot[tail] for one entering it. Raising the potential passes the break points one by one, each
    adding one unit of inflow, so the k-th smallest, k = demand + arcs leaving, balances the node (the
    arc at it has a reduced cost of 0 and may go either way). Any potentials do for successive shortest
    paths (the flow they imply has no residual arc of negative reduced cost); these leave fewer units
    to route, and nearer their goals, than zero potentials."""
    tails, heads, costs = arcs.tails, arcs.heads, arcs.costs
    potential = [0] * len(demand)
    for _ in range(BALANCING_ROUNDS):
        for node, (out, into) in enumerate(zip(leaving, entering)):
            points = [potential[heads[arc]] - costs[arc] for arc in out]
            points += [costs[arc] + potential[tails[arc]] for arc in into]
            if not points:
                continue
            points.sort()
            passed = demand[node] + len(out)
            if 0 < passed < len(points):
                low, high = points[passed - 1], points[passed]
                potential[node] = min(max(potential[node], low), high)
            elif passed <= 0:
                potential[node] = points[0]
            else:
                potential[node] = points[-1]
    return potential


def _take_free_arcs(reduced: list[int], arcs: Arcs, up: list[int], need: list[int]) -> None:
    """An arc of reduced cost 0 from a node with a unit to send to one in need carries it: a path
    of one arc and no search."""
    tails, heads = arcs.tails, arcs.heads
    for arc, value in enumerate(reduced):
        if value == 0 and not up[arc] and need[tails[arc]] < 0 < need[heads[arc]]:
            up[arc] = 1
            need[tails[arc]] += 1
            need[heads[arc]] -= 1
        elif value == 0 and up[arc] and need[heads[arc]] < 0 < need[tails[arc]]:
            up[arc] = 0
            need[tails[arc]] -= 1
            need[heads[arc]] += 1


# Units of a source, and deficits at its nearest distance, from which routing by levels pays.
PLATEAU = 32


@dataclass(frozen=True)
class _Residual:
    """The flow's residual network. An arc at 0 can carry a unit from its tail to its head, one at 1
    can give it back; the reduced cost that way (cost + potential[from] - potential[to], the cost
    negated for a unit given back) is never below 0: the potentials' invariant."""

    arcs: Arcs
    up: list[int]
    potential: list[int]
    size: int  # nodes
    # The residual arcs by the node a unit leaves by (`out`) and the node it reaches (`into`), each as
    # {arc: (the node at the other end, the cost of a unit that way)}: forward along an arc at 0, back
    # along one at 1. Kept as arcs flip (`flip`), so that a search reads only the arcs it can take.
    out: list[dict[int, tuple[int, int]]] = field(init=False)
    into: list[dict[int, tuple[int, int]]] = field(init=False)

    def __post_init__(self) -> None:
        tails, heads, costs, up = self.arcs.tails, self.arcs.heads, self.arcs.costs, self.up
        out: list[dict[int, tuple[int, int]]] = [{} for _ in range(self.size)]
        into: list[dict[int, tuple[int, int]]] = [{} for _ in range(self.size)]
        for arc, (tail, head, cost) in enumerate(zip(tails, heads, costs)):
            if up[arc]:
                out[head][arc] = (tail, -cost)
                into[tail][arc] = (head, -cost)
            else:
                out[tail][arc] = (head, cost)
                into[head][arc] = (tail, cost)
        object.__setattr__(self, "out", out)
        object.__setattr__(self, "into", into)

    def flip(self, arc: int) -> None:
        """The arc from 0 to 1 or back, and its residual arc the other way."""
        tail, head, cost = self.arcs.tails[arc], self.arcs.heads[arc], self.arcs.costs[arc]
        out, into = self.out, self.into
        if self.up[arc]:
            del out[head][arc], into[tail][arc]
            out[tail][arc] = (head, cost)
            into[head][arc] = (tail, cost)
        else:
            del out[tail][arc], into[head][arc]
            out[head][arc] = (tail, -cost)
            into[tail][arc] = (head, -cost)
        self.up[arc] ^= 1

    def shortest_paths(self, source: int, need: list[int], plateau: bool) -> tuple[dict[int, int], dict[int, int], int]:
        """Dijkstra on reduced costs from `source` to the nearest node in deficit, at distance D (with
        `plateau`, on to every node at D). Each node it settled moves its potential by its distance
        - D, so that the shortest paths cost 0 and no reduced cost falls below 0. The settled nodes
        with their distances, the arc each was reached by, and the nearest node in deficit."""
        potential, out = self.potential, self.out
        push, pop = heapq.heappush, heapq.heappop
        # A queue entry is distance x size + node: one int, which the heap compares faster than a pair.
        size = self.size
        distance = {source: 0}
        came_by: dict[int, int] = {}
        settled: dict[int, int] = {}
        queue = [source]
        nearest = target = -1
        while queue:
            d, node = divmod(pop(queue), size)
            if node in settled:
                continue
            if 0 <= nearest < d:
                break
            settled[node] = d
            if need[node] > 0 and nearest < 0:
                nearest, target = d, node
                if not plateau:
                    break
            here = potential[node] + d
            # The search is the solver's hot loop: relaxing inline, not through a function, halves it.
            for arc, (other, cost) in out[node].items():
                reached = here + cost - potential[other]
                if reached < distance.get(other, reached + 1):
                    distance[other] = reached
                    came_by[other] = arc
                    push(queue, reached * size + other)
        if target < 0:
            raise Infeasible("no flow meets every demand")
        for node, d in settled.items():
            potential[node] += d - nearest
        return settled, came_by, target

    def route_to_tier(self, tier: int, tiers: Sequence[int], need: list[int]) -> None:
        """Every unit of the nodes of `tier` and deeper, sent on (a unit in excess) or fetched (one in
        need) from the nearest node that wants it: in need (has one to spare), or of a shallower tier.
        A unit with nowhere to go stays for the last phase, which finds that no flow exists."""
        shallower = [node_tier < tier for node_tier in tiers]
        for sign in (1, -1):  # the units in excess first, then those in need
            for node, node_tier in enumerate(tiers):
                while (
                    node_tier >= tier
                    and need[node] * sign < 0
                    and self.nearest_and_augment(node, need, shallower, sign)
                ):
                    pass

    def nearest_and_augment(self, source: int, need: list[int], shallower: list[bool], sign: int) -> bool:
        """Dijkstra from `source` (`sign` 1: along the residual arcs, a unit to send; -1: against them, a
        unit to fetch) to the nearest node of a shallower tier or with the opposite need, the potentials
        moved as in `shortest_paths`, and one unit along the path. False if there is none."""
        potential = self.potential
        ways = self.out if sign > 0 else self.into
        push, pop = heapq.heappush, heapq.heappop
        size = self.size
        # Lists a node long, not dicts: a national table's searches reach tens of thousands of nodes,
        # and indexing a list is the cheapest step of the hot loop (an int compares exactly with inf).
        # A node's label is its distance plus its potential (minus, searching backward): what the arc
        # that reaches it adds to the label it leaves, without reading its potential.
        label: list[float] = [math.inf] * size
        label[source] = sign * potential[source]
        came_by = [-1] * size
        settled: list[tuple[int, int]] = []
        queue = [source]
        target = -1
        while queue:
            d, node = divmod(pop(queue), size)
            if d + sign * potential[node] != label[node]:
                continue  # reached again since, nearer
            settled.append((node, d))
            if node != source and (shallower[node] or need[node] * sign > 0):
                target = node
                break
            # Forward, an arc's cost counts as it is; backward, the unit is followed from where it comes,
            # so each step costs the arc's cost with the potentials' roles swapped. Two loops, not one
            # with signs: this is the hot loop of a national table.
            if sign > 0:
                here = potential[node] + d
                for arc, (other, cost) in ways[node].items():
                    reached = here + cost
                    if reached < label[other]:
                        label[other] = reached
                        came_by[other] = arc
                        push(queue, (reached - potential[other]) * size + other)
            else:
                here = d - potential[node]
                for arc, (other, cost) in ways[node].items():
                    reached = here + cost
                    if reached < label[other]:
                        label[other] = reached
                        came_by[other] = arc
                        push(queue, (reached + potential[other]) * size + other)
        if target < 0:
            return False
        nearest = settled[-1][1]
        for node, d in settled:
            potential[node] += sign * (d - nearest)
        self.augment(source, target, came_by, need, sign)
        return True

    def augment(
        self, source: int, target: int, came_by: Mapping[int, int] | list[int], need: list[int], sign: int = 1
    ) -> None:
        """One unit from `source` to `target` along the arcs the Dijkstra reached each node by (`sign` -1: a
        search against the residual arcs, which fetched the unit from `target` to `source`)."""
        tails, heads, up = self.arcs.tails, self.arcs.heads, self.up
        node = target
        while node != source:
            arc = came_by[node]
            self.flip(arc)
            node = tails[arc] if up[arc] == (sign > 0) else heads[arc]
        need[source] += sign
        need[target] -= sign

    def route_by_levels(self, source: int, need: list[int], near: Collection[int]) -> None:
        """Units from `source` to nodes in deficit along arcs of zero reduced cost between `near` nodes,
        each arc one breadth-first level further (Dinic's blocking flow)."""
        level = {source: 0}
        steps: dict[int, list[tuple[int, int, int]]] = {}  # each node's arcs one level on: (arc, to, up as it is)
        frontier = [source]
        while frontier:
            reached = []
            for node in frontier:
                ahead = steps.setdefault(node, [])
                for arc, other, was in self._level_arcs(node):
                    if other in near and level.get(other, level[node] + 1) == level[node] + 1:
                        if other not in level:
                            level[other] = level[node] + 1
                            reached.append(other)
                        ahead.append((arc, other, was))
            frontier = reached
        while need[source] < 0 and self._route_one(source, need, steps):
            pass

    def _level_arcs(self, node: int) -> Iterator[tuple[int, int, int]]:
        """The arcs a unit can take out of `node` at zero reduced cost: (arc, the node it reaches, up)."""
        potential, up = self.potential, self.up
        here = potential[node]
        for arc, (other, cost) in self.out[node].items():
            if cost + here == potential[other]:
                yield arc, other, up[arc]

    def _route_one(self, source: int, need: list[int], steps: dict[int, list[tuple[int, int, int]]]) -> bool:
        """One unit from `source` to a node in deficit, a level deeper each arc (Dinic's search); an arc
        used, or a node found a dead end, is dropped from `steps` for the rest of these levels."""
        up = self.up
        path: list[int] = []
        nodes = [source]
        while nodes:
            node = nodes[-1]
            if need[node] > 0:
                for arc in path:
                    self.flip(arc)
                need[source] += 1
                need[node] -= 1
                return True
            ahead = steps.get(node, [])
            while ahead and up[ahead[-1][0]] != ahead[-1][2]:
                ahead.pop()  # taken since: no room that way any more
            if ahead:
                arc, other, _ = ahead[-1]
                nodes.append(other)
                path.append(arc)
            else:
                nodes.pop()
                if path:
                    path.pop()
                    steps[nodes[-1]].pop()  # the arc to a dead end
        return False


def _ortools_flow(demand: Sequence[int], arcs: Arcs) -> list[int]:
    import numpy as np
    from ortools.graph.python import min_cost_flow

    solver = min_cost_flow.SimpleMinCostFlow()
    ids = solver.add_arcs_with_capacity_and_unit_cost(
        np.array(arcs.tails, dtype=np.int32),
        np.array(arcs.heads, dtype=np.int32),
        np.ones(len(arcs.tails), dtype=np.int64),
        np.array(arcs.costs, dtype=np.int64),
    )
    solver.set_nodes_supplies(np.arange(len(demand), dtype=np.int32), -np.array(demand, dtype=np.int64))
    status = solver.solve()
    if status == solver.INFEASIBLE:
        raise Infeasible("no flow meets every demand")
    if status == solver.BAD_COST_RANGE:
        raise _CostRange(f"min-cost flow ended with {status}")
    if status != solver.OPTIMAL:
        raise ArithmeticError(f"min-cost flow ended with {status}")
    flows: list[int] = solver.flows(ids).tolist()  # numpy's C conversion: hundreds of thousands
    return flows


def _bellman_ford_potentials(size: int, arcs: Arcs, flow: list[int]) -> list[int]:
    """Shortest distances in the flow's residual graph, from a virtual node joined to every node at cost 0.

    All arcs are relaxed at once per round (vectorised); it ends because an optimal flow's residual
    graph has no negative cycle. numpy comes with OR-Tools.
    """
    import numpy as np

    up = np.array(flow, dtype=bool)
    tails, heads, costs = (np.array(a, dtype=np.int64) for a in (arcs.tails, arcs.heads, arcs.costs))
    sources, targets = np.where(up, heads, tails), np.where(up, tails, heads)
    weights = np.where(up, -costs, costs)
    distance = np.zeros(size, dtype=np.int64)
    for _ in range(size + 1):
        relaxed = distance.copy()
        np.minimum.at(relaxed, targets, distance[sources] + weights)
        if np.array_equal(relaxed, distance):
            potentials: list[int] = distance.tolist()
            return potentials
        distance = relaxed
    raise ArithmeticError("the residual graph has a negative cycle: the flow is not optimal")
