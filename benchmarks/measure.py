"""What every benchmark shares: the sizes, a child process timed (wall and CPU time, peak memory,
a time limit), the median of several runs, the synthetic strategies, and the Markdown of the report.

benchmarks/ is no package: run.py and table.py, the entry points, run from this folder, so that
their sibling modules import by their own names (table.py puts the folder on sys.path).
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RUN = HERE / "run.py"  # the entry point whose --stages and --highs the measuring children run
SOFIN = Path(sys.executable).with_name("sofin")
YEAR = 2025
SOLVERS = ("python", "ortools")
Size = tuple[int, int, int]  # payers, societies, lines per society

QUICK_SIZES: list[Size] = [(20, 10, 10), (50, 20, 10), (100, 20, 10), (212, 100, 10)]
FULL_SIZES: list[Size] = QUICK_SIZES + [(100, 50, 10), (212, 1000, 10)]  # 212 x 1000 x 10: 2.3 M figures
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


@dataclass(frozen=True)
class SolverRuns:
    """One size's `sofin allocate` with each solver (solvers.py), which HiGHS's section compares with."""

    size: Size
    by_solver: dict[str, Measured]
    identical: str  # "yes", "NO", or "" when a run is missing
    output: Path | None  # an allocate JSON of this size, for its rounding_error


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
# The synthetic strategies


def strategy_file(work: Path, size: Size) -> Path:
    """The synthetic strategy of `size`, written once per run."""
    path = work / f"strategy_{'x'.join(map(str, size))}.yaml"
    if not path.exists():
        sys.path.insert(0, str(HERE))  # benchmarks/ is not a package
        from strategy import strategy_yaml

        path.write_text(strategy_yaml(*size), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Machine


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
