"""Min-cost flow over arcs of capacity one: the solver behind controlled rounding (see rounding.py).

Two solvers give the same answer: an optimal flow and node potentials that prove it optimal.

- `python`: primal-dual successive shortest paths in pure Python, always available. Every arc of
  negative cost starts full, so the residual graph has no negative arc and zero potentials are
  valid. Node by node, a Dijkstra on reduced costs from a node with excess, run to the distance D
  of the nearest node in deficit, moves each potential it settled by min(distance, D) - D, which
  keeps every reduced cost non-negative and makes every shortest path cost 0; units then go along
  such paths as a max-flow does (Dinic's levels), before the next Dijkstra.
- `ortools`: OR-Tools' compiled min-cost flow (the optional extra `sofin[large]`), with
  potentials from a vectorised Bellman-Ford over its residual graph.

Which one: SOFIN_SOLVER=python|ortools forces one (benchmarks and tests compare them); otherwise
OR-Tools from LARGE_TABLE arcs on, when it is installed. BENCHMARKS.md has the measured break-even.
An arc is a figure whose exact share is not a whole unit: the others have no choice to make.
"""

from __future__ import annotations

import heapq
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec

from sofin.problems import LargeTableHint

SOLVERS = ("python", "ortools")
# Arcs from which OR-Tools is the faster end to end: BENCHMARKS.md measured the pure-Python solver
# faster at 11,049 arcs and OR-Tools at 15,463 and above.
LARGE_TABLE = 13_000


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


Adjacent = list[list[tuple[int, int, int]]]  # each node's arcs: (arc, its other end, +1 leaving / -1 entering)


def large_extra_installed() -> bool:
    return find_spec("ortools") is not None


def chosen_solver(arc_count: int) -> str:
    """The solver for `arc_count` arcs; LargeTableHint when OR-Tools would pay off but is not installed."""
    forced = os.environ.get("SOFIN_SOLVER", "")
    if forced:
        return _forced_solver(forced)
    if arc_count < LARGE_TABLE:
        return "python"
    if large_extra_installed():
        return "ortools"
    hint = f"a large table ({arc_count:,} figures to round); pip install 'sofin[large]' solves it faster"
    warnings.warn(LargeTableHint(hint + ", to the same result"), stacklevel=2)
    return "python"


def _forced_solver(name: str) -> str:
    from sofin.problems import InputError, Problem

    if name not in SOLVERS:
        message = f"must be one of {', '.join(SOLVERS)} (or unset: sofin chooses), not {name!r}"
        raise InputError([Problem("environment", None, None, "SOFIN_SOLVER", message)])
    if name == "ortools" and not large_extra_installed():
        message = "ortools needs the large extra: pip install 'sofin[large]'"
        raise InputError([Problem("environment", None, None, "SOFIN_SOLVER", message)])
    return name


def min_cost_flow(demand: Sequence[int], arcs: Arcs, solver: str | None = None) -> Flow:
    """A flow of least cost whose net inflow at node v is demand[v]; Infeasible if none exists."""
    if sum(demand):
        raise Infeasible("the demands do not balance")
    solver = solver or chosen_solver(len(arcs.tails))
    if solver == "ortools":
        up = _ortools_flow(demand, arcs)
        return Flow(up, _bellman_ford_potentials(len(demand), arcs, up))
    return _successive_shortest_paths(demand, arcs)


def _successive_shortest_paths(demand: Sequence[int], arcs: Arcs) -> Flow:
    """Node by node, its excess to the nearest nodes in deficit along shortest paths, a unit a
    Dijkstra; but a node with a plateau before it (PLATEAU units or more, and as many deficits at the
    nearest distance: a table of ties) sends them in one phase, along every shortest path at once,
    level by level as in Dinic's max-flow. A unit a Dijkstra made n equal lines cost n searches of
    the whole table."""
    tails, heads, costs = arcs.tails, arcs.heads, arcs.costs
    size = len(demand)
    up = [1 if cost < 0 else 0 for cost in costs]
    # What each node still needs to receive (negative: what it still has to send).
    need = list(demand)
    leaving: list[list[int]] = [[] for _ in range(size)]
    entering: list[list[int]] = [[] for _ in range(size)]
    for arc, (tail, head) in enumerate(zip(tails, heads)):
        leaving[tail].append(arc)
        entering[head].append(arc)
        if up[arc]:
            need[tail] += 1
            need[head] -= 1
    potential = [0] * size
    adjacent: Adjacent = []  # made at the first plateau: most tables have none
    for source in range(size):
        while need[source] < 0:
            if need[source] > -PLATEAU:
                _augment_shortest_path(source, need, up, potential, arcs, leaving, entering)
                continue
            adjacent = adjacent or _adjacent(size, tails, heads)
            near, came_by, target = _raise_potentials(source, need, up, potential, costs, adjacent)
            if sum(need[node] > 0 for node in near) < PLATEAU:
                _augment(source, target, came_by, need, up)
            else:
                _route_shortest(source, need, up, potential, costs, adjacent, near)
    return Flow(up, potential)


# Units of a source, and deficits at its nearest distance, from which routing by levels pays.
PLATEAU = 32


def _adjacent(size: int, tails: Sequence[int], heads: Sequence[int]) -> Adjacent:
    adjacent: Adjacent = [[] for _ in range(size)]
    for arc, (tail, head) in enumerate(zip(tails, heads)):
        adjacent[tail].append((arc, head, 1))
        adjacent[head].append((arc, tail, -1))
    return adjacent


def _augment_shortest_path(
    source: int,
    need: list[int],
    up: list[int],
    potential: list[int],
    arcs: Arcs,
    leaving: list[list[int]],
    entering: list[list[int]],
) -> None:
    """One unit from `source` to the nearest node in deficit, by Dijkstra on reduced costs."""
    tails, heads, costs = arcs.tails, arcs.heads, arcs.costs
    distance = {source: 0}
    came_by: dict[int, int] = {}
    settled: list[int] = []
    done: set[int] = set()
    queue = [(0, source)]
    target = -1
    while queue:
        d, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        settled.append(node)
        if need[node] > 0:
            target = node
            break
        here = potential[node] + d
        for arc in leaving[node]:
            if not up[arc]:
                _relax(heads[arc], here + costs[arc], arc, distance, came_by, potential, queue)
        for arc in entering[node]:
            if up[arc]:
                _relax(tails[arc], here - costs[arc], arc, distance, came_by, potential, queue)
    if target < 0:
        raise Infeasible("no flow meets every demand")
    length = distance[target]
    for node in settled:
        potential[node] += distance[node] - length
    node = target
    while node != source:
        arc = came_by[node]
        up[arc] ^= 1
        node = tails[arc] if up[arc] else heads[arc]
    need[source] += 1
    need[target] -= 1


def _relax(
    node: int,
    reached: int,
    arc: int,
    distance: dict[int, int],
    came_by: dict[int, int],
    potential: list[int],
    queue: list[tuple[int, int]],
) -> None:
    d = reached - potential[node]
    if d < distance.get(node, d + 1):
        distance[node] = d
        came_by[node] = arc
        heapq.heappush(queue, (d, node))


def _augment(source: int, target: int, came_by: dict[int, tuple[int, int]], need: list[int], up: list[int]) -> None:
    """One unit from `source` to `target` along the Dijkstra's path (each node: the arc and node it came by)."""
    node = target
    while node != source:
        arc, node = came_by[node]
        up[arc] ^= 1
    need[source] += 1
    need[target] -= 1


# An arc's room from a node: an arc at 0 can carry a unit from its tail to its head, one at 1 can give it
# back. Its reduced cost that way, direction x (cost + potential[node] - potential[other]), is never
# below 0 (the potentials' invariant); these loops spell it out inline, as they run once an arc a search.


def _raise_potentials(
    source: int,
    need: list[int],
    up: list[int],
    potential: list[int],
    costs: Sequence[int],
    adjacent: Adjacent,
) -> tuple[set[int], dict[int, tuple[int, int]], int]:
    """Dijkstra from `source` to the distance D of the nearest node in deficit, and every node at D:
    each node it settles moves its potential by its distance - D, so that
    shortest paths cost 0 and no reduced cost falls below 0. The nodes it settled, where this
    phase's units go; how each was reached (its arc and the node before); the nearest in deficit."""
    distance = {source: 0}
    came_by: dict[int, tuple[int, int]] = {}
    queue = [(0, source)]
    settled: dict[int, int] = {}
    nearest, target = -1, -1
    while queue:
        d, node = heapq.heappop(queue)
        if node in settled:
            continue
        if nearest >= 0 and d > nearest:
            break
        settled[node] = d
        if need[node] > 0 and nearest < 0:
            nearest, target = d, node
        here = potential[node] + d
        for arc, other, way in adjacent[node]:
            if up[arc] == (way < 0):  # room that way: at 0 from the tail, at 1 back from the head
                reached = here + (costs[arc] if way > 0 else -costs[arc]) - potential[other]
                if reached < distance.get(other, reached + 1):
                    distance[other] = reached
                    came_by[other] = (arc, node)
                    heapq.heappush(queue, (reached, other))
    if nearest < 0:
        raise Infeasible("no flow meets every demand")
    for node, d in settled.items():
        potential[node] += d - nearest
    return set(settled), came_by, target


def _route_shortest(
    source: int,
    need: list[int],
    up: list[int],
    potential: list[int],
    costs: Sequence[int],
    adjacent: Adjacent,
    near: set[int],
) -> None:
    """Units from `source` to nodes in deficit along arcs of zero reduced cost between `near` nodes,
    each arc one breadth-first level further (Dinic's blocking flow)."""
    level = {source: 0}
    frontier = [source]
    while frontier:
        reached = []
        for node in frontier:
            for arc, other, way in adjacent[node]:
                if (
                    up[arc] == (way < 0)
                    and other in near
                    and other not in level
                    and way * costs[arc] + potential[node] == potential[other]
                ):
                    level[other] = level[node] + 1
                    reached.append(other)
        frontier = reached
    pointer = dict.fromkeys(level, 0)
    while need[source] < 0 and _route_one(source, need, up, potential, costs, adjacent, level, pointer):
        pass


def _route_one(
    source: int,
    need: list[int],
    up: list[int],
    potential: list[int],
    costs: Sequence[int],
    adjacent: Adjacent,
    level: dict[int, int],
    pointer: dict[int, int],
) -> bool:
    """One unit from `source` to a node in deficit, a level deeper each arc (Dinic's search)."""
    path: list[int] = []
    nodes = [source]
    while nodes:
        node = nodes[-1]
        if need[node] > 0:
            for arc in path:
                up[arc] ^= 1
            need[source] += 1
            need[node] -= 1
            return True
        arcs_here, deeper = adjacent[node], level[node] + 1
        while pointer[node] < len(arcs_here):
            arc, other, way = arcs_here[pointer[node]]
            if (
                up[arc] == (way < 0)
                and level.get(other) == deeper
                and way * costs[arc] + potential[node] == potential[other]
            ):
                nodes.append(other)
                path.append(arc)
                break
            pointer[node] += 1
        else:
            level[node] = -1  # a dead end for the rest of these levels
            nodes.pop()
            if path:
                path.pop()
                pointer[nodes[-1]] += 1
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
