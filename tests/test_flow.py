"""The two min-cost-flow solvers: each proves its flow optimal, and controlled rounding gives the same table with either."""

from __future__ import annotations

import math
import os
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin import flow
from sofin.allocate import allocate, allocate_period
from sofin.flow import SOLVERS, Arcs, Infeasible, min_cost_flow
from sofin.problems import Figure, Message
from sofin.render import Format
from sofin.render.allocate import render
from sofin.rounding import NoRounding, round_with_forced
from sofin.years import period_lines, year_lines

from .helpers import strategy_from_text
from .helpers.strategies import as_fractions, shares, strategy_texts, tree


@st.composite
def flow_problems(draw, max_nodes: int = 10, max_arcs: int = 40):
    """(demand, arcs) on a small graph with unit arcs of any cost; demands sum to zero, maybe infeasibly."""
    size = draw(st.integers(2, max_nodes))
    node = st.integers(0, size - 1)
    ends = draw(st.lists(st.tuples(node, node).filter(lambda e: e[0] != e[1]), max_size=max_arcs))
    costs = draw(st.lists(st.integers(-20, 20), min_size=len(ends), max_size=len(ends)))
    demand = [0] * size
    for _ in range(draw(st.integers(0, 6))):
        demand[draw(node)] -= 1
        demand[draw(node)] += 1
    return demand, Arcs([t for t, _ in ends], [h for _, h in ends], costs)


def _solve_or_none(demand, arcs, solver):
    try:
        return min_cost_flow(demand, arcs, solver)
    except Infeasible:
        return None


def _python_solver_with(demand, arcs, **settings):
    """The pure-Python solver's flow (or None: infeasible) with its module's settings (PLATEAU, ...) as given."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setattr(flow, name, value)
        return _solve_or_none(demand, arcs, "python")


def _assert_the_same_certified_optimum(demand, arcs, result, reference):
    """`result` is a certified optimum of the cost of OR-Tools' `reference`, or both found no flow."""
    assert (result is None) == (reference is None)
    if result is None or reference is None:
        return
    _assert_optimal(demand, arcs, result)
    assert sum(c * u for c, u in zip(arcs.costs, result.up)) == sum(c * u for c, u in zip(arcs.costs, reference.up))


def _assert_optimal(demand, arcs, result):
    """Feasible, and no residual arc has a negative reduced cost: the potentials certify optimality."""
    inflow = [0] * len(demand)
    for tail, head, up in zip(arcs.tails, arcs.heads, result.up):
        inflow[head] += up
        inflow[tail] -= up
    assert inflow == list(demand)
    for tail, head, cost, up in zip(arcs.tails, arcs.heads, arcs.costs, result.up):
        reduced = cost + result.potential[tail] - result.potential[head]
        assert (reduced <= 0) if up else (reduced >= 0)


class TestMinCostFlow:
    @settings(max_examples=300, deadline=None)
    @given(flow_problems())
    def test_both_solvers_find_a_certified_optimum_of_equal_cost(self, problem):
        demand, arcs = problem
        results = [_solve_or_none(demand, arcs, solver) for solver in SOLVERS]
        assert (results[0] is None) == (results[1] is None)
        if results[0] is None:
            return
        for result in results:
            _assert_optimal(demand, arcs, result)
        cost = [sum(c * u for c, u in zip(arcs.costs, result.up)) for result in results]
        assert cost[0] == cost[1]

    @settings(max_examples=300, deadline=None)
    @given(flow_problems(), st.integers(1, 3))
    def test_routing_a_plateau_by_levels_is_optimal_too(self, problem, plateau):
        """The pure-Python solver's phases by Dinic's levels, which a table of ties takes (from PLATEAU
        units), taken here from 1 to 3 units: a certified optimum of the same cost as OR-Tools'."""
        demand, arcs = problem
        by_levels = _python_solver_with(demand, arcs, PLATEAU=plateau)
        _assert_the_same_certified_optimum(demand, arcs, by_levels, _solve_or_none(demand, arcs, "ortools"))

    @settings(max_examples=300, deadline=None)
    @given(flow_problems(), st.integers(0, 4))
    def test_any_number_of_balancing_rounds_gives_a_certified_optimum(self, problem, rounds):
        """The pure-Python solver's start (flow.BALANCING_ROUNDS rounds of coordinate ascent; 0 is
        zero potentials, the start it had before) changes how many units it routes, never the optimum."""
        demand, arcs = problem
        result = _python_solver_with(demand, arcs, BALANCING_ROUNDS=rounds)
        _assert_the_same_certified_optimum(demand, arcs, result, _solve_or_none(demand, arcs, "ortools"))

    @settings(max_examples=300, deadline=None)
    @given(flow_problems(), st.data())
    def test_any_tiers_give_a_certified_optimum(self, problem, data):
        """Tiers only order the pure-Python solver's work (deepest units first, each to the nearest node
        in need or of a shallower tier): whatever they are, the same optimum, or the same infeasibility."""
        demand, arcs = problem
        tiers = data.draw(st.lists(st.integers(0, 3), min_size=len(demand), max_size=len(demand)))
        try:
            result = min_cost_flow(demand, arcs, "python", tiers)
        except Infeasible:
            result = None
        reference = _solve_or_none(demand, arcs, "ortools")
        _assert_the_same_certified_optimum(demand, arcs, result, reference)

    def test_a_unit_in_need_is_fetched_from_a_shallower_tier(self):
        """Node 2 (tier 1) needs a unit that node 0 (tier 0) has: the tier phase fetches it backwards,
        by the cheaper of two ways (cost 1 through node 1, not 4 straight), and the flow is optimal."""
        arcs = Arcs([0, 1, 0], [1, 2, 2], [0, 1, 4])
        result = min_cost_flow([-1, 0, 1], arcs, "python", [0, 1, 1])
        assert result.up == [1, 1, 0]
        _assert_optimal([-1, 0, 1], arcs, result)

    @settings(max_examples=300, deadline=None)
    @given(flow_problems(max_nodes=6, max_arcs=30))
    def test_the_start_leaves_no_residual_arc_of_negative_reduced_cost(self, problem):
        """What successive shortest paths needs of its start: the balancing potentials, the flow they
        imply and the arcs of reduced cost 0 taken from a node with units to one in need."""
        demand, arcs = problem
        start = flow._start(demand, arcs)
        inflow = [0] * len(demand)
        for tail, head, cost, carried in zip(arcs.tails, arcs.heads, arcs.costs, start.up):
            value = cost + start.potential[tail] - start.potential[head]
            assert (value <= 0) if carried else (value >= 0)
            inflow[head] += carried
            inflow[tail] -= carried
        assert [d - i for d, i in zip(demand, inflow)] == start.need

    def test_balancing_potentials_balance_a_lone_node(self):
        """Node 1 must pass on the one unit it receives: of its two ways on, the cheaper (cost 3 against 5)."""
        arcs = Arcs([0, 1, 1], [1, 2, 2], [0, 5, 3])
        leaving = [[0], [1, 2], []]
        entering = [[], [0], [1, 2]]
        potential = flow._balancing_potentials([-1, 0, 1], arcs, leaving, entering)
        reduced = [c + potential[t] - potential[h] for t, h, c in zip(arcs.tails, arcs.heads, arcs.costs)]
        assert reduced[1] > 0 >= reduced[2]

    def test_a_demand_no_arc_can_meet_is_infeasible(self):
        with pytest.raises(Infeasible):
            min_cost_flow([-1, 1], Arcs([1], [0], [0]), "python")


class TestSameTableWithEitherSolver:
    @settings(max_examples=200, deadline=None)
    @given(
        st.sampled_from([40, 10_000, 5_000_000]).flatmap(
            lambda most: tree(max_societies=6, max_lines=6, max_total=most)
        ),
        shares(max_payers=12),
        st.data(),
    )
    def test_byte_identical_with_forced_figures_and_free_nodes(self, problem, percent, data):
        """As allocate, explain (forced figures) and --fair (free nodes) use the rounding: one answer, or none."""
        parents, totals = problem
        fractions = as_fractions(percent)
        inner = sorted(set(parents) - {-1})
        free = data.draw(st.sets(st.sampled_from(inner)), label="free")
        exact = [[Fraction(t) * f for f in fractions] for t in totals]
        movable = [(v, p) for v, row in enumerate(exact) for p, e in enumerate(row) if e.denominator != 1]
        chosen = data.draw(st.lists(st.sampled_from(movable), max_size=3, unique=True) if movable else st.just([]))
        forced = {
            (v, p): data.draw(st.sampled_from([math.floor(exact[v][p]), math.ceil(exact[v][p])])) for v, p in chosen
        }
        outcomes = []
        for solver in SOLVERS:
            try:
                outcomes.append(round_with_forced(parents, totals, fractions, free=free, forced=forced, solver=solver))
            except NoRounding:
                outcomes.append(None)
        assert outcomes[0] == outcomes[1]


class TestChoice:
    def test_small_tables_use_python_and_large_ones_ortools(self, monkeypatch):
        monkeypatch.delenv("SOFIN_SOLVER", raising=False)
        monkeypatch.setattr(flow, "large_extra_installed", lambda: True)
        assert flow.chosen_solver(flow.LARGE_TABLE - 1) == "python"
        assert flow.chosen_solver(flow.LARGE_TABLE) == "ortools"

    def test_without_the_extra_large_tables_use_python_with_a_hint(self, monkeypatch):
        monkeypatch.delenv("SOFIN_SOLVER", raising=False)
        monkeypatch.setattr(flow, "large_extra_installed", lambda: False)
        assert flow.chosen_solver(flow.LARGE_TABLE - 1) == "python"
        hinted: list[Message] = []  # the hint goes to the caller (the command line writes it)
        assert flow.chosen_solver(flow.LARGE_TABLE, hinted.append) == "python"
        assert hinted[0] == Message("large_table_hint", figures=Figure(flow.LARGE_TABLE))

    @pytest.mark.parametrize("solver", SOLVERS)
    def test_the_environment_can_force_either(self, monkeypatch, solver):
        from sofin.cli.solver import solver_asked  # the command line reads SOFIN_SOLVER, the core none
        from sofin.words import Language

        monkeypatch.setenv("SOFIN_SOLVER", solver)
        chosen = solver_asked(Language("en"))
        assert chosen(1) == chosen(10 * flow.LARGE_TABLE) == solver


# The command line as a user without the large extra runs it, on the shipped table made "large".
WITHOUT_THE_EXTRA = """
import sys
import sofin.flow
sofin.flow.large_extra_installed = lambda: False
sofin.flow.LARGE_TABLE = 10
from sofin.cli import main
sys.argv = ["sofin", *sys.argv[1:]]
main()
"""


class TestLargeTableHint:
    @pytest.mark.parametrize("command", [["allocate", "2025"], ["plan"]])
    def test_one_line_on_stderr_and_the_same_output(self, command):
        """Without OR-Tools a large table gets the exact answer, and one line saying how to get it faster."""
        import subprocess
        import sys

        env = {key: value for key, value in os.environ.items() if key != "SOFIN_SOLVER"}
        hinted = subprocess.run(
            [sys.executable, "-c", WITHOUT_THE_EXTRA, *command, "-f", "csv"], capture_output=True, text=True, env=env
        )
        plain = subprocess.run(
            [sys.executable, "-m", "sofin", *command, "-f", "csv"], capture_output=True, text=True, env=env
        )
        assert hinted.returncode == plain.returncode == 0
        assert hinted.stdout == plain.stdout
        assert plain.stderr == ""
        assert hinted.stderr.count("\n") == 1
        assert hinted.stderr.startswith("sofin: velika tabela (") and "pip install 'sofin[large]'" in hinted.stderr
        english = subprocess.run(
            [sys.executable, "-c", WITHOUT_THE_EXTRA, *command, "-f", "csv", "--lang", "en"],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert english.stderr.startswith("sofin: a large table (") and "to the same result" in english.stderr


class TestSameOutputWithEitherSolver:
    @settings(max_examples=40, deadline=None)
    @given(strategy_texts())
    def test_the_year_and_the_fair_period_byte_for_byte(self, text):
        """Whole strategies, euros or cents: the JSON of a year and of the period rounded as one (--fair)."""
        strategy = strategy_from_text(text)
        outputs = []
        for solver in SOLVERS:
            year = render(allocate(strategy, year_lines(strategy, 2025), solver=solver), Format.json)
            period = [
                render(a, Format.json)
                for a in allocate_period(strategy, period_lines(strategy), fair=True, solver=solver)
            ]
            outputs.append((year, period))
        assert outputs[0] == outputs[1]


class TestBadSettings:
    def test_demands_that_do_not_balance_have_no_flow(self):
        for solver in SOLVERS:
            with pytest.raises(Infeasible):
                min_cost_flow([-1, 2], Arcs([0], [1], [0]), solver)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                "highs",
                "environment: SOFIN_SOLVER: must be one of python, ortools (or unset: sofin chooses), not 'highs'",
            ),
            ("ortools", "environment: SOFIN_SOLVER: ortools needs the large extra: pip install 'sofin[large]'"),
        ],
    )
    def test_an_unusable_solver_setting_is_a_message_not_a_traceback(self, monkeypatch, value, message):
        from typer.testing import CliRunner

        from sofin.cli import app

        monkeypatch.setenv("SOFIN_SOLVER", value)
        monkeypatch.setattr(flow, "large_extra_installed", lambda: False)
        result = CliRunner().invoke(app, ["allocate", "2025", "--lang", "en"])
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == message
