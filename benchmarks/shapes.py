"""Tall and wide tables, not only square ones: allocate, explain and diff beside HiGHS's LP of the same table."""

from __future__ import annotations

import sys
from pathlib import Path

from highs import highs_seconds_cell, run_highs
from measure import (
    HERE,
    SOFIN,
    YEAR,
    Measured,
    Settings,
    Size,
    allocate_command,
    figures,
    markdown_table,
    progress,
    run_child,
    runs_text,
    section,
    size_label,
)

# Tall and wide tables: every command that rounds, not only square sizes

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
