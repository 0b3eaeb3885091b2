"""sofin's benchmarks: the `sofin` command end to end, beside HiGHS on the same problem. Prints Markdown.

    .venv/bin/python benchmarks/run.py                  # the full run (up to 2.3 million figures)
    .venv/bin/python benchmarks/run.py --quick          # fewer sizes and repetitions: a few minutes
    .venv/bin/python benchmarks/run.py --all-solvers    # also the pure-Python solver above 300,000 figures
    .venv/bin/python benchmarks/run.py --pay            # only the pay law: with `pay` against without
    .venv/bin/python benchmarks/run.py --keys           # only several keys: three keys against one

This script is the runner: each section lives in a sibling module named for what it measures:
install.py (install size, cold start), solvers.py (allocate and plan by solver, growth, break-even),
stages.py (allocate stage by stage), highs.py (HiGHS on the same problem), shapes.py (tall and wide
tables), paired.py (the pay law, several keys); measure.py holds what they share (a child timed, the
report's Markdown). BENCHMARKS.md's one table (every figure beside its anchor) is benchmarks/table.py's,
which uses measure.py, install.py and highs.py.

What is timed is what users run: `sofin allocate 2025 -s FILE -f json -o OUT` (and `sofin plan`), a
fresh process each time, from start to the output file written. Every measured child is its own
process, so its peak resident size (from os.wait4) is that run's alone, and each has a time limit,
so that a size that does not finish is reported as such instead of stalling the run. Progress goes
to stderr, the report to stdout. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from highs import highs_child, highs_section
from install import plain_install_section
from measure import LARGE, Settings, machine_section
from paired import keys_section, pay_section
from shapes import shapes_section
from solvers import break_even_section, default_solver_section, end_to_end_section
from stages import stages_child, stages_section


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
