"""`sofin allocate` end to end with each solver, how its time grows with the table, `sofin plan` and
allocate with sofin's own choice of solver, and the break-even of the two solvers.
"""

from __future__ import annotations

import filecmp
import math
from pathlib import Path

from highs import rounding_problem
from measure import (
    LARGE,
    SOLVERS,
    Measured,
    Run,
    Settings,
    Size,
    SolverRuns,
    allocate_command,
    environment,
    figures,
    markdown_table,
    plan_command,
    progress,
    run_child,
    runs_text,
    section,
    size_label,
    strategy_file,
    yes_no,
)

BREAK_EVEN_SIZES: list[Size] = [
    (20, 20, 10),
    (50, 20, 10),
    (70, 20, 10),
    (100, 20, 10),
    (100, 30, 10),
    (100, 50, 10),
    (212, 50, 10),
    (212, 100, 10),
]


# End to end, allocate 2025, each solver


def time_solvers(settings: Settings, work: Path, size: Size, repeats: int, solvers: tuple[str, ...]) -> SolverRuns:
    """`sofin allocate` with each forced solver, interleaved; then whether the two files are identical."""
    strategy = strategy_file(work, size)
    outputs = {solver: work / f"allocate_{solver}_{'x'.join(map(str, size))}.json" for solver in solvers}
    runs: dict[str, list[Run]] = {solver: [] for solver in solvers}
    for _ in range(repeats):
        for solver in solvers:
            command = allocate_command(strategy, outputs[solver])
            runs[solver].append(run_child(command, settings.limit, environment(solver)))
    by_solver = {solver: Measured.of(runs[solver], settings.limit) for solver in solvers}
    finished = [solver for solver in solvers if by_solver[solver].seconds is not None]
    identical = ""
    if len(finished) == len(SOLVERS):
        identical = yes_no(filecmp.cmp(outputs["python"], outputs["ortools"], shallow=False))
    return SolverRuns(size, by_solver, identical, outputs[finished[-1]] if finished else None)


def end_to_end_section(settings: Settings, work: Path) -> list[SolverRuns]:
    results = []
    for size in settings.sizes:
        solvers = SOLVERS if figures(size) <= LARGE or settings.all_solvers else ("ortools",)
        progress(f"end to end {size_label(size)} ({figures(size):,} figures): {', '.join(solvers)}")
        results.append(time_solvers(settings, work, size, settings.repeats_for(size), solvers))
    rows = []
    for result in results:
        python = result.by_solver.get("python", Measured(None, None, f"not run (> {LARGE:,} figures)"))
        ortools = result.by_solver["ortools"]
        rows.append(
            [
                size_label(result.size),
                f"{figures(result.size):,}",
                python.seconds_cell(),
                python.peak_cell(),
                ortools.seconds_cell(),
                ortools.peak_cell(),
                result.identical,
            ]
        )
    how = (
        f"`sofin allocate 2025 -s FILE -f json -o OUT` with SOFIN_SOLVER=python, then =ortools, interleaved; "
        f"wall seconds from start to exit, {runs_text(settings.repeats)}; peak "
        f"resident size of the process in MB (the largest over the runs); limit {settings.limit:.0f} s a run. "
        "Synthetic strategies (`benchmarks/strategy.py`, payers × societies × lines per society). "
        '"identical": the two output files compared byte for byte.'
    )
    header = ["payers × societies × lines", "figures", "python s", "python MB", "ortools s", "ortools MB", "identical"]
    section("End to end: `sofin allocate 2025` → JSON file", how, markdown_table(header, rows))
    growth_section(results)
    return results


def growth_section(results: list[SolverRuns]) -> None:
    rows = []
    for before, after in zip(results, results[1:]):
        cells = [
            f"{size_label(before.size)} → {size_label(after.size)}",
            f"{figures(after.size) / figures(before.size):.1f}",
        ]
        for solver in ("ortools", "python"):
            cells.append(growth_exponent(before, after, solver))
        rows.append(cells)
    how = (
        "log(t2 / t1) / log(n2 / n1) between consecutive sizes of the table above, t the end-to-end seconds "
        "(start-up included, which flattens the exponent between small sizes) and n the figures (1 = linear)."
    )
    header = ["sizes", "figures ×", "ortools exponent", "python exponent"]
    section("Growth of the end-to-end time", how, markdown_table(header, rows))


def growth_exponent(before: SolverRuns, after: SolverRuns, solver: str) -> str:
    t1 = before.by_solver.get(solver, Measured(None, None)).seconds
    t2 = after.by_solver.get(solver, Measured(None, None)).seconds
    if t1 is None or t2 is None:
        return ""
    return f"{math.log(t2 / t1) / math.log(figures(after.size) / figures(before.size)):.2f}"


# ---------------------------------------------------------------------------------------------
# plan, and allocate with sofin's own choice of solver


def default_solver_section(settings: Settings, work: Path) -> dict[Size, Measured]:
    """`sofin plan` and `sofin allocate` without SOFIN_SOLVER; returns the allocate times."""
    allocate_times = {}
    rows = []
    for size in settings.sizes:
        progress(f"plan and allocate, default solver, {size_label(size)}")
        strategy = strategy_file(work, size)
        plans: list[Run] = []
        allocations: list[Run] = []
        for _ in range(settings.repeats_for(size)):
            plans.append(run_child(plan_command(strategy, work / "plan.json"), settings.limit, environment(None)))
            allocate = allocate_command(strategy, default_output(work, size))
            allocations.append(run_child(allocate, settings.limit, environment(None)))
        plan, allocation = Measured.of(plans, settings.limit), Measured.of(allocations, settings.limit)
        allocate_times[size] = allocation
        ratio = ""
        if plan.seconds is not None and allocation.seconds is not None:
            ratio = f"{plan.seconds / allocation.seconds:.1f}"
        rows.append(
            [
                size_label(size),
                f"{figures(size):,}",
                plan.seconds_cell(),
                plan.peak_cell(),
                allocation.seconds_cell(),
                allocation.peak_cell(),
                ratio,
            ]
        )
    how = (
        f"`sofin plan -s FILE -f json -o OUT` (the five years 2025–2029) and `sofin allocate 2025 -s FILE -f json "
        f"-o OUT`, both without SOFIN_SOLVER (sofin chooses: {solver_threshold()}), interleaved; wall "
        f"seconds, {runs_text(settings.repeats)}; peak MB; limit {settings.limit:.0f} s."
    )
    header = [
        "payers × societies × lines",
        "figures",
        "plan s",
        "plan MB",
        "allocate s",
        "allocate MB",
        "plan / allocate",
    ]
    section("`sofin plan` (5 years) → JSON file, sofin's choice of solver", how, markdown_table(header, rows))
    return allocate_times


def solver_threshold() -> str:
    """sofin's rule for choosing OR-Tools, read from the installed sofin so that the notes stay true."""
    try:
        from sofin.flow import LARGE_TABLE
    except ImportError:
        return "OR-Tools from `sofin.flow.LARGE_TABLE` arcs"
    return f"OR-Tools from {LARGE_TABLE:,} arcs when installed"


def default_output(work: Path, size: Size) -> Path:
    return work / f"allocate_default_{'x'.join(map(str, size))}.json"


# ---------------------------------------------------------------------------------------------
# Break-even of the two solvers


def break_even_section(settings: Settings, work: Path) -> None:
    rows = []
    faster: dict[Size, str] = {}
    for size in BREAK_EVEN_SIZES:
        progress(f"break-even {size_label(size)}")
        result = time_solvers(settings, work, size, settings.break_even_repeats, SOLVERS)
        python, ortools = result.by_solver["python"], result.by_solver["ortools"]
        if python.seconds is not None and ortools.seconds is not None:
            faster[size] = "ortools" if ortools.seconds < python.seconds else "python"
        arcs = rounding_problem(strategy_file(work, size)).arcs()
        rows.append(
            [
                size_label(size),
                f"{figures(size):,}",
                f"{arcs:,}",
                python.seconds_cell(3),
                ortools.seconds_cell(3),
                faster.get(size, ""),
                result.identical,
            ]
        )
    how = (
        "`sofin allocate 2025 -s FILE -f json -o OUT` with SOFIN_SOLVER=python and =ortools, interleaved; "
        f"wall seconds, {runs_text(settings.break_even_repeats, single_when_large=False)}. Arcs: figures whose "
        f"exact share is not whole, counted from the YAML — what sofin's threshold ({solver_threshold()}) counts."
    )
    header = ["payers × societies × lines", "figures", "arcs", "python s", "ortools s", "faster", "identical"]
    section(
        "Break-even of the two solvers, end to end",
        how,
        markdown_table(header, rows) + "\n\n" + break_even_verdict(faster),
    )


def break_even_verdict(faster: dict[Size, str]) -> str:
    """The smallest size where OR-Tools won, and whether it won at every larger size too."""
    wins = [size for size in BREAK_EVEN_SIZES if faster.get(size) == "ortools"]
    if not wins:
        return "ortools was not faster at any of these sizes."
    first = wins[0]
    larger = BREAK_EVEN_SIZES[BREAK_EVEN_SIZES.index(first) :]
    always = "and at every larger size here" if larger == wins else "but not at every larger size here"
    return f"Smallest size where ortools was faster: {size_label(first)} ({figures(first):,} figures), {always}."
