"""sofin's benchmarks: the `sofin` command end to end, beside HiGHS on the same problem. Prints Markdown.

    .venv/bin/python benchmarks/run.py                  # the full run (up to 2.3 million figures)
    .venv/bin/python benchmarks/run.py --quick          # fewer sizes and repetitions: a few minutes
    .venv/bin/python benchmarks/run.py --all-solvers    # also the pure-Python solver above 300,000 figures
    .venv/bin/python benchmarks/run.py --pay            # only the pay law: with `pay` against without
    .venv/bin/python benchmarks/run.py --keys           # only several keys: three keys against one

BENCHMARKS.md's one table (every figure beside its anchor) is benchmarks/table.py's, which uses this module.

What is timed is what users run: `sofin allocate 2025 -s FILE -f json -o OUT` (and `sofin plan`), a
fresh process each time, from start to the output file written. Every measured child is its own
process, so its peak resident size (from os.wait4) is that run's alone, and each has a time limit,
so that a size that does not finish is reported as such instead of stalling the run. Progress goes
to stderr, the report to stdout. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import filecmp
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOFIN = Path(sys.executable).with_name("sofin")
YEAR = 2025
SOLVERS = ("python", "ortools")
Size = tuple[int, int, int]  # payers, societies, lines per society

QUICK_SIZES: list[Size] = [(20, 10, 10), (50, 20, 10), (100, 20, 10), (212, 100, 10)]
FULL_SIZES: list[Size] = QUICK_SIZES + [(100, 50, 10), (212, 1000, 10)]  # 212 x 1000 x 10: 2.3 M figures
MILP_UP_TO = 300_000  # figures; HiGHS' MILP of the 2.3 M table would not finish within the time limit
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
# Above this many figures the pure-Python solver takes minutes (unless --all-solvers), and one run
# of anything is enough: the run-to-run spread is small next to the time.
LARGE = 300_000
MB = 2**20


def figures(size: Size) -> int:
    """One figure per payer in every row: the grand total, each society and each line."""
    payers, societies, lines = size
    return payers * (1 + societies + societies * lines)


def size_label(size: Size) -> str:
    return " × ".join(map(str, size))


@dataclass(frozen=True)
class Settings:
    quick: bool
    all_solvers: bool
    sizes: list[Size]
    cold_start_repeats: int
    repeats: int  # end-to-end runs per size and solver, below LARGE figures
    break_even_repeats: int
    limit: float  # seconds per measured child process

    @staticmethod
    def from_arguments(quick: bool, all_solvers: bool) -> Settings:
        if quick:
            return Settings(True, all_solvers, QUICK_SIZES, 5, 1, 1, 120.0)
        return Settings(False, all_solvers, sorted(FULL_SIZES, key=figures), 20, 3, 5, 900.0)

    def repeats_for(self, size: Size) -> int:
        return 1 if figures(size) > LARGE else self.repeats


# ---------------------------------------------------------------------------------------------
# Running a child process: wall time, peak resident size, a time limit


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the child's own (os.wait4)
    peak_mb: float
    returncode: int
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run_child(command: list[str], limit: float, env: dict[str, str] | None = None) -> Run:
    """Run `command` to the end or until `limit` seconds, whichever comes first.

    os.wait4 on the child's pid gives that child's own rusage (RUSAGE_CHILDREN would accumulate
    the maximum over every child so far); the timer kills it at the limit. Output goes to temporary
    files, not pipes, so that a chatty child cannot block while nobody reads.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        timed_out = threading.Event()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)

        def kill() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(limit, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        run = Run(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            peak_mb=usage.ru_maxrss * 1024 / MB,  # ru_maxrss is in KiB on Linux
            returncode=process.returncode,
            timed_out=timed_out.is_set(),
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )
    if not run.ok and not run.timed_out:
        progress(f"  failed (exit {run.returncode}): {' '.join(command)}\n{run.stderr[-2000:]}")
    return run


@dataclass(frozen=True)
class Measured:
    """Several runs of one command: the median time, the largest peak, or why there is no number."""

    seconds: float | None
    peak_mb: float | None
    problem: str = ""  # "not finished within 120 s", "failed (exit 1)", "not run ..."

    @staticmethod
    def of(runs: list[Run], limit: float) -> Measured:
        for run in runs:
            if run.timed_out:
                return Measured(None, None, f"not finished within {limit:.0f} s")
            if run.returncode != 0:
                return Measured(None, None, f"failed (exit {run.returncode})")
        return Measured(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))

    def seconds_cell(self, digits: int = 2) -> str:
        return self.problem if self.seconds is None else f"{self.seconds:.{digits}f}"

    def peak_cell(self) -> str:
        return "" if self.peak_mb is None else f"{self.peak_mb:.0f}"


def environment(solver: str | None) -> dict[str, str]:
    """This process's environment with SOFIN_SOLVER set to `solver`, or removed: sofin's own choice. Without
    PYTHONDONTWRITEBYTECODE: an install has sofin's bytecode (pip compiles it), and the bench venv's editable one
    gets it from the first, untimed run, instead of every timed run compiling sofin again."""
    unset = ("SOFIN_SOLVER", "PYTHONDONTWRITEBYTECODE")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    if solver is not None:
        env["SOFIN_SOLVER"] = solver
    return env


def allocate_command(strategy: Path, output: Path, year: int = YEAR) -> list[str]:
    return [str(SOFIN), "allocate", str(year), "-s", str(strategy), "-f", "json", "-o", str(output)]


def plan_command(strategy: Path, output: Path) -> list[str]:
    return [str(SOFIN), "plan", "-s", str(strategy), "-f", "json", "-o", str(output)]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Markdown


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A table whose columns of numbers are right-aligned, the others left-aligned."""
    columns = list(zip(*rows)) if rows else [()] * len(header)
    rules = ["---:" if is_number_column(column) else "---" for column in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def is_number_column(cells: tuple[str, ...]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(re.fullmatch(r"-?[\d,]*\.?\d+( MB|%)?", cell) for cell in filled)


def section(title: str, how: str, body: str) -> None:
    print(f"## {title}\n\n{how}\n\n{body}\n", flush=True)


def runs_text(repeats: int, single_when_large: bool = True) -> str:
    """How many runs a time is the median of, as the sections' notes say it."""
    if repeats == 1:
        return "a single run"
    return f"median of {repeats} runs" + (f" (a single run above {LARGE:,} figures)" if single_when_large else "")


def yes_no(condition: bool) -> str:
    return "yes" if condition else "NO"


# ---------------------------------------------------------------------------------------------
# 1. Machine


def machine_section() -> None:
    from importlib.metadata import version

    rows = [
        ["platform", platform.platform()],
        ["processor", platform.machine()],
        ["CPUs (os.cpu_count)", str(os.cpu_count())],
        ["Python", platform.python_version()],
        ["date", datetime.date.today().isoformat()],
        ["sofin", f"{version('sofin')} ({git_state()})"],
        ["highspy / OR-Tools", f"{version('highspy')} / {version('ortools')}"],
    ]
    section("Machine", "As reported by the interpreter that ran this script.", markdown_table(["", "value"], rows))


def git_state() -> str:
    """The commit, and whether the working tree differs from it (benchmarks often run mid-work)."""
    git = ["git", "--no-optional-locks", "-C", str(REPO)]  # no index lock: someone else may be using git
    try:
        commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    changed = len(status.stdout.splitlines())
    return f"commit {commit.stdout.strip()}" + (f", {changed} files changed or new" if changed else "")


# ---------------------------------------------------------------------------------------------
# 2. Plain install: size, heavy dependencies, cold start


PIP_TOOLS = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth")


def plain_install_section(settings: Settings, work: Path) -> None:
    progress("plain install: python -m venv, pip install (non-editable, no extras)")
    venv = plain_install(work)
    site_packages = next(venv.glob("lib/python*/site-packages"))
    total, tools = site_packages_bytes(site_packages)
    present = heavy_packages(venv)
    rows = [
        ["site-packages, all files", f"{total / MB:.1f} MB"],
        ["the same without the venv's own pip and setuptools", f"{(total - tools) / MB:.1f} MB"],
        *[[f"`{name}` installed", "yes" if found else "no"] for name, found in present.items()],
    ]
    how = (
        "A new venv (`python -m venv`), then `pip install --quiet --disable-pip-version-check` of a copy of "
        "this repository (non-editable, no extras; a copy so that the build leaves nothing in `src/`). "
        "Size: the sum of the sizes of the regular files under site-packages (os.walk, symlinks not "
        f"followed), MB = 2^20 bytes. Distributions installed: {installed_distributions(venv)}."
    )
    section("Plain install", how, markdown_table(["", "value"], rows))
    cold_start_section(settings, venv)


def plain_install(work: Path) -> Path:
    """A venv with sofin as users install it. pip builds a local project in its own folder (creating
    src/sofin.egg-info and build/), so it builds a copy: the working tree is someone else's."""
    source = work / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(source)], check=True, stdout=sys.stderr)
    return venv


def site_packages_bytes(site_packages: Path) -> tuple[int, int]:
    """All regular files' bytes, and those of them that belong to pip and setuptools."""
    total = tools = 0
    for top in site_packages.iterdir():
        size = tree_bytes(top)
        total += size
        if top.name.startswith(PIP_TOOLS):
            tools += size
    return total, tools


def tree_bytes(path: Path) -> int:
    """The bytes of the regular files at or under `path`; symlinks are neither counted nor followed."""
    if path.is_symlink():
        return 0
    if not path.is_dir():
        return path.stat().st_size
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            file = Path(folder, name)
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def heavy_packages(venv: Path) -> dict[str, bool]:
    code = (
        "import importlib.util, json; "
        "print(json.dumps({n: importlib.util.find_spec(n) is not None for n in ('numpy', 'ortools', 'pandas')}))"
    )
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def installed_distributions(venv: Path) -> str:
    code = (
        "import importlib.metadata as m; "
        "print(', '.join(sorted((d.metadata['Name'] for d in m.distributions()), key=str.lower)))"
    )
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def cold_start_section(settings: Settings, venv: Path) -> None:
    progress("cold start")
    commands = {
        "`sofin allocate 2025`": [str(venv / "bin" / "sofin"), "allocate", str(YEAR)],
        "an empty typer app with the same options (`benchmarks/empty_cli.py allocate 2025`)": [
            str(venv / "bin" / "python"),
            str(HERE / "empty_cli.py"),
            "allocate",
            str(YEAR),
        ],
    }
    times = interleaved_wall_times(commands, settings.cold_start_repeats)
    sofin, empty = (statistics.median(values) for values in times.values())
    rows = [[name, f"{statistics.median(values):.3f}"] for name, values in times.items()]
    rows.append(["ratio sofin / empty app (target ≤ 1.75)", f"{sofin / empty:.2f}"])
    how = (
        f"Both from the plain install above, stdout to /dev/null, interleaved (so both see the same load), "
        f"after one untimed run of each; median of {settings.cold_start_repeats} wall times in seconds. "
        "`sofin allocate 2025` prints the bundled strategy's table."
    )
    section("Plain install: cold start", how, markdown_table(["command", "seconds"], rows))


def interleaved_wall_times(commands: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    for command in commands.values():  # warm the disk cache and compile the new venv's bytecode
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return times


# ---------------------------------------------------------------------------------------------
# 3. End to end, allocate 2025, each solver


@dataclass(frozen=True)
class SolverRuns:
    size: Size
    by_solver: dict[str, Measured]
    identical: str  # "yes", "NO", or "" when a run is missing
    output: Path | None  # an allocate JSON of this size, for its rounding_error


def strategy_file(work: Path, size: Size) -> Path:
    """The synthetic strategy of `size`, written once per run."""
    path = work / f"strategy_{'x'.join(map(str, size))}.yaml"
    if not path.exists():
        sys.path.insert(0, str(HERE))  # benchmarks/ is not a package
        from strategy import strategy_yaml

        path.write_text(strategy_yaml(*size), encoding="utf-8")
    return path


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
# 4. plan, and allocate with sofin's own choice of solver


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
# 5. Stage breakdown, measured inside a child that runs the library's pipeline

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
        command = [sys.executable, str(Path(__file__).resolve()), "--stages", str(strategy), str(output)]
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


# ---------------------------------------------------------------------------------------------
# 6. HiGHS on the same rounding problem, formulated as a network


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
    command = [sys.executable, str(Path(__file__).resolve()), "--highs", kind, str(strategy)]
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


# ---------------------------------------------------------------------------------------------
# 7. Tall and wide tables: every command that rounds, not only square sizes

# (label, size, the shipped four-municipality key): tall tables are where ties pile up in the tie
# rule's search (many rows, the same four shares); wide ones where explain compares many figures.
SHAPES = [
    ("tall, Kras key", (4, 300, 10), True),
    ("tall, Kras key", (4, 1000, 10), True),
    ("wide", (500, 4, 2), False),
    ("wide", (1000, 10, 2), False),
]


def shape_file(work: Path, size: Size, kras: bool) -> Path:
    path = work / f"shape_{'x'.join(map(str, size))}{'_kras' if kras else ''}.yaml"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from strategy import strategy_yaml

        path.write_text(strategy_yaml(*size, kras=kras), encoding="utf-8")
    return path


def shapes_section(settings: Settings, work: Path) -> None:
    rows = []
    for label, size, kras in SHAPES:
        strategy = shape_file(work, size, kras)
        output = work / "shape_out.txt"
        commands = {
            "allocate": allocate_command(strategy, work / "shape_allocate.json"),
            "explain": [str(SOFIN), "explain", str(YEAR), "/", "-s", str(strategy), "-o", str(output)],
            "diff": [str(SOFIN), "diff", str(YEAR), str(YEAR + 1), "-s", str(strategy), "-o", str(output)],
        }
        progress(f"shapes {label} {size_label(size)}: {', '.join(commands)}, HiGHS LP")
        measured = {
            name: Measured.of([run_child(command, settings.limit) for _ in range(settings.repeats)], settings.limit)
            for name, command in commands.items()
        }
        lp_run, lp = run_highs("lp", strategy, settings.limit, settings.repeats)
        rows.append(
            [
                label,
                size_label(size),
                f"{figures(size):,}",
                *(measured[name].seconds_cell() for name in commands),
                highs_seconds_cell(lp_run, lp),
            ]
        )
    how = (
        "`sofin allocate 2025 -s FILE -f json -o OUT`, `sofin explain 2025 / -s FILE -o OUT` (the grand total: "
        "every payer's figure, with what rounding it the other way would cost) and `sofin diff 2025 2026 -s FILE "
        f"-o OUT`, sofin's choice of solver, wall seconds from start to exit, {runs_text(settings.repeats)}; "
        "beside HiGHS's dual simplex solving the same rounding's LP (`h.run()` alone, as in the HiGHS section). "
        "Tall tables use the shipped key (50.78/16.35/17.55/15.32 %), wide ones a random population-like key "
        "(`benchmarks/strategy.py`)."
    )
    header = ["shape", "payers × societies × lines", "figures", "allocate s", "explain / s", "diff s", "HiGHS LP s"]
    section("Tall and wide tables: allocate, explain, diff", how, markdown_table(header, rows))


# ---------------------------------------------------------------------------------------------
# 8. Break-even of the two solvers


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


# ---------------------------------------------------------------------------------------------
# 9. The pay law: every staff amount with `pay`, against the same strategy without it

PAY_SIZE: Size = (212, 100, 10)  # the national table
PAY_YEAR = 2027  # the base year 2025 is declared; the pay law computes the years after it
PAY_TARGET = 1.1  # issue 22: with `pay`, allocate and plan take at most 1.1x their time without it
# (label, items in each staff line): pay blocks on the staff lines themselves (the file without pay
# is then the very file of the sections above), or on three items of every staff line.
PAY_VARIANTS = [("staff lines with pay", 0), ("3 items a staff line, each with pay", 3)]


def pay_files(work: Path, size: Size, staff_items: int) -> tuple[Path, Path]:
    """The strategy with a pay block on every staff amount, and the same strategy without the blocks."""
    sys.path.insert(0, str(HERE))
    from strategy import strategy_yaml

    paths = []
    for pay in (True, False):
        path = work / f"pay_{'x'.join(map(str, size))}_items{staff_items}_{'with' if pay else 'without'}.yaml"
        path.write_text(strategy_yaml(*size, pay=pay, staff_items=staff_items), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def pay_parts(size: Size, staff_items: int) -> int:
    """Amounts that follow the pay law: every staff line (even-numbered lines), or each of its items."""
    _, societies, lines = size
    return societies * ((lines + 1) // 2) * max(1, staff_items)


def pay_repeats(settings: Settings) -> int:
    """Pairs of runs: a 10 % bound needs more of them than the other sections' medians."""
    return 3 if settings.quick else 15


def pay_section(settings: Settings, work: Path) -> None:
    rows = []
    repeats = pay_repeats(settings)
    for label, staff_items in PAY_VARIANTS:
        with_pay, without_pay = pay_files(work, PAY_SIZE, staff_items)
        outputs = {pay: work / f"pay_out_{'with' if pay else 'without'}.json" for pay in (True, False)}
        for name in ("allocate", "plan"):
            progress(f"pay law, {label}: {name}, {repeats} pairs")
            commands = {
                pay: allocate_command(strategy, outputs[pay], PAY_YEAR)
                if name == "allocate"
                else plan_command(strategy, outputs[pay])
                for pay, strategy in ((True, with_pay), (False, without_pay))
            }
            runs = paired_runs(commands, repeats, settings.limit)  # with, without, with, without, ...
            cells = [label, f"`{name}`", f"{pay_parts(PAY_SIZE, staff_items):,}"]
            rows.append(paired_row(cells, runs, outputs, settings.limit, PAY_TARGET))
    how = (
        f"`sofin allocate {PAY_YEAR} -s FILE -f json -o OUT` and `sofin plan -s FILE -f json -o OUT` on the "
        f"national table ({size_label(PAY_SIZE)}, {figures(PAY_SIZE):,} figures), sofin's choice of solver, "
        "with a `pay` block on every staff amount (`benchmarks/strategy.py --pay`: before 1,500–4,000 EUR with "
        "cents, target 10–30 % above, other 0–10 % of the amount, the shipped schedule) against the same "
        "strategy without the blocks (the same amounts and lines); in turn, with and without, "
        f"{repeats} pairs after one untimed. Wall seconds from start to exit: median (min–max); with / without: "
        "the ratio pair by pair, its median (min–max), wall and CPU (user + system). Pay parts: amounts that "
        f"follow the pay law. Target: with / without ≤ {PAY_TARGET} (issue 22)."
    )
    header = [
        "pay blocks on",
        "command",
        "pay parts",
        "with pay s",
        "without s",
        "with / without, wall",
        "with / without, CPU",
        f"≤ {PAY_TARGET}",
        "out.json bytes with / without",
    ]
    section("The pay law: with `pay` against without", how, markdown_table(header, rows))


def paired_row(
    cells: list[str], runs: dict[bool, list[Run]], outputs: dict[bool, Path], limit: float, target: float
) -> list[str]:
    """A row after its first `cells`: each side's seconds, their ratios (wall and CPU), whether the ratio's
    median is within `target`, and the outputs' sizes (with / without)."""
    measured = {side: Measured.of(runs[side], limit) for side in (True, False)}
    if any(each.seconds is None for each in measured.values()):
        return cells + [measured[True].seconds_cell(), measured[False].seconds_cell(), "", "", "", ""]
    wall = [a.seconds / b.seconds for a, b in zip(runs[True], runs[False])]
    cpu = [a.cpu_seconds / b.cpu_seconds for a, b in zip(runs[True], runs[False])]
    return cells + [
        spread([run.seconds for run in runs[True]]),
        spread([run.seconds for run in runs[False]]),
        spread(wall, 3),
        spread(cpu, 3),
        yes_no(statistics.median(wall) <= target),
        f"{outputs[True].stat().st_size:,} / {outputs[False].stat().st_size:,}",
    ]


def spread(values: list[float], digits: int = 2) -> str:
    """The median, and the least and greatest value: 3.41 (3.20–3.90)."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


# ---------------------------------------------------------------------------------------------
# 10. Several keys (issue 24): the national table with three keys of its own, against one key

KEYS_SIZE: Size = (212, 100, 10)  # the national table
KEYS_TARGET = 1.2  # issue 24: end to end, within 1.2x the one-key run in the same benchmark run


def keys_files(work: Path, size: Size) -> tuple[Path, Path]:
    """The strategy with three keys of its own (`strategy.py --keys`), and the same strategy without them."""
    sys.path.insert(0, str(HERE))
    from strategy import strategy_yaml

    paths = []
    for keys in (True, False):
        path = work / f"keys_{'x'.join(map(str, size))}_{'three' if keys else 'one'}.yaml"
        path.write_text(strategy_yaml(*size, keys=keys), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def keyed_lines(strategy: Path) -> dict[str, int]:
    """How many lines each key splits, read back from the file as sofin reads it."""
    from sofin.keys import line_key
    from sofin.load import load_strategy_file

    counts: dict[str, int] = {}
    for society in load_strategy_file(strategy).strategy.societies:
        for line in society.lines:
            name = line_key(society, line)
            counts[name] = counts.get(name, 0) + 1
    return counts


def keys_section(settings: Settings, work: Path) -> None:
    rows = []
    repeats = pay_repeats(settings)
    three, one = keys_files(work, KEYS_SIZE)
    outputs = {keys: work / f"keys_out_{'three' if keys else 'one'}.json" for keys in (True, False)}
    for name in ("allocate", "plan"):
        progress(f"several keys: {name}, {repeats} pairs")
        commands = {
            keys: allocate_command(strategy, outputs[keys])
            if name == "allocate"
            else plan_command(strategy, outputs[keys])
            for keys, strategy in ((True, three), (False, one))
        }
        runs = paired_runs(commands, repeats, settings.limit)
        rows.append(paired_row([f"`{name}`"], runs, outputs, settings.limit, KEYS_TARGET))
    counts = ", ".join(f"{key} {lines:,}" for key, lines in keyed_lines(three).items())
    how = (
        f"`sofin allocate {YEAR} -s FILE -f json -o OUT` and `sofin plan -s FILE -f json -o OUT` on the national "
        f"table ({size_label(KEYS_SIZE)}, {figures(KEYS_SIZE):,} figures), sofin's choice of solver, with three "
        "keys of its own (`benchmarks/strategy.py --keys`: `povrsina` population-like over every payer, "
        "`obseg-dela` a third of the payers, `mesano` a mix of 50 `default` and 50 `obseg-dela`; a third of the "
        "societies each, one line in five its own key) against the same strategy without them (the same "
        f"amounts and default key). Lines by key: {counts}. In turn, three keys and one, {repeats} pairs after "
        "one untimed. Wall seconds from start to exit: median (min–max); three / one: the ratio pair by pair, "
        f"its median (min–max), wall and CPU (user + system). Target: three / one ≤ {KEYS_TARGET} (issue 24)."
    )
    header = [
        "command",
        "three keys s",
        "one key s",
        "three / one, wall",
        "three / one, CPU",
        f"≤ {KEYS_TARGET}",
        "out.json bytes three / one",
    ]
    section("Several keys: three keys against one", how, markdown_table(header, rows))


def paired_runs(commands: dict[bool, list[str]], repeats: int, limit: float) -> dict[bool, list[Run]]:
    """Each command in turn (A B A B ...), `repeats` pairs after one untimed: a pair sees the same load."""
    runs: dict[bool, list[Run]] = {side: [] for side in commands}
    for repeat in range(1 + repeats):
        for side, command in commands.items():
            run = run_child(command, limit, environment(None))
            if repeat:  # the first pair warms the disk cache, untimed
                runs[side].append(run)
    return runs


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repetitions (a few minutes)")
    parser.add_argument("--all-solvers", action="store_true", help=f"the Python solver above {LARGE:,} figures too")
    parser.add_argument("--stages", nargs=2, metavar=("STRATEGY", "OUTPUT"), help=argparse.SUPPRESS)
    parser.add_argument("--highs", nargs=2, metavar=("KIND", "STRATEGY"), help=argparse.SUPPRESS)
    parser.add_argument("--shapes", action="store_true", help="only the tall and wide tables")
    parser.add_argument("--pay", action="store_true", help="only the pay law: with `pay` against without")
    parser.add_argument("--keys", action="store_true", help="only several keys: three keys against one")
    parser.add_argument("--break-even", action="store_true", help="only the break-even of the two solvers")
    args = parser.parse_args()
    if args.stages:
        stages_child(*map(Path, args.stages))
        return
    if args.highs:
        kind, strategy = args.highs
        highs_child(kind, Path(strategy))
        return

    settings = Settings.from_arguments(args.quick, args.all_solvers)
    chosen = {"shapes": shapes_section, "pay": pay_section, "keys": keys_section, "break_even": break_even_section}
    only = next((section for flag, section in chosen.items() if getattr(args, flag)), None)
    if only is not None:
        with tempfile.TemporaryDirectory(prefix="sofin-bench-") as temporary:
            only(settings, Path(temporary))
        return
    print(f"# sofin benchmarks{' (--quick)' if settings.quick else ''}\n", flush=True)
    machine_section()
    with tempfile.TemporaryDirectory(prefix="sofin-bench-") as temporary:
        work = Path(temporary)
        plain_install_section(settings, work)
        end_to_end = end_to_end_section(settings, work)
        allocate_times = default_solver_section(settings, work)
        stages_section(settings, work, allocate_times)
        highs_section(settings, work, end_to_end)
        shapes_section(settings, work)
        break_even_section(settings, work)
        pay_section(settings, work)
        keys_section(settings, work)


if __name__ == "__main__":
    main()
