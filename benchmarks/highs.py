"""HiGHS on the same rounding problem as sofin, built from the strategy file as a network LP: the model,
the child that solves it (`run.py --highs KIND STRATEGY`), and whether its optimum is sofin's.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from measure import (
    RUN,
    Measured,
    Settings,
    SolverRuns,
    figures,
    markdown_table,
    progress,
    run_child,
    section,
    size_label,
    strategy_file,
)

MILP_UP_TO = 300_000  # figures; HiGHS' MILP of the 2.3 M table would not finish within the time limit


# HiGHS on the same rounding problem, formulated as a network


@dataclass(frozen=True)
class RoundingProblem:
    """The table from a strategy file: a tree of rows (pre-order) and each payer's exact share.

    Figure (node, payer) is exactly totals[node] × weights[payer] / scale.
    """

    parents: list[int]  # -1 for the grand total
    totals: list[int]  # whole units
    weights: list[int]
    scale: int

    def arcs(self) -> int:
        """Figures whose exact share is not whole: what sofin's solver threshold counts."""
        return sum(1 for total in self.totals for weight in self.weights if total * weight % self.scale)


def rounding_problem(strategy: Path) -> RoundingProblem:
    """Read the base year's amounts (2025 in the synthetic files) and the key straight from the YAML."""
    import yaml

    data = yaml.safe_load(strategy.read_text(encoding="utf-8"))
    unit = Decimal(str(data.get("unit", 1)))
    # YAML reads 12.34 as a float; its shortest repr gives back the two decimals written.
    shares = [Fraction(Decimal(str(payer["share"]))) / 100 for payer in data["payers"]]
    scale = math.lcm(*(share.denominator for share in shares))
    weights = [share.numerator * (scale // share.denominator) for share in shares]
    parents, totals = [-1], [0]
    for society in data["societies"]:
        node = len(parents)
        parents.append(0)
        totals.append(0)
        for line in society["lines"]:
            units = Decimal(str(line["amount"])) / unit
            if units != units.to_integral_value():
                raise ValueError(f"{line['amount']} is not a multiple of the unit {unit}")
            parents.append(node)
            totals.append(int(units))
            totals[node] += int(units)
            totals[0] += int(units)
    return RoundingProblem(parents, totals, weights, scale)


def highs_model(problem: RoundingProblem, integer: bool):
    """The rounding as a network LP for HiGHS: y = figure - floor(exact) in [0, 1], one per figure that
    is not whole (a whole figure is a constant).

    - each line (leaf) row: the sum of its y = total - the sum of its floors;
    - each inner node and payer: y[node] - sum of y[children] = sum of the children's floors - floor[node];
    - no row sums for inner rows: they follow from the others, and with them the system is rank-deficient;
    - minimise sum (1 - 2 rest) y + sum rest, rest = exact - floor: the summed |figure - exact|.

    Each y has +1 in its own row or equation and -1 in its parent's: a network matrix, totally
    unimodular, so the LP's vertex solutions are whole.
    """
    import highspy
    import numpy as np

    parents = np.array(problem.parents, dtype=np.int64)
    totals = np.array(problem.totals, dtype=np.int64)
    weights = np.array(problem.weights, dtype=np.int64)
    assert int(totals.max()) * int(weights.max()) < 2**62, "exact shares would overflow int64"
    floors, rests = np.divmod(np.outer(totals, weights), problem.scale)
    nodes, payers = floors.shape

    has_children = np.zeros(nodes, dtype=bool)
    has_children[parents[parents >= 0]] = True
    leaves, inner = np.flatnonzero(~has_children), np.flatnonzero(has_children)
    leaf_row = np.full(nodes, -1)
    leaf_row[leaves] = np.arange(len(leaves))
    inner_rank = np.full(nodes, -1)
    inner_rank[inner] = np.arange(len(inner))

    def equation(node, payer):  # the row of (inner node, payer)'s equation
        return len(leaves) + inner_rank[node] * payers + payer

    var_node, var_payer = np.nonzero(rests)  # one variable per figure that is not whole, node by node
    own_row = np.where(has_children[var_node], equation(var_node, var_payer), leaf_row[var_node])
    parent = parents[var_node]
    has_parent = parent >= 0
    parent_row = np.where(has_parent, equation(np.maximum(parent, 0), var_payer), -1)

    children_floors = np.zeros_like(floors)
    np.add.at(children_floors, parents[1:], floors[1:])
    rhs = np.concatenate(
        [
            totals[leaves] - floors[leaves].sum(axis=1),
            (children_floors[inner] - floors[inner]).ravel(),
        ]
    )

    # Compressed columns: own row first, then the parent's equation when there is one.
    counts = 1 + has_parent
    start = np.concatenate([[0], np.cumsum(counts)])
    index = np.empty(start[-1], dtype=np.int64)
    value = np.empty(start[-1])
    index[start[:-1]], value[start[:-1]] = own_row, 1.0
    index[start[:-1][has_parent] + 1], value[start[:-1][has_parent] + 1] = parent_row[has_parent], -1.0

    # An equation without variables holds among constants (0 = 0); it is left out.
    used = np.bincount(index, minlength=len(rhs)) > 0
    assert not rhs[~used].any(), "an equation among whole figures does not hold"
    new_row = np.cumsum(used) - 1
    index, rhs = new_row[index], rhs[used]

    rest = rests[var_node, var_payer] / problem.scale
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(var_node), len(rhs)
    lp.col_cost_ = 1.0 - 2.0 * rest
    lp.col_lower_, lp.col_upper_ = np.zeros(len(var_node)), np.ones(len(var_node))
    lp.row_lower_ = lp.row_upper_ = rhs.astype(float)
    lp.offset_ = float(Fraction(int(rests.sum()), problem.scale))  # the constant sum of rest
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = index.astype(np.int32)
    lp.a_matrix_.value_ = value
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    return lp


def highs_child(kind: str, strategy: Path) -> None:
    """Runs in a child process: build the model, time only h.run(), print the result as JSON."""
    import highspy
    import numpy as np

    lp = highs_model(rounding_problem(strategy), integer=kind == "milp")
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if kind == "lp":
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 1)  # dual simplex
    h.passModel(lp)
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    status = h.getModelStatus()
    y = np.asarray(h.getSolution().col_value)
    result = {
        "seconds": seconds,
        "status": h.modelStatusToString(status),
        "optimal": status == highspy.HighsModelStatus.kOptimal,
        "objective": h.getInfo().objective_function_value,
        "integral": bool(len(y) == 0 or np.abs(y - np.round(y)).max() < 1e-9),
        "variables": lp.num_col_,
        "equations": lp.num_row_,
    }
    print("\n" + json.dumps(result))  # the last line; HiGHS prints its banner before output_flag is off


def highs_section(settings: Settings, work: Path, end_to_end: list[SolverRuns]) -> None:
    rows = []
    for result in end_to_end:
        size = result.size
        strategy = strategy_file(work, size)
        error = sofin_rounding_error(result.output)
        progress(f"HiGHS LP and MILP {size_label(size)}")
        lp_repeats = settings.repeats if figures(size) <= MILP_UP_TO else 1  # 2.3 M figures: minutes a solve
        lp_run, lp = run_highs("lp", strategy, settings.limit, lp_repeats)
        if figures(size) <= MILP_UP_TO:
            milp_run, milp = run_highs("milp", strategy, settings.limit, 1)
        else:
            milp_run, milp = Measured(None, None, f"not run (above {MILP_UP_TO:,} figures)"), {}
        sofin_seconds = result.by_solver["ortools"].seconds
        ratio = ""
        if lp and lp["optimal"] and sofin_seconds is not None:
            ratio = f"{sofin_seconds / lp['seconds']:.2f}"
        rows.append(
            [
                size_label(size),
                f"{figures(size):,}",
                f"{lp['variables']:,}" if lp else "",
                f"{lp['equations']:,}" if lp else "",
                highs_seconds_cell(lp_run, lp),
                same_optimum(lp, error) + whole(lp),
                highs_seconds_cell(milp_run, milp),
                same_optimum(milp, error),
                lp_run.peak_cell(),
                result.by_solver["ortools"].seconds_cell(),
                ratio,
            ]
        )
    how = (
        "The same rounding problem, built from the same YAML (`yaml.safe_load`, exact shares) as a network "
        "LP: y = figure − floor(exact) ∈ [0, 1] for each figure that is not whole; each line's row sums to its "
        "total; each inner row's figure equals its children's sum, payer by payer; no row sums for inner rows "
        "(they follow, and would make the system rank-deficient); minimise Σ(1 − 2·rest)·y + Σ rest, the "
        "summed error. highspy, each solve in a fresh child with a time limit of "
        f"{settings.limit:.0f} s (building included); seconds are `h.run()` alone, not building or reading, "
        f"the median of {settings.repeats} solves for the LP (one above {MILP_UP_TO:,} figures), one for the "
        f"MILP (run up to {MILP_UP_TO:,} figures). "
        "LP: dual simplex (`solver=simplex`, `simplex_strategy=1`); MILP: the same model with every y integer, "
        "HiGHS' defaults. \"same optimum\": |objective − sofin's `rounding_error`| < 1e-6 × max(1, value), "
        "sofin's from its allocate JSON of that size; \"whole\": the LP's solution has no fractional y. "
        "LP MB: the LP child's peak. Last column: `sofin allocate` end to end (OR-Tools, previous table) / "
        "HiGHS LP solve."
    )
    header = [
        "payers × societies × lines",
        "figures",
        "variables",
        "equations",
        "HiGHS LP s",
        "LP same optimum",
        "HiGHS MILP s",
        "MILP same optimum",
        "LP MB",
        "sofin end to end s",
        "sofin / HiGHS LP",
    ]
    section("HiGHS on the same problem, in the same run", how, markdown_table(header, rows))


def run_highs(kind: str, strategy: Path, limit: float, repeats: int) -> tuple[Measured, dict]:
    """HiGHS solves, each in a fresh child: how the children ran, and what the median solve printed.

    Empty when a run did not finish. The seconds reported are the median of the solves' `h.run()` times.
    """
    command = [sys.executable, str(RUN), "--highs", kind, str(strategy)]
    runs = [run_child(command, limit) for _ in range(repeats)]
    if not all(run.ok for run in runs):
        return Measured.of(runs, limit), {}
    results = sorted((json.loads(run.stdout.splitlines()[-1]) for run in runs), key=lambda result: result["seconds"])
    return Measured.of(runs, limit), results[len(results) // 2]


def whole(result: dict) -> str:
    """Whether an optimal LP solution came out whole, as the network matrix promises."""
    if not result or not result["optimal"]:
        return ""
    return ", whole" if result["integral"] else ", NOT whole"


def sofin_rounding_error(output: Path | None) -> Decimal | None:
    if output is None:
        return None
    return Decimal(json.loads(output.read_text(encoding="utf-8"))["rounding_error"])


def highs_seconds_cell(run: Measured, result: dict) -> str:
    if run.seconds is None:
        return run.problem
    if not result["optimal"]:
        return f"{result['status']} after {result['seconds']:.2f}"
    return f"{result['seconds']:.2f}"


def same_optimum(result: dict, error: Decimal | None) -> str:
    if not result or not result["optimal"] or error is None:
        return ""
    value = float(error)
    if abs(result["objective"] - value) < 1e-6 * max(1.0, abs(value)):
        return "yes"
    return f"NO ({result['objective']:.6f} vs {error})"
