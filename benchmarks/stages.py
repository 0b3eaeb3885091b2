"""The stages of `sofin allocate` → JSON (parse, index, solve, rows, render, write), timed inside a child
that runs the library's pipeline as the command does.
"""

from __future__ import annotations

import filecmp
import json
import statistics
import sys
import time
from pathlib import Path

from measure import (
    RUN,
    YEAR,
    Measured,
    Settings,
    Size,
    environment,
    figures,
    markdown_table,
    progress,
    run_child,
    runs_text,
    section,
    size_label,
    strategy_file,
)
from solvers import default_output

# Stage breakdown, measured inside a child that runs the library's pipeline

STAGES = ("imports", "parse + validate", "index year", "solve", "rows", "render json", "write")


def stages_child(strategy: Path, output: Path) -> None:
    """Runs in a child process: the allocate pipeline stage by stage; prints the seconds as JSON."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    import sofin.allocate
    from sofin import __version__
    from sofin.allocate import allocate
    from sofin.domain.table import Provenance
    from sofin.load import load_strategy_file
    from sofin.output import write_atomically
    from sofin.render import Format
    from sofin.render.allocate import render
    from sofin.years import year_lines

    seconds["imports"] = time.perf_counter() - start

    # allocate() calls the module-level name controlled_round: timing it there splits the solve
    # (network, min-cost flow, tie rule) from building the rows.
    controlled_round = sofin.allocate.controlled_round
    solve_seconds = 0.0

    def timed_controlled_round(*args, **kwargs):
        nonlocal solve_seconds
        begin = time.perf_counter()
        try:
            return controlled_round(*args, **kwargs)
        finally:
            solve_seconds += time.perf_counter() - begin

    sofin.allocate.controlled_round = timed_controlled_round

    def stage(name: str, work):
        begin = time.perf_counter()
        result = work()
        seconds[name] = time.perf_counter() - begin
        return result

    loaded = stage("parse + validate", lambda: load_strategy_file(strategy))
    lines = stage("index year", lambda: year_lines(loaded.strategy, YEAR, str(strategy)))
    # The provenance stamp the command line adds, so that the file can be compared with the CLI's.
    provenance = Provenance(loaded.sha256, __version__)
    allocation = stage("allocate", lambda: allocate(loaded.strategy, lines, provenance))
    seconds["solve"] = solve_seconds
    seconds["rows"] = seconds.pop("allocate") - solve_seconds
    text = stage("render json", lambda: render(allocation, Format.json))
    stage("write", lambda: write_atomically(output, text))
    print(json.dumps(seconds))


def stages_section(settings: Settings, work: Path, allocate_times: dict[Size, Measured]) -> None:
    header = ["payers × societies × lines", "figures", *STAGES, "start-up and the rest (derived)", "end to end"]
    seconds_rows, share_rows = [], []
    for size in settings.sizes:
        progress(f"stages {size_label(size)}")
        strategy = strategy_file(work, size)
        output = work / "stages.json"
        command = [sys.executable, str(RUN), "--stages", str(strategy), str(output)]
        runs = [run_child(command, settings.limit, environment(None)) for _ in range(settings.repeats_for(size))]
        measured = Measured.of(runs, settings.limit)
        end_to_end = allocate_times[size].seconds
        cells = [size_label(size), f"{figures(size):,}"]
        if measured.seconds is None or end_to_end is None:
            problem = measured.problem or "end-to-end time missing"
            seconds_rows.append(cells + [problem] + [""] * (len(header) - 3))
            share_rows.append(cells + [problem] + [""] * (len(header) - 3))
            continue
        printed = [json.loads(run.stdout.splitlines()[-1]) for run in runs]
        stages = {name: statistics.median(seconds[name] for seconds in printed) for name in STAGES}
        same = filecmp.cmp(output, default_output(work, size), shallow=False)
        rest = end_to_end - sum(stages.values())
        values = [*stages.values(), rest, end_to_end]
        seconds_rows.append(cells + [f"{value:.3f}" for value in values[:-1]] + [f"{end_to_end:.3f}"])
        share_rows.append(cells + [f"{value / end_to_end:.0%}" for value in values])
        if not same:
            progress(f"  the stage child's file differs from `sofin allocate`'s for {size_label(size)}")
            seconds_rows[-1][0] += " (file differs from the CLI's!)"
    how = (
        "A fresh child per run calls the library as `sofin allocate` does (sofin's choice of solver): "
        "imports; `load_strategy_file` (read, parse YAML, validate); `year_lines`; `allocate`, with "
        "`sofin.allocate.controlled_round` wrapped in a timer, so solve = that time (network, min-cost "
        "flow, tie rule; OR-Tools' import included when it is used) and rows = the rest of `allocate`; "
        f"`render(…, Format.json)`; `write_atomically`. Seconds per stage, {runs_text(settings.repeats)}. "
        "End to end: `sofin allocate` without SOFIN_SOLVER from the previous "
        'section. "start-up and the rest" is derived: end to end minus the child\'s stages (interpreter '
        "start-up, the command line, what the stages leave out). Each child's file was compared with the "
        "CLI's; a row says so if they differ."
    )
    section("Stage breakdown of `sofin allocate 2025` → JSON, seconds", how, markdown_table(header, seconds_rows))
    share = markdown_table(header, share_rows)
    section("Stage breakdown, share of end to end", "The same runs, each stage / end to end.", share)
