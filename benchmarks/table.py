"""One table of every end-to-end figure beside its anchor, measured in one run (issue 27 item 5). Prints Markdown.

    .venv/bin/python benchmarks/table.py                  # 58k, 233k and 2.3 M figures (meant to take ≤ 35 min)
    .venv/bin/python benchmarks/table.py --quick          # 2k and 21k figures, one round: about two minutes
    .venv/bin/python benchmarks/table.py --sizes 212x25x10 --repeats 3 --limit 120 --no-install

Each row is one command as users run it, a fresh process from start to exit, beside its anchor: the
figure it is compared against, measured in the same run. Within a size every command runs once a
round, in turn, for `--repeats` rounds (one above 300,000 figures), so that each sees the same load;
a figure is the median of its rounds, the ratio is figure / anchor. A command that does not finish
within `--limit` seconds is killed and its cell says so. What runs and measures a child (time, peak
memory, the limit) is measure.py's, the plain install install.py's, HiGHS's model highs.py's.
Progress goes to stderr, the Markdown to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import io
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # benchmarks/ is no package: its modules are siblings

import measure  # noqa: E402
from highs import highs_model, rounding_problem, same_optimum, sofin_rounding_error  # noqa: E402
from install import interleaved_wall_times, plain_install  # noqa: E402
from measure import LARGE, YEAR, Measured, Run, Size, figures, markdown_table, progress, run_child  # noqa: E402

FULL_SIZES: list[Size] = [(212, 25, 10), (212, 100, 10), (212, 1000, 10)]  # 58,512, 233,412, 2,332,212 figures
QUICK_SIZES: list[Size] = [(20, 10, 10), (212, 9, 10)]  # 2,220 and 21,200 figures
NATIONAL: Size = (212, 100, 10)
# Issue 27's targets: the pure-Python solver at most 2.5x the scipy HiGHS solve, growing with an exponent
# of at most 1.2 up to the national table; check at most 1x allocate, diff of two tables 1.5x, the text
# table 1.3x the JSON; the plain install at most 40 MB, its cold start at most 1.4x the empty app.
PYTHON_TARGET, GROWTH_TARGET = 2.5, 1.2
CHECK_TARGET, DIFF_TARGET, TEXT_TARGET = 1.0, 1.5, 1.3
INSTALL_TARGET_MB, COLD_START_TARGET = 40, 1.4
# What the install size leaves out: the venv's own installer (pip, setuptools and the
# files setuptools adds beside itself).
NOT_COUNTED = r"^(pip|setuptools|_distutils_hack|pkg_resources|distutils-precedence\.pth)"
DU = f"du -smc $(ls -A | grep -Ev '{NOT_COUNTED}') | tail -1"


# ---------------------------------------------------------------------------------------------
# What is timed


@dataclass(frozen=True)
class Command:
    """One command of a size's rounds, as the table shows it; `argv` is that text with its placeholders
    filled in, so that what runs is what is shown."""

    key: str
    what: str
    shown: str
    argv: list[str]
    solver: str | None  # SOFIN_SOLVER, or None: the environment as it is
    anchor: str  # the anchor's key, or "" for none
    target: float | None
    solve: bool  # a HiGHS child: the figure is the solve it prints, not the wall time


ALLOCATE, SOLVE = "allocate → JSON, OR-Tools", "scipy HiGHS solve"  # the anchors' names
WHAT = {
    "ortools": f"{ALLOCATE} (`large` extra)",
    "python": "allocate → JSON, pure-Python solver (plain install)",
    "text": "allocate → text table",
    "check": "check a JSON table",
    "check-s": "check a JSON table against the strategy",
    "check-md": "check a JSON table → Markdown, with its corrected table",
    "diff": "diff of two JSON tables",
    "diff-years": "diff of two years of the strategy",
    "explain": "explain the grand total (every payer)",
    "plan": "plan → JSON (5 years)",
    "linprog": f'{SOLVE}: `linprog(method="highs-ds")`, the call alone',
    "highspy": "HiGHS dual simplex: `highspy`, `h.run()` alone",
}
# (key; SOFIN_SOLVER: a solver, "audit" for --audit-solver's, "" for none; the command; its anchor's key;
# the target for figure / anchor), in the order of a round, which is the table's. The
# placeholders ($S, $T2025, $T2026, $OUT) are defined once in the report's commands section.
COMMANDS: list[tuple[str, str, str, str, float | None]] = [
    ("ortools", "ortools", "sofin allocate 2025 -s $S -f json -o $OUT", "linprog", None),
    ("python", "python", "sofin allocate 2025 -s $S -f json -o $OUT", "linprog", PYTHON_TARGET),
    ("text", "audit", "sofin allocate 2025 -s $S -f table -o $OUT", "ortools", TEXT_TARGET),
    ("check", "audit", "sofin check $T2025 -o $OUT", "ortools", CHECK_TARGET),
    ("check-s", "audit", "sofin check $T2025 -s $S -o $OUT", "ortools", None),
    ("check-md", "audit", "sofin check $T2025 -f markdown -o $OUT", "ortools", None),
    ("diff", "audit", "sofin diff $T2025 $T2026 -o $OUT", "ortools", DIFF_TARGET),
    ("diff-years", "audit", "sofin diff 2025 2026 -s $S -o $OUT", "ortools", None),
    ("explain", "audit", "sofin explain 2025 / -s $S -o $OUT", "ortools", None),
    ("plan", "audit", "sofin plan -s $S -f json -o $OUT", "ortools", None),
    ("linprog", "", "python benchmarks/table.py --linprog $S", "", None),
    ("highspy", "", "python benchmarks/run.py --highs lp $S", "linprog", None),
]


def commands(strategy: Path, tables: tuple[Path, Path], work: Path, audit_solver: str) -> list[Command]:
    """Every timed command of one size, in the order of a round."""
    made = []
    for key, solver, shown, anchor, target in COMMANDS:
        solver = audit_solver if solver == "audit" else solver
        places = {
            "$S": str(strategy),
            "$T2025": str(tables[0]),
            "$T2026": str(tables[1]),
            "$OUT": str(output(work, key)),
            "sofin": str(measure.SOFIN),
            "python": sys.executable,
            "benchmarks/run.py": str(HERE / "run.py"),
            "benchmarks/table.py": str(HERE / "table.py"),
        }
        argv = [places.get(word, word) for word in shown.split()]
        prefix = f"SOFIN_SOLVER={solver} " if solver else ""
        solve = key in ("linprog", "highspy")
        made.append(Command(key, WHAT[key], prefix + shown, argv, solver or None, anchor, target, solve))
    return made


def output(work: Path, key: str) -> Path:
    return work / f"out.{key}"


@dataclass
class Timed:
    """A command and its runs so far, one a round."""

    command: Command
    runs: list[Run]

    def measured(self, limit: float) -> Measured:
        measured = Measured.of(self.runs, limit)
        if any(each.timed_out for each in self.runs):  # its peak so far still says something
            return Measured(None, max(each.peak_mb for each in self.runs), f"over {limit:g} s")
        if measured.seconds is None:
            return measured
        if self.command.solve:
            return Measured(statistics.median(float(result["seconds"]) for result in self.results()), measured.peak_mb)
        return measured

    def cpu_cell(self) -> str:
        """The median CPU seconds (user + system) of a sofin command: on a busy machine, what wall time hides."""
        if self.command.solve or not all(each.ok or each.timed_out for each in self.runs):
            return ""
        return f"{statistics.median(each.cpu_seconds for each in self.runs):.2f}"

    def results(self) -> list[dict[str, Any]]:
        """What each HiGHS child printed as its last line."""
        return [json.loads(each.stdout.splitlines()[-1]) for each in self.runs]


def linprog_child(strategy: Path) -> None:
    """Runs in a child process: highs.py's network LP handed to scipy's linprog; times the call alone and
    prints what highs.py's HiGHS child prints, as JSON on the last line."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csc_matrix

    lp = highs_model(rounding_problem(strategy), integer=False)
    matrix = lp.a_matrix_
    a_eq = csc_matrix(
        (np.asarray(matrix.value_), np.asarray(matrix.index_), np.asarray(matrix.start_)),
        shape=(lp.num_row_, lp.num_col_),
    )
    costs, rhs = np.asarray(lp.col_cost_), np.asarray(lp.row_lower_)
    start = time.perf_counter()
    result = linprog(costs, A_eq=a_eq, b_eq=rhs, bounds=(0, 1), method="highs-ds")
    seconds = time.perf_counter() - start
    optimal = result.status == 0
    objective = float(result.fun) + lp.offset_ if optimal else None
    printed = {"seconds": seconds, "status": result.message, "optimal": optimal, "objective": objective}
    printed |= {"variables": lp.num_col_, "equations": lp.num_row_}
    print("\n" + json.dumps(printed))


# ---------------------------------------------------------------------------------------------
# One size: its files, its rounds


@dataclass
class SizeResult:
    size: Size
    timed: dict[str, Timed]
    notes: dict[str, str]  # a command's key -> what its output was checked for


def measure_size(size: Size, work: Path, repeats: int, limit: float, audit_solver: str) -> SizeResult:
    work.mkdir(parents=True, exist_ok=True)
    strategy = measure.strategy_file(work, size)
    tables = (work / f"table_{YEAR}.json", work / f"table_{YEAR + 1}.json")
    for year, table in zip((YEAR, YEAR + 1), tables):  # what check and diff read; not timed (warms the cache)
        done = run_child(measure.allocate_command(strategy, table, year), limit, measure.environment(audit_solver))
        if done.timed_out:  # run_child says why a run failed, not that it ran out of time
            progress(f"  the {year} table was not made within {limit:g} s")
    timed = {command.key: Timed(command, []) for command in commands(strategy, tables, work, audit_solver)}
    for round_number in range(repeats):
        for each in timed.values():
            if any(done.timed_out for done in each.runs):  # over the limit once: its cell says so already
                continue
            started = time.perf_counter()
            each.runs.append(run_child(each.command.argv, limit, measure.environment(each.command.solver)))
            took = time.perf_counter() - started
            progress(f"  {measure.size_label(size)} round {round_number + 1}: {each.command.key} {took:.1f} s")
    return SizeResult(size, timed, output_notes(timed, work, tables[0]))


def output_notes(timed: dict[str, Timed], work: Path, table: Path) -> dict[str, str]:
    """Whether the two solvers wrote the same bytes, and whether HiGHS found sofin's optimum."""
    notes = {}
    if all(each.ok for key in ("python", "ortools") for each in timed[key].runs):
        same = filecmp.cmp(output(work, "python"), output(work, "ortools"), shallow=False)
        notes["python"] = "same bytes as OR-Tools" if same else "DIFFERS from OR-Tools"
    error = sofin_rounding_error(table) if table.exists() else None
    for key in ("highspy", "linprog"):
        if all(each.ok for each in timed[key].runs):
            result = timed[key].results()[0]
            found = same_optimum(result, error)
            notes[key] = f"{result['variables']:,} variables; same optimum as sofin: {found or 'not compared'}"
    return notes


# ---------------------------------------------------------------------------------------------
# The plain install: size and cold start


@dataclass(frozen=True)
class Install:
    with_caches_mb: float
    without_caches_mb: float
    sofin: list[float]
    empty: list[float]


def measure_install(work: Path, repeats: int) -> Install:
    progress("plain install: python -m venv, pip install (non-editable, no extras)")
    venv = plain_install(work)
    commands = {
        "sofin": [str(venv / "bin" / "sofin"), "allocate", str(YEAR)],
        "empty": [str(venv / "bin" / "python"), str(HERE / "empty_cli.py"), "allocate", str(YEAR)],
    }
    progress(f"cold start: {repeats} pairs")
    times = interleaved_wall_times(commands, repeats)  # runs each once first: sofin has run once
    site_packages = next(venv.glob("lib/python*/site-packages"))
    return Install(du_mb(site_packages, ""), du_mb(site_packages, "--exclude=__pycache__ "), *times.values())


def du_mb(site_packages: Path, option: str) -> float:
    command = DU.replace("du -smc", f"du -smc {option}".strip())
    done = subprocess.run(command, shell=True, cwd=site_packages, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[0])


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Row:
    table: str
    what: str
    command: str
    figure: str
    cpu: str = ""
    peak: str = ""
    anchor: str = ""
    ratio: str = ""
    target: str = ""
    note: str = ""


HEADER = "figures|what|command|figure|CPU s|peak MB|anchor (same run)|ratio|issue's target|checked".split("|")


def seconds(value: float | None, problem: str = "") -> str:
    return problem if value is None else f"{value:.2f} s"


def ratio_and_target(figure: float | None, anchor: float | None, target: float | None) -> tuple[str, str]:
    if figure is None or anchor is None:
        return "", "" if target is None else f"≤ {target:g}"
    ratio = figure / anchor
    return f"{ratio:.2f}", "" if target is None else f"≤ {target:g}: {measure.yes_no(ratio <= target)}"


def size_rows(result: SizeResult, limit: float) -> list[Row]:
    measured = {key: each.measured(limit) for key, each in result.timed.items()}
    names = {"ortools": ALLOCATE, "linprog": SOLVE}
    rows = []
    for key, timed in result.timed.items():
        command, figure = timed.command, measured[key]
        anchor = measured[command.anchor] if command.anchor else None
        # The issue sets its targets for the national table; other sizes show the ratio alone.
        goal = command.target if result.size == NATIONAL else None
        ratio, target = ratio_and_target(figure.seconds, anchor.seconds if anchor else None, goal)
        anchor_cell = f"{names[command.anchor]}: {seconds(anchor.seconds, anchor.problem)}" if anchor else ""
        rows.append(
            Row(
                f"{figures(result.size):,}",
                command.what,
                f"`{command.shown}`",
                seconds(figure.seconds, figure.problem),
                timed.cpu_cell(),
                figure.peak_cell(),
                anchor_cell,
                ratio,
                target,
                result.notes.get(key, ""),
            )
        )
    return rows


def growth_rows(results: list[SizeResult], limit: float) -> list[Row]:
    """log(t2 / t1) / log(n2 / n1) of each solver's allocate between consecutive sizes (1 = linear)."""
    rows = []
    for before, after in zip(results, results[1:]):
        for key in ("python", "ortools"):
            t1, t2 = (result.timed[key].measured(limit).seconds for result in (before, after))
            n1, n2 = figures(before.size), figures(after.size)
            exponent = "" if t1 is None or t2 is None else f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"
            target = f"≤ {GROWTH_TARGET}" if key == "python" and after.size == NATIONAL else ""
            if target and exponent:
                target += f": {measure.yes_no(float(exponent) <= GROWTH_TARGET)}"
            rows.append(
                Row(
                    f"{n1:,} → {n2:,}",
                    f"growth exponent of allocate → JSON, {'pure-Python solver' if key == 'python' else 'OR-Tools'}",
                    "log(t2 / t1) / log(n2 / n1) of the allocate rows",
                    exponent or "no time to compare",
                    target=target,
                    note="1 = linear; start-up included",
                )
            )
    return rows


def install_rows(install: Install) -> list[Row]:
    sofin_start, empty_start = statistics.median(install.sofin), statistics.median(install.empty)
    ratio, target = ratio_and_target(sofin_start, empty_start, COLD_START_TARGET)
    size_ratio = install.with_caches_mb / install.without_caches_mb
    size_met = measure.yes_no(install.with_caches_mb <= INSTALL_TARGET_MB)
    return [
        Row(
            "plain install",
            "install size, after sofin has run once (`__pycache__` included)",
            f"`cd $SITE && {DU}`",
            f"{install.with_caches_mb:.0f} MB",
            anchor=f"the same without `__pycache__` (`du --exclude=__pycache__`): {install.without_caches_mb:.0f} MB",
            ratio=f"{size_ratio:.2f}",
            target=f"≤ {INSTALL_TARGET_MB} MB: {size_met}",
        ),
        Row(
            "plain install",
            f"cold start, median of {len(install.sofin)} interleaved pairs",
            f"`$PLAIN/bin/sofin allocate {YEAR}`",
            f"{sofin_start:.3f} s",
            anchor=f"`$PLAIN/bin/python benchmarks/empty_cli.py allocate {YEAR}`: {empty_start:.3f} s",
            ratio=ratio,
            target=target,
        ),
    ]


def markdown(rows: list[Row]) -> str:
    """The table; a | in a cell (the install size's command) escaped, as Markdown tables need."""
    return markdown_table(HEADER, [[cell.replace("|", "\\|") for cell in row.__dict__.values()] for row in rows])


# ---------------------------------------------------------------------------------------------
# The report


def how_text(repeats: int, limit: float, audit_solver: str, sizes: list[Size]) -> str:
    shown = ", ".join(f"{measure.size_label(size)} ({figures(size):,} figures)" for size in sizes)
    rounds = f"{repeats} round{'s' * (repeats > 1)}"
    return (
        "Each figure is a command users run, wall time from process start to exit, a fresh process each "
        "time; HiGHS's two rows are the solve call alone (`h.run()`, `linprog(...)`), timed inside a child "
        "that builds the same network LP from the strategy (benchmarks/highs.py: `highs_model`). Within a "
        f"size every command runs once a round, in the order of the table, {rounds} (one above {LARGE:,} "
        "figures), after the two JSON tables that check and diff read are written (not timed); the figure "
        "is the median of the rounds, the anchor is measured in the same rounds, the ratio is figure / "
        f"anchor. Each run has a time limit of {limit:g} s: a run that reaches it is killed, is not run again "
        f'at that size, and its cell says "over {limit:g} s". CPU s: the median user + system seconds of the '
        "process (os.wait4), what wall time hides on a busy machine; peak MB: its largest resident size over "
        "the rounds (for a run killed at the limit, what it had used by then). The audits (text table, check, "
        f"diff, explain, plan) run with SOFIN_SOLVER={audit_solver}, as their anchor does; SOFIN_SOLVER=python "
        "is the solver of the plain install (no `large` extra). Every child runs without "
        "PYTHONDONTWRITEBYTECODE, so that sofin's modules are compiled once, as an install has them, not at "
        "every run (benchmarks/measure.py: `environment`). Check's text report does not show the corrected table, "
        "so check solves for it only for Markdown or a workbook (the check → Markdown row). "
        f"Strategies: `benchmarks/strategy.py PAYERS SOCIETIES LINES`: {shown}; sizes with as many payers "
        'share their key, and a smaller one\'s amounts are the first societies of the larger. "checked": the '
        "two solvers' JSON compared byte for byte; HiGHS's optimum against sofin's `rounding_error` (highs.py: "
        f"`same_optimum`). The issue's targets are for the national table ({figures(NATIONAL):,} figures): "
        "other sizes show no target."
    )


def commands_text(sizes: list[Size], audit_solver: str, install: bool) -> str:
    lines = [
        "```sh",
        "# sofin and python: the venv with the bench extra (.venv/bin/), in the repository's folder",
        "# each size: its strategy S, and the two tables T2025 and T2026 that check and diff read",
    ]
    for size in sizes:
        name = "x".join(map(str, size))
        lines.append(
            f"python benchmarks/strategy.py {' '.join(map(str, size))} > {name}.yaml  # {figures(size):,} figures"
        )
    lines += [
        f"S={'x'.join(map(str, sizes[-1]))}.yaml T2025=2025.json T2026=2026.json OUT=out  # each size in turn",
        f"SOFIN_SOLVER={audit_solver} sofin allocate {YEAR} -s $S -f json -o $T2025  # not timed",
        f"SOFIN_SOLVER={audit_solver} sofin allocate {YEAR + 1} -s $S -f json -o $T2026  # not timed",
    ]
    if install:
        lines += [
            "# the plain install: a new venv, a copy of the repository installed into it (non-editable, no extras)",
            "python -m venv $PLAIN && $PLAIN/bin/python -m pip install --quiet COPY_OF_THE_REPOSITORY",
            "SITE=$(echo $PLAIN/lib/python*/site-packages)",
        ]
    lines.append("```")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,220 and 21,200 figures, one round: tests the script")
    parser.add_argument("--sizes", help="PAYERSxSOCIETIESxLINES,... (default 212x25x10,212x100x10,212x1000x10)")
    parser.add_argument("--repeats", type=int, help="rounds at each size up to 300,000 figures (default 3; quick 1)")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds a command may take (default 300)")
    parser.add_argument("--cold-starts", type=int, help="pairs of cold starts (default 20; quick 3)")
    parser.add_argument("--no-install", action="store_true", help="without the plain install's size and cold start")
    parser.add_argument("--audit-solver", choices=measure.SOLVERS, default="ortools", help="SOFIN_SOLVER of the audits")
    parser.add_argument("--linprog", metavar="STRATEGY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.linprog:
        linprog_child(Path(args.linprog))
        return
    sizes = parse_sizes(args.sizes) if args.sizes else QUICK_SIZES if args.quick else FULL_SIZES
    repeats = args.repeats or (1 if args.quick else 3)
    cold_starts = args.cold_starts or (3 if args.quick else 20)
    report(sorted(sizes, key=figures), repeats, args.limit, cold_starts, not args.no_install, args.audit_solver)


def parse_sizes(text: str) -> list[Size]:
    """212x100x10,212x1000x10: payers x societies x lines per society, each size."""
    return [(int(p), int(s), int(lines)) for p, s, lines in (each.lower().split("x") for each in text.split(","))]


def report(sizes: list[Size], repeats: int, limit: float, cold_starts: int, install: bool, audit_solver: str) -> None:
    started = time.perf_counter()
    parts: list[str] = []  # how long each part took, for whoever plans the next run
    machine = io.StringIO()
    with contextlib.redirect_stdout(machine):
        measure.machine_section()
    print(machine.getvalue().replace("## ", "### ", 1), flush=True)  # a section of BENCHMARKS.md's "Measurements"
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sofin-table-") as temporary:
        work = Path(temporary)
        if install:
            part = time.perf_counter()
            rows += install_rows(measure_install(work, cold_starts))
            parts.append(f"plain install and cold start {minutes(part)}")
        results = []
        for size in sizes:
            part = time.perf_counter()
            progress(f"{measure.size_label(size)} ({figures(size):,} figures)")
            rounds = repeats if figures(size) <= LARGE else 1
            results.append(measure_size(size, work / "x".join(map(str, size)), rounds, limit, audit_solver))
            rows += size_rows(results[-1], limit)
            parts.append(f"{figures(size):,} figures {minutes(part)}")
        rows += growth_rows(results, limit)
    section("Every figure beside its anchor", how_text(repeats, limit, audit_solver, sizes), markdown(rows))
    how = "The placeholders of the table, each defined once:"
    section("The commands", how, commands_text(sizes, audit_solver, install))
    print(f"This run took {minutes(started)}: {', '.join(parts)}.", flush=True)


def section(title: str, how: str, body: str) -> None:
    print(f"### {title}\n\n{how}\n\n{body}\n", flush=True)


def minutes(started: float) -> str:
    return f"{(time.perf_counter() - started) / 60:.1f} min"


if __name__ == "__main__":
    main()
