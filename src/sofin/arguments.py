"""What the command line asked for, checked against the strategy or the table it names.

The pipeline (pipeline.py) runs the stages; each check here stands between a command's arguments and
them, and names what is wrong by the pipeline's own fields (`row`, `payer`, `compared_year`, `what_if`,
`previous`), which cli/ turns into the options and arguments people typed: a year the strategy does not
allocate, a row or an item it does not have, a payer it does not name (found whatever its case), standard
input named twice; and, for `check`, the key shares and keys of a table that carries none, from the strategy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sofin.cells import KEY_COLUMN
from sofin.domain.amounts import LineYear
from sofin.load import LoadedStrategy, bundled_strategy_path
from sofin.model import Strategy
from sofin.problems import COMMAND_LINE, InputError, Message, Problem, known_id, unknown_id
from sofin.results.allocate import Allocation
from sofin.societies import item_path
from sofin.source import STDIN
from sofin.validation import DEFAULT_KEY
from sofin.years import LineKey, allocation_years, line_years, year_problem, year_spans

if TYPE_CHECKING:
    from sofin.published import PublishedTable


def check_year(loaded: LoadedStrategy, year: int, option: str | None = None) -> None:
    """The strategy allocates `year`; else the problem, named by `option` when an option gave the year."""
    problem = year_problem(loaded.strategy, year, loaded.name)
    if problem is not None:
        raise InputError([problem if option is None else replace(problem, field=option)])


def names_a_year(argument: str) -> bool:
    """Whether a side of `diff` (or report's --previous) names a year of the strategy, not a table read back."""
    # Digits alone are a year: such a name has no .json or .csv suffix, so it is never a table, even
    # where a folder or a stray file of that name exists (`diff 2025 2026` beside a folder 2025).
    return re.fullmatch(r"[0-9]{1,9}", argument) is not None


def stdin_once(*inputs: Path | None) -> None:
    """At most one of the inputs is standard input ('-'): it can be read once."""
    if sum(str(path) == STDIN for path in inputs if path is not None) > 1:
        message = Message("stdin_twice")
        raise InputError([Problem(COMMAND_LINE, None, None, "-", message)])


def known_row(
    lines: dict[LineKey, LineYear], year: int, row_path: tuple[str, ...], path: str, loaded: LoadedStrategy
) -> None:
    """The row is in the year's table: the grand total, a society with a line that runs, such a line."""
    if row_path == () or (len(row_path) == 1 and any(key[0] == row_path[0] for key in lines)) or row_path in lines:
        return
    runs = _years_it_runs(loaded.strategy, row_path)
    if runs:
        message = Message("row_not_running", path=path, year=year, years=year_spans(runs))
    else:
        rows = ["/"]
        for society, line in lines:  # in table order: a society's lines follow one another
            rows += [society] if rows[-1] != society and not rows[-1].startswith(f"{society}/") else []
            rows.append(f"{society}/{line}")
        message = unknown_id("unknown_row", path, rows)
    raise InputError([Problem(COMMAND_LINE, None, None, "row", message)])


def known_item(strategy: Strategy, steps: tuple[str, ...], path: str) -> str:
    """The item's path, society/line/N, when the line (known to run) has an item N; else the line's items."""
    society = next(society for society in strategy.societies if society.id == steps[0])
    line = next(line for line in society.lines if line.id == steps[1])
    items = {item_path(society, line, number): item.label for number, item in enumerate(line.items or (), start=1)}
    wanted = "/".join(steps)
    if wanted in items:
        return wanted
    line_path = f"{society.id}/{line.id}"
    if items:
        known = tuple(f"{item} ({label})" for item, label in items.items())
        message = Message("unknown_item", path=path, line=line_path, known=known)
    else:
        message = Message("line_without_items", path=path, line=line_path)
    raise InputError([Problem(COMMAND_LINE, None, None, "row", message)])


def _years_it_runs(strategy: Strategy, row_path: tuple[str, ...]) -> list[int]:
    """The years a society or line of the strategy runs (a society: those of its lines); none for no such row."""
    years = {
        year
        for society in strategy.societies
        if row_path[:1] == (society.id,)
        for line in society.lines
        if row_path[1:] in ((), (line.id,))
        for year in line_years(strategy, society, line)
    }
    return sorted(years)


def known_payer(allocation: Allocation, payer: str) -> str:
    """--payer as the allocation's payers write it (see payer_id)."""
    return payer_id(payer, [column.id for column in allocation.payers])


def payer_id(payer: str, known: Sequence[str]) -> str:
    """The payer's id as the strategy writes it (--payer Komen is komen), or the problem of one that names none."""
    found = known_id(payer.strip(), known)
    if found is None:
        raise InputError([Problem(COMMAND_LINE, None, None, "payer", unknown_id("unknown_payer", payer, known))])
    return found


def as_written(strategy: Strategy, steps: tuple[str, ...]) -> tuple[str, ...]:
    """A row path's society and line ids as the strategy writes them (VEZI/Staff is vezi/staff); a step
    that names none is left as typed, for known_row to report."""
    society = next((each for each in strategy.societies if steps and known_id(steps[0], [each.id])), None)
    if society is None:
        return steps
    line = next((each for each in society.lines if len(steps) > 1 and known_id(steps[1], [each.id])), None)
    if line is None:
        return (society.id, *steps[1:])
    return (society.id, line.id, *steps[2:])


def needed_strategy(loaded: LoadedStrategy | None) -> LoadedStrategy:
    """The strategy check read because the table, or the comparison asked for, needs it."""
    assert loaded is not None, "check_table loads the strategy whenever it needs it"
    return loaded


def shares_to_check_with(
    table: PublishedTable, loaded: LoadedStrategy | None, file: Path, year: int | None
) -> tuple[dict[str, Decimal], str | None, bool]:
    """The key shares: the table's own, else the strategy's for the same payers, in `year` (the one
    compared with, or the table's own; the base year when neither is known); with where they came
    from, and whether that is the shipped strategy's title (see strategy_as_named)."""
    if table.shares is not None:
        return table.shares, None, False
    loaded = needed_strategy(loaded)
    strategy = loaded.strategy
    year = year if year in allocation_years(strategy) else None
    strategy_shares = {payer.id: payer.share_in(year or strategy.base_year) for payer in strategy.payers}
    unknown = [payer for payer in table.payer_ids if payer not in strategy_shares]
    if unknown:
        message = Message("payers_not_in_strategy", ids=tuple(unknown), strategy=loaded.name)
        raise InputError([Problem(str(file), 1, 1, "payers", message)])
    return ({payer: strategy_shares[payer] for payer in table.payer_ids}, *strategy_as_named(loaded))


Keys = dict[str, dict[str, Decimal]]


def keys_to_check_with(
    table: PublishedTable, loaded: LoadedStrategy | None, name: str, year: int | None, strategy_given: bool
) -> tuple[Keys | None, tuple[int, int, int] | None]:
    """Issue 24: every key's percents by payer, `default` first, when the table's rows name keys: a table of
    format 2's own, else (a CSV, which names its rows' keys only) the strategy's in `year` (the one compared
    with), each key a row names located where it first does when the strategy has no such key. None for a
    table whose rows name no keys. With no year known, the base year's, when the keys the rows use are the
    same in every year (then also the base year and the period, for the report to say so); else refused."""
    if table.keys is not None:
        return {key.name: dict(key.shares) for key in table.keys}, None
    if not table.row_keys:
        return None, None
    from sofin.keys import key_percents
    from sofin.units import as_decimal

    loaded = needed_strategy(loaded)
    strategy = loaded.strategy
    years = allocation_years(strategy)
    percents = key_percents(strategy, year if year is not None and year in years else strategy.base_year)
    unknown = [key for key in table.row_keys if key not in percents]
    if unknown:
        raise InputError(
            [_key_not_in_strategy(table, name, key, loaded.name, strategy_given, tuple(percents)) for key in unknown]
        )
    every_year = None
    if year is None:
        _refuse_keys_by_year(table, name, strategy)
        every_year = (strategy.base_year, years[0], years[-1])
    columns = {payer: index for index, payer in enumerate(strategy.payer_ids)}
    keys = {
        key: {payer: as_decimal(shares[columns[payer]]) for payer in table.payer_ids}
        for key, shares in percents.items()
    }
    return keys, every_year


def _refuse_keys_by_year(table: PublishedTable, name: str, strategy: Strategy) -> None:
    """A keyed CSV names no year: refused, located at the key, when a key its lines use (`default` for a line
    that names none) has other percents in another year of the period: which year's would be a guess."""
    from sofin.keys import key_percents

    years = allocation_years(strategy)
    by_year = [key_percents(strategy, each) for each in years]
    lines = [row for row in table.rows if not table.children(row.path)]
    used = dict.fromkeys(row.key or DEFAULT_KEY for row in lines)
    problems = []
    for key in used:
        changes = [years[i] for i in range(1, len(years)) if by_year[i][key] != by_year[i - 1][key]]
        if changes:
            index = next((i for i, row in enumerate(table.rows) if row.key == key), None)
            line, column = table.key_cells.get(key, (1, 1))
            field = KEY_COLUMN if index is None else f"rows[{index}].{KEY_COLUMN}"
            message = Message("keys_change_by_year", id=key, years=year_spans(changes))
            problems.append(Problem(name, line, column, field, message))
    if problems:
        raise InputError(problems)


def _key_not_in_strategy(
    table: PublishedTable, name: str, key: str, strategy: str, strategy_given: bool, known: tuple[str, ...]
) -> Problem:
    """A key the strategy does not have, where a row first names it: with -s given, a key of that strategy
    mistyped ("did you mean"); else the strategy, the shipped one by default, is likely not the table's."""
    line, column = table.key_cells.get(key, (1, 1))
    index = next(i for i, row in enumerate(table.rows) if row.key == key)
    message = (
        unknown_id("key_not_in_given_strategy", key, known)
        if strategy_given
        else Message("table_key_not_in_strategy", id=key, strategy=strategy, known=known)
    )
    return Problem(name, line, column, f"rows[{index}].{KEY_COLUMN}", message)


def strategy_as_named(loaded: LoadedStrategy) -> tuple[str, bool]:
    """The strategy as check's reports name it, and whether that is its title: the shipped strategy by
    its title (the YAML's `strategy`), as problems name it (cli/errors.py): a path inside the installed
    package is no name people know it by, and would make a report's bytes depend on where sofin is."""
    shipped = same_file(loaded.path, bundled_strategy_path)
    return (loaded.strategy.strategy, True) if shipped else (loaded.name, False)


def same_file(path: Path, other: Callable[[], Path]) -> bool:
    """Whether `path` (standard input is none) is the file `other` names; False when either is not there."""
    try:
        return str(path) != STDIN and os.path.samefile(path, other())
    except OSError:
        return False


def what_if_on_a_year(after: str) -> None:
    """diff's what-ifs apply to its later side, which must be a year: a table read back has no scenario to change."""
    if not names_a_year(after):
        message = Message("what_if_on_a_table", table=after)
        raise InputError([Problem(COMMAND_LINE, None, None, "what_if", message)])


def printed_of(loaded: LoadedStrategy, year: int) -> str:
    """The file the strategy names as its printed table of `year` (`check --printed YEAR`); else the years it
    names one for."""
    declared = loaded.strategy.printed.get(year)
    if declared is None:
        named = loaded.strategy.printed
        message = (
            Message("no_printed_table_but", year=year, years=year_spans(sorted(named)))
            if named
            else Message("no_printed_table", year=year)
        )
        raise InputError([Problem(loaded.name, None, None, "printed", message)])
    return declared


def year_to_compare(year: int | None, file: Path) -> int:
    """The year a table is compared with sofin's allocation of: --year, or the table's own; a table that names
    none (a CSV) needs --year."""
    if year is None:
        raise InputError([Problem(str(file), None, None, "compared_year", Message("table_without_year"))])
    return year
