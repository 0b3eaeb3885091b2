"""sofin's benchmarks: start-up time and how the exact allocation scales. Not part of the test suite.

    .venv/bin/python benchmarks/run.py            # everything (about 10 minutes); prints a Markdown report
    .venv/bin/python benchmarks/run.py --quick    # fewer repetitions, sizes up to 55,100 figures

Each allocation size runs in a child process with a time limit, so that a size sofin cannot
finish is reported as such instead of stalling the run; peak memory is the child's maximum RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOFIN = Path(sys.executable).with_name("sofin")


# What printing the table needs at the least, before any of sofin's own work: the baseline's
# libraries plus the parts of them it leaves unloaded (pydantic's models, rich's table) and Babel.
FLOOR = (
    "import typer, pydantic, rich, yaml, pydantic.main, rich.console, rich.table, babel.numbers; "
    "babel.numbers.format_decimal(1, locale='sl')"
)


def cold_start(repeats: int) -> dict[str, float]:
    """Median wall times of `sofin allocate 2025`, of importing its four main libraries, and of two floors."""
    commands = {
        "sofin allocate 2025": [str(SOFIN), "allocate", "2025"],
        "python -c 'import typer, pydantic, rich, yaml'": [sys.executable, "-c", "import typer, pydantic, rich, yaml"],
        "floor: the same, plus pydantic.main, rich's table and Babel formatting one number": [
            sys.executable,
            "-c",
            FLOOR,
        ],
        "an empty typer app with allocate's options (benchmarks/empty_cli.py allocate 2025)": [
            sys.executable,
            str(HERE / "empty_cli.py"),
            "allocate",
            "2025",
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():  # interleaved, so that both see the same machine load
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def synthetic_problem(payers: int, societies: int, lines: int, seed: int = 2025):
    """A national-scale table: population-like key shares (two decimals, summing to 100) and amounts."""
    rng = random.Random(seed)
    weights = [rng.paretovariate(1.2) for _ in range(payers)]  # a few large towns, many small ones
    hundredths = [max(1, round(10_000 * w / sum(weights))) for w in weights]
    hundredths[hundredths.index(max(hundredths))] += 10_000 - sum(hundredths)
    shares = [Fraction(h, 10_000) for h in hundredths]
    parents, totals = [-1], [0]
    for _ in range(societies):
        society = len(parents)
        parents.append(0)
        totals.append(0)
        for _ in range(lines):
            amount = rng.randint(1_000, 200_000)
            parents.append(society)
            totals.append(amount)
            totals[society] += amount
            totals[0] += amount
    return parents, totals, shares


def child(kind: str, payers: int, societies: int, lines: int) -> None:
    """Runs in a child process: solve once, print seconds and the summed error as JSON."""
    parents, totals, shares = synthetic_problem(payers, societies, lines)
    start = time.perf_counter()
    if kind == "sofin":
        from sofin.rounding import controlled_round

        error = float(controlled_round(parents, totals, shares).error)
    else:
        error = highs(parents, totals, shares)
    seconds = time.perf_counter() - start
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "error": error, "peak_mb": peak}))


def highs(parents, totals, shares) -> float:
    """The same problem as a sparse LP for HiGHS (integral: the matrix is totally unimodular)."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    n_nodes, n_payers = len(totals), len(shares)
    exact = [Fraction(t) * s for t in totals for s in shares]
    floors = np.array([e.numerator // e.denominator for e in exact], dtype=float)
    rest = np.array([float(e - (e.numerator // e.denominator)) for e in exact])
    upper = np.array([0.0 if e.denominator == 1 else 1.0 for e in exact])
    rows, cols, vals, rhs = [], [], [], []
    for v in range(n_nodes):  # each row's ups make up its total
        for p in range(n_payers):
            rows.append(len(rhs)), cols.append(v * n_payers + p), vals.append(1.0)
        rhs.append(totals[v] - floors[v * n_payers : (v + 1) * n_payers].sum())
    children: dict[int, list[int]] = {}
    for v, parent in enumerate(parents):
        if parent >= 0:
            children.setdefault(parent, []).append(v)
    for v, kids in children.items():  # each parent's figure is its children's sum, payer by payer
        for p in range(n_payers):
            r = len(rhs)
            rows.append(r), cols.append(v * n_payers + p), vals.append(1.0)
            for k in kids:
                rows.append(r), cols.append(k * n_payers + p), vals.append(-1.0)
            rhs.append(sum(floors[k * n_payers + p] for k in kids) - floors[v * n_payers + p])
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(rhs), n_nodes * n_payers)).tocsr()
    result = linprog(1 - 2 * rest, A_eq=matrix, b_eq=rhs, bounds=np.column_stack([np.zeros_like(upper), upper]),
                     method="highs")  # fmt: skip
    assert result.status == 0, result.message
    return float(result.fun + rest.sum())


def measure(kind: str, payers: int, societies: int, lines: int, limit: float) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(payers), str(societies), str(lines)]
    try:
        done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"not finished within {limit:.0f} s"}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *sizes = args.child
        child(kind, *map(int, sizes))
        return
    repeats = 5 if args.quick else 20
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    print(f"# sofin benchmarks\n\nMachine: {machine}\n")
    starts = cold_start(repeats)
    sofin_time, baseline, floor, empty_cli = starts.values()
    print(f"## Cold start (median of {repeats})\n\n| command | seconds |\n|---|---:|")
    for name, seconds in starts.items():
        print(f"| `{name}` | {seconds:.3f} |")
    print(
        f"\nratio: {sofin_time / baseline:.2f} (target <= 1.5); the floor alone: {floor / baseline:.2f}; "
        f"the empty typer app alone: {empty_cli / baseline:.2f}\n"
    )
    # (payers, societies, lines per society); HiGHS is left out of the largest size, where it would
    # need hours. 212 x 100 x 10 is the national case: every Slovenian municipality.
    sizes = [(20, 10, 10), (100, 20, 10), (100, 50, 10)]
    if not args.quick:
        sizes += [(212, 100, 10), (212, 1000, 10)]
    highs_up_to = 300_000
    limit = 60.0 if args.quick else 900.0
    print("## Allocation with the least summed error\n")
    print("| payers x societies x lines | figures | sofin s | sofin peak MB | HiGHS s | HiGHS / sofin | same optimum |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for payers, societies, lines in sizes:
        figures = payers * (1 + societies + societies * lines)
        ours = measure("sofin", payers, societies, lines, limit)
        skipped = {"seconds": None, "note": "not run (too large)"}
        theirs = measure("highs", payers, societies, lines, limit) if figures <= highs_up_to else skipped
        same = "n/a"
        if ours.get("seconds") is not None and theirs.get("seconds") is not None:
            same = (
                "yes" if abs(ours["error"] - theirs["error"]) < 1e-6 else f"NO ({ours['error']} vs {theirs['error']})"
            )

        ratio = ""
        if ours.get("seconds") and theirs.get("seconds"):
            ratio = f"{theirs['seconds'] / ours['seconds']:.0f}x"

        def cell(result: dict, key: str, digits: int) -> str:
            return f"{result[key]:.{digits}f}" if result.get("seconds") is not None else result["note"]

        print(f"| {payers} x {societies} x {lines} | {figures:,} | {cell(ours, 'seconds', 2)} | "
              f"{cell(ours, 'peak_mb', 0)} | {cell(theirs, 'seconds', 2)} | {ratio} | {same} |")  # fmt: skip


if __name__ == "__main__":
    main()
