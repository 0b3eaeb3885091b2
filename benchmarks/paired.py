"""One strategy against its twin, in pairs of runs: with the pay law against without (issue 22), three keys
against one (issue 24).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from measure import (
    HERE,
    YEAR,
    Measured,
    Run,
    Settings,
    Size,
    allocate_command,
    environment,
    figures,
    markdown_table,
    plan_command,
    progress,
    run_child,
    section,
    size_label,
    yes_no,
)

# The pay law: every staff amount with `pay`, against the same strategy without it

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
# Several keys (issue 24): the national table with three keys of its own, against one key

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
