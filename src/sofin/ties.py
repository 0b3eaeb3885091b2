"""The tie rule of controlled rounding (rounding.py): among the optimal roundings, the lexicographically greatest.

Several roundings can share the least error. sofin then takes, reading the figures in
table order (the grand total row first, then each society followed by its lines; payers in the
strategy's order), the one that rounds up the first figure where the optimal roundings differ:
the lexicographically greatest rounding among the optimal ones. It is unique, so the result does
not depend on the solver's path. It is found without a second optimisation. Node potentials that
prove the solver's flow optimal (any optimal potentials do; the two solvers' differ) give each arc a
reduced cost; the optimal roundings are exactly the solver's one changed along cycles of
zero-reduced-cost residual arcs. Such a cycle stays inside one strongly connected component of
those arcs (and reversing a cycle keeps the components as they are), so only arcs inside a
component can differ between optimal roundings. Each of them in turn, in table order, is pushed
up along a cycle through it within its component that leaves the arcs already settled alone, if
there is one, and is then settled. Equal remainders (keys of equal shares) make most of a wide table
one component; the searches for those cycles then narrow their part of it as they fail, and look
back from the goal before they walk forwards (`_path`), so that they stay short.
"""

from __future__ import annotations

from collections import deque

from sofin.flow import Arcs, Flow


def prefer_up_in_table_order(size: int, arcs: Arcs, flow: Flow) -> None:
    """Among optimal flows, move `flow` to the lexicographically greatest one (arcs are in table order)."""
    tails, heads, costs = arcs.tails, arcs.heads, arcs.costs
    up, potential = flow.up, flow.potential
    # Arcs with a nonzero reduced cost keep their value in every optimal flow.
    zero = [a for a in range(len(tails)) if costs[a] + potential[tails[a]] - potential[heads[a]] == 0]
    part = _strong_components(size, [(heads[a], tails[a]) if up[a] else (tails[a], heads[a]) for a in zero])
    movable = [a for a in zero if part[tails[a]] == part[heads[a]]]
    # The unsettled arcs a unit can take out of each node (one at 0 from its tail, one at 1 from its
    # head) and into each node, kept as arcs flip and settle: a search never walks past an arc it
    # cannot take. Dicts, not sets, for an order that is the same on every run.
    residual = _Residual(arcs, up)
    for a in movable:
        residual.add(a)
    # `part` starts as the strong components and is refined by every search that fails (see `_path`):
    # a path between two nodes never leaves their part, and none joins two parts.
    parts = [size]  # the next part's number
    for a in movable:
        residual.remove(a)  # settled: it keeps its value from now on
        if not up[a] and part[heads[a]] == part[tails[a]]:
            cycle = _path(heads[a], tails[a], residual, part, parts)
            if cycle is not None:
                for step in cycle:
                    residual.remove(step)
                    up[step] ^= 1
                    residual.add(step)
                up[a] = 1


class _Residual:
    """The unsettled movable arcs by the node a unit leaves by (`out`) and the node it reaches (`into`)."""

    def __init__(self, arcs: Arcs, up: list[int]) -> None:
        self.tails, self.heads, self.up = arcs.tails, arcs.heads, up
        self.out: dict[int, dict[int, None]] = {}
        self.into: dict[int, dict[int, None]] = {}

    def ends(self, a: int) -> tuple[int, int]:
        """Where a unit leaves by the arc and where it arrives: at 0 one more forward, at 1 one given back."""
        return (self.tails[a], self.heads[a]) if self.up[a] == 0 else (self.heads[a], self.tails[a])

    def add(self, a: int) -> None:
        leaves, reaches = self.ends(a)
        self.out.setdefault(leaves, {})[a] = None
        self.into.setdefault(reaches, {})[a] = None

    def remove(self, a: int) -> None:
        leaves, reaches = self.ends(a)
        del self.out[leaves][a]
        del self.into[reaches][a]


_NEAR_GOAL = 64  # nodes a search marks around its goal, walking backwards, before it walks forwards


def _path(start: int, goal: int, residual: _Residual, part: list[int], parts: list[int]) -> list[int] | None:
    """A residual path of unsettled movable arcs from start to goal, or None.

    First backwards from the goal, breadth first, a few hundred nodes at most; then forwards from
    start, depth first, one arc at a time, until it meets a node that leads to the goal. Any path will
    do (the tie rule's result is unique); a search that took in all of a node's arcs before going on
    would take in a whole wide table each time, and one that only went forwards, depth first, walks
    long ways round a wide table before it happens on the goal.

    What one node can reach only ever shrinks: arcs settle and are gone, and pushing a unit round a
    cycle leaves every node reaching what it reached. So `part`, a partition of the nodes into sets
    that a path between two of their nodes never leaves and no path between two nodes of one strong
    component leaves, stays one: the search keeps to start's part. A search that fails has found
    everything start's part lets it reach (or everything in it that reaches goal), a set no path
    enters (leaves) from now on: it becomes a part of its own, and a later search from inside it to
    outside (outside to inside) fails without a step. Many equal remainders (keys of equal shares)
    make most of a wide table one component, where a failed search is long.
    """
    own = part[start]
    toward = _near_goal(goal, start, residual, part, parts)
    if toward is None:
        return None
    if start in toward:
        return _walked(start, goal, toward, residual, 1)
    out, tails, heads, up = residual.out, residual.tails, residual.heads, residual.up
    came_by: dict[int, int] = {}
    stack = [(start, iter(out.get(start, ())))]
    while stack:
        node, untried = stack[-1]
        for a in untried:
            target = tails[a] if up[a] else heads[a]  # where a unit goes by the arc
            if target != start and target not in came_by and part[target] == own:
                came_by[target] = a
                if target in toward:
                    return _through(target, start, goal, came_by, toward, residual)
                onward = out.get(target, {})
                for b in onward:  # one step ahead first: a wide table's depth-first walk strays far otherwise
                    near = tails[b] if up[b] else heads[b]
                    if near in toward and near not in came_by and near != start:
                        came_by[near] = b
                        return _through(near, start, goal, came_by, toward, residual)
                stack.append((target, iter(onward)))
                break
        else:
            stack.pop()
    _split_off(part, parts, [start, *came_by])
    return None


def _near_goal(goal: int, start: int, residual: _Residual, part: list[int], parts: list[int]) -> dict[int, int] | None:
    """Nodes from which a path leads to goal, each with its first arc (goal's own: -1), breadth first."""
    own = part[goal]
    toward = {goal: -1}
    frontier = deque([goal])
    into, tails, heads, up = residual.into, residual.tails, residual.heads, residual.up
    while frontier:
        for a in into.get(frontier.popleft(), ()):
            source = heads[a] if up[a] else tails[a]  # where a unit comes from by the arc
            if source not in toward and part[source] == own:
                toward[source] = a
                if source == start or len(toward) >= _NEAR_GOAL:
                    return toward
                frontier.append(source)
    _split_off(part, parts, list(toward))  # all that leads to goal, and start does not
    return None


def _split_off(part: list[int], parts: list[int], nodes: list[int]) -> None:
    part_number = parts[0]
    parts[0] += 1
    for node in nodes:
        part[node] = part_number


def _walked(node: int, end: int, step: dict[int, int], residual: _Residual, onward: int) -> list[int]:
    """The arcs `step` names from `node` to `end`: forward (`onward` 1, each arc's head next) along the arcs
    toward a goal, or back (`onward` 0, each arc's tail next) along the arcs a search came by."""
    path = []
    while node != end:
        a = step[node]
        path.append(a)
        node = residual.ends(a)[onward]
    return path


def _through(
    meeting: int, start: int, goal: int, came_by: dict[int, int], toward: dict[int, int], residual: _Residual
) -> list[int]:
    """The path from start to goal through `meeting`: the walk that reached it, then the marked way on."""
    return _walked(meeting, start, came_by, residual, 0) + _walked(meeting, goal, toward, residual, 1)


def _strong_components(size: int, edges: list[tuple[int, int]]) -> list[int]:
    """The strongly connected component of every node (Tarjan's algorithm, without recursion)."""
    successors: list[list[int]] = [[] for _ in range(size)]
    for source, target in edges:
        successors[source].append(target)
    index = [-1] * size
    low = [0] * size
    component = [-1] * size
    on_stack = [False] * size
    stack: list[int] = []
    counter = components = 0
    for root in range(size):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, next_child = work.pop()
            if next_child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            children = successors[node]
            while next_child < len(children):
                child = children[next_child]
                next_child += 1
                if index[child] == -1:
                    work.append((node, next_child))
                    work.append((child, 0))
                    break
                if on_stack[child]:
                    low[node] = min(low[node], index[child])
            else:
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component[member] = components
                        if member == node:
                            break
                    components += 1
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return component
