"""Cycles and depths in a graph of names, each mapped to the names it is made of: the mixes of keys (issue 24;
strategy_keys.key_problems, table_keys.py). Pure, and imports nothing of sofin, so that both can."""

from __future__ import annotations


def mix_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle for each knot of mixes made of each other (`graph`: each key's parts that are keys, in the
    order written): the shortest through the knot's key written first, that key first and last. For a
    strategy's keys (strategy_keys.key_problems) and a table's read back (table_keys.py)."""
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
    found: list[set[str]] = []
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
                        found.append(knot)
    return found


def _popped_to(name: str, stack: list[str], on_stack: set[str]) -> set[str]:
    popped: set[str] = set()
    while name not in popped:
        popped.add(stack.pop())
    on_stack.difference_update(popped)
    return popped


def depths(graph: dict[str, list[str]], mixes: set[str]) -> dict[str, int]:
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
