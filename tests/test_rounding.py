"""Controlled rounding: the contract, optimality against independent formulations, the tie rule."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sofin import rounding
from sofin.rounding import ROOT, NoRounding, controlled_round, round_with_forced

from .helpers.contract import assert_reconciles, highs_least_error, summed_error
from .helpers.strategies import TIE_PRONE_SHARES, as_fractions, directed_graphs, shares, tree


def brute_force(parents, totals, fractions, free=(), forced=None):
    """Every rounding of the leaves whose rows add up, kept if it meets the whole contract.

    Returns (least error, the lexicographically greatest optimal table in table order), the error
    leaving out `free` nodes, which come last in the order; with `forced` {(node, payer): figure},
    only tables with those figures count, and None is returned when there is none.
    """
    forced = forced or {}
    order = [v for v in range(len(totals)) if v not in free] + sorted(free)
    exact = [[Fraction(t) * f for f in fractions] for t in totals]
    floors = [[math.floor(e) for e in row] for row in exact]
    leaves = [v for v in range(len(parents)) if v not in set(parents)]
    inner_deepest_first = sorted(set(parents) - {ROOT}, reverse=True)  # pre-order: children after parents
    best = None
    for choice in itertools.product(*(_row_roundings(exact[v], floors[v], totals[v]) for v in leaves)):
        figures = [[0] * len(fractions) for _ in totals]
        for v, row in zip(leaves, choice):
            figures[v] = list(row)
        for v in inner_deepest_first:
            kids = [k for k, parent in enumerate(parents) if parent == v]
            figures[v] = [sum(figures[k][p] for k in kids) for p in range(len(fractions))]
        if not _within_one_unit(figures, exact):
            continue
        if any(figures[v][p] != figure for (v, p), figure in forced.items()):
            continue
        paid = [v for v in order if v not in free]
        error = summed_error([figures[v] for v in paid], [exact[v] for v in paid])
        key = (error, [-x for v in order for x in figures[v]])
        if best is None or key < best[0]:
            best = (key, figures)
    if best is None and forced:
        return None
    assert best is not None, "a controlled rounding always exists"
    return best[0][0], tuple(tuple(row) for row in best[1])


def _row_roundings(exact_row, floor_row, total):
    """Every floor/ceiling choice for one row that sums to the row's total."""
    free = [p for p, e in enumerate(exact_row) if e.denominator != 1]
    ups_needed = total - sum(floor_row)
    for ups in itertools.combinations(free, ups_needed):
        yield tuple(f + (p in ups) for p, f in enumerate(floor_row))


def _within_one_unit(figures, exact) -> bool:
    return all(math.floor(e) <= x <= math.ceil(e) for row, er in zip(figures, exact) for x, e in zip(row, er))


class TestContract:
    @settings(max_examples=150, deadline=None)
    @given(tree(), shares())
    def test_every_figure_is_floor_or_ceiling_and_everything_adds_up(self, problem, percent):
        """Rows sum to totals, parents to children, each figure within one unit of its share."""
        parents, totals = problem
        result = controlled_round(parents, totals, as_fractions(percent))
        assert_reconciles(parents, totals, result.exact, result.figures)

    @settings(max_examples=60, deadline=None)
    @given(tree(), shares())
    def test_same_input_same_result(self, problem, percent):
        """Two runs give the same table: nothing depends on hashing or solver order."""
        parents, totals = problem
        assert controlled_round(parents, totals, as_fractions(percent)) == controlled_round(
            parents, totals, as_fractions(percent)
        )

    def test_exact_table_is_kept_as_it_is(self):
        """When every exact share is whole, the rounding changes nothing."""
        result = controlled_round([ROOT, 0, 0], [200, 100, 100], [Fraction(1, 4), Fraction(3, 4)])
        assert result.figures == ((50, 150), (25, 75), (25, 75))
        assert result.error == 0


class TestOptimality:
    @settings(max_examples=120, deadline=None)
    @given(tree(max_societies=2, max_lines=2, max_total=300), shares(max_payers=5))
    def test_matches_brute_force_including_tie_rule(self, problem, percent):
        """On small tables, the least error and the tie-broken table equal an exhaustive search."""
        parents, totals = problem
        fractions = as_fractions(percent)
        least, table = brute_force(parents, totals, fractions)
        result = controlled_round(parents, totals, fractions)
        assert result.error == least
        assert result.figures == table

    @settings(max_examples=120, deadline=None)
    @given(
        tree(max_societies=3, max_lines=1, max_total=40) | tree(max_societies=1, max_lines=3, max_total=40),
        TIE_PRONE_SHARES,
    )
    def test_ties_are_broken_by_table_order(self, problem, percent):
        """With halves and quarters everywhere, the first figure in table order that can go up does."""
        parents, totals = problem
        fractions = as_fractions(percent)
        least, table = brute_force(parents, totals, fractions)
        result = controlled_round(parents, totals, fractions)
        assert (result.error, result.figures) == (least, table)

    @settings(max_examples=40, deadline=None)
    @given(tree(max_societies=6, max_lines=5, max_total=5_000_000), shares(max_payers=12))
    def test_least_error_equals_highs(self, problem, percent):
        """On larger tables (cents-sized totals too), the error equals an independent MILP's optimum."""
        parents, totals = problem
        fractions = as_fractions(percent)
        result = controlled_round(parents, totals, fractions)
        assert float(result.error) == pytest.approx(highs_least_error(parents, totals, fractions), abs=1e-6)


class TestForcedAndFree:
    @settings(max_examples=80, deadline=None)
    @given(tree(max_societies=2, max_lines=2, max_total=300), shares(max_payers=4), st.data())
    def test_forced_figure_matches_brute_force(self, problem, percent, data):
        """A figure forced the other way: the best table with it, or none, as an exhaustive search finds."""
        parents, totals = problem
        fractions = as_fractions(percent)
        optimum = controlled_round(parents, totals, fractions)
        movable = [(v, p) for v, row in enumerate(optimum.exact) for p, e in enumerate(row) if e.denominator != 1]
        assume(movable)
        node, payer = data.draw(st.sampled_from(movable))
        exact = optimum.exact[node][payer]
        other = math.ceil(exact) if optimum.figures[node][payer] == math.floor(exact) else math.floor(exact)
        expected = brute_force(parents, totals, fractions, forced={(node, payer): other})
        if expected is None:
            with pytest.raises(NoRounding):
                round_with_forced(parents, totals, fractions, forced={(node, payer): other})
            return
        result = round_with_forced(parents, totals, fractions, forced={(node, payer): other})
        assert (result.error, result.figures) == expected
        assert result.error >= optimum.error

    @settings(max_examples=80, deadline=None)
    @given(tree(max_societies=3, max_lines=3, max_total=500), shares(max_payers=5), st.booleans())
    def test_flip_costs_are_what_a_solve_with_the_figure_forced_gives(self, problem, percent, free_societies):
        """Rounding.flips, read off the solved flow, against solving anew with each figure forced the other way."""
        parents, totals = problem
        fractions = as_fractions(percent)
        free = [v for v, parent in enumerate(parents) if parent == 0] if free_societies else []
        every = [(v, p) for v in range(len(totals)) for p in range(len(fractions))]
        optimum = controlled_round(parents, totals, fractions, free=free, flips=every)
        movable = {(v, p) for (v, p) in every if optimum.exact[v][p].denominator != 1}
        assert set(optimum.flips) == movable
        for node, payer in movable:
            exact = optimum.exact[node][payer]
            other = math.ceil(exact) if optimum.figures[node][payer] == math.floor(exact) else math.floor(exact)
            try:
                forced = round_with_forced(parents, totals, fractions, free=free, forced={(node, payer): other})
            except NoRounding:
                assert optimum.flips[node, payer] is None
                continue
            assert Fraction(optimum.flips[node, payer], optimum.scale) == forced.error - optimum.error

    @settings(max_examples=80, deadline=None)
    @given(tree(max_societies=3, max_lines=2, max_total=200), shares(max_payers=4))
    def test_free_nodes_bind_but_cost_nothing(self, problem, percent):
        """Societies made free: their figures still add up and round, their error is not counted."""
        parents, totals = problem
        fractions = as_fractions(percent)
        free = [v for v, parent in enumerate(parents) if parent == 0]
        result = controlled_round(parents, totals, fractions, free=free)
        assert_reconciles(parents, totals, result.exact, result.figures)
        assert (result.error, result.figures) == brute_force(parents, totals, fractions, free=free)


class TestTieRule:
    def test_two_equal_halves_give_the_unit_to_the_first_payer(self):
        """1 unit split 50/50: both roundings err by 1; the first payer in order is rounded up."""
        result = controlled_round([ROOT], [1], [Fraction(1, 2), Fraction(1, 2)])
        assert result.figures == ((1, 0),)

    def test_first_row_in_table_order_decides_before_later_rows(self):
        """Two lines of 1 split 50/50: the grand total 1/1 is forced; line one goes to the first payer."""
        result = controlled_round([ROOT, 0, 0], [2, 1, 1], [Fraction(1, 2), Fraction(1, 2)])
        assert result.figures == ((1, 1), (1, 0), (0, 1))


class TestInput:
    @pytest.mark.parametrize(
        ("parents", "totals", "fractions", "message"),
        [
            ([0], [1], [Fraction(1)], "pre-order"),
            ([ROOT, 0], [5, 4], [Fraction(1)], "sum of its children"),
            ([ROOT], [5], [Fraction(1, 2)], "sum to 1"),
            ([ROOT, 0], [5], [Fraction(1)], "one total per node"),
        ],
    )
    def test_inconsistent_problem_is_refused(self, parents, totals, fractions, message):
        """The pure function refuses a table that cannot be reconciled instead of guessing."""
        with pytest.raises(ValueError, match=message):
            controlled_round(parents, totals, fractions)


class TestStrongComponents:
    @settings(max_examples=100, deadline=None)
    @given(directed_graphs())
    def test_same_components_as_scipy(self, graph):
        """The tie rule's search space: the components equal scipy's strongly connected ones."""
        import numpy as np
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        from sofin.ties import _strong_components

        size, edges = graph
        ours = _strong_components(size, edges)
        matrix = csr_matrix((np.ones(len(edges)), ([s for s, _ in edges], [t for _, t in edges])), shape=(size, size))
        _, theirs = connected_components(matrix, directed=True, connection="strong")
        assert all((ours[a] == ours[b]) == (theirs[a] == theirs[b]) for a in range(size) for b in range(size))


def greatest_by_forcing(parents, totals, fractions, node_shares=None):
    """The tie rule read off its definition, one figure at a time in table order: a figure goes up
    when some optimal table, with every figure before it as already decided, has it up.

    Only least errors are asked of controlled_round (`forced` figures), never its tie-broken table,
    so this does not lean on the tie pass it checks; slow, one solve a figure.
    """
    least = controlled_round(parents, totals, fractions, node_shares=node_shares).error
    exact = controlled_round(parents, totals, fractions, node_shares=node_shares).exact
    decided: dict[tuple[int, int], int] = {}
    for node, row in enumerate(exact):
        for payer, value in enumerate(row):
            if value.denominator == 1:
                continue
            try:
                up = round_with_forced(
                    parents,
                    totals,
                    fractions,
                    node_shares=node_shares,
                    forced={**decided, (node, payer): math.ceil(value)},
                )
                rises = up.error == least
            except NoRounding:
                rises = False
            decided[node, payer] = math.ceil(value) if rises else math.floor(value)
    return tuple(
        tuple(decided.get((node, payer), int(value)) for payer, value in enumerate(row))
        for node, row in enumerate(exact)
    )


def equal_keys(payers: int):
    """Issue 24's equal-shares keys: equal over every payer, and round equal shares over the first half."""
    half = max(1, payers // 2)
    return [Fraction(1, payers)] * payers, [Fraction(1, half)] * half + [Fraction(0)] * (payers - half)


class TestWideTies:
    """Equal shares (issue 24's `enako: 25/25/25/25`) leave equal remainders everywhere: most of the table
    is one component of ties, where the tie pass's searches are long and prune each other."""

    @settings(max_examples=25, deadline=None)
    @given(tree(max_societies=4, max_lines=4, max_total=60), st.integers(2, 7), st.data())
    def test_equal_keys_give_the_greatest_optimal_table(self, problem, payers, data):
        parents, totals = problem
        everyone, subset = equal_keys(payers)
        leaves = [v for v in range(len(parents)) if v not in set(parents)]
        chosen = {v: data.draw(st.sampled_from([everyone, subset])) for v in leaves}
        node_shares = [chosen.get(v) for v in range(len(parents))]
        result = controlled_round(parents, totals, everyone, node_shares=node_shares)
        assert result.figures == greatest_by_forcing(parents, totals, everyone, node_shares)

    def test_a_wide_equal_table_needs_many_pushes_and_gets_the_greatest(self):
        """Three societies of three lines of 7 units over 4 equal payers: every figure a tie."""
        parents = [ROOT, 0, 1, 1, 1, 0, 5, 5, 5, 0, 9, 9, 9]
        totals = [63, 21, 7, 7, 7, 21, 7, 7, 7, 21, 7, 7, 7]
        everyone, _ = equal_keys(4)
        result = controlled_round(parents, totals, everyone)
        assert result.figures == greatest_by_forcing(parents, totals, everyone)
        assert result.figures[0] == (16, 16, 16, 15)  # 63/4 = 15.75: the first three payers up


class TestOncePerKey:
    """Issue 27 item 2: a key's weights (its shares x the common scale) are the same for every row it
    rounds, so they are made once a key, not once a node (a national table has 1,101 nodes)."""

    @staticmethod
    def counted(monkeypatch):
        calls = []
        weights = rounding._weights

        def counting(shares, scale):
            calls.append(id(shares))
            return weights(shares, scale)

        monkeypatch.setattr(rounding, "_weights", counting)
        return calls

    def test_one_key_makes_its_weights_once(self, monkeypatch):
        calls = self.counted(monkeypatch)
        parents = [ROOT, 0, 1, 1, 1, 0, 5, 5, 5, 0, 9, 9, 9]
        totals = [63, 21, 7, 7, 7, 21, 7, 7, 7, 21, 7, 7, 7]
        result = controlled_round(parents, totals, [Fraction(1, 3), Fraction(1, 6), Fraction(1, 2)])
        assert len(calls) == 1
        assert result.scaled[2] == (14, 7, 21)  # 7 x (2, 1, 3)/6

    def test_keys_of_their_own_make_their_weights_once_each(self, monkeypatch):
        calls = self.counted(monkeypatch)
        parents = [ROOT, 0, 1, 1, 1, 0, 5, 5, 5]
        totals = [42, 21, 7, 7, 7, 21, 7, 7, 7]
        everyone, subset = equal_keys(4)
        node_shares = [None, None, everyone, subset, everyone, None, subset, everyone, subset]
        result = controlled_round(parents, totals, everyone, node_shares=node_shares)
        assert sorted(calls) == sorted([id(everyone), id(subset)])
        assert result.figures == greatest_by_forcing(parents, totals, everyone, node_shares)
