"""The pipelines the commands run, stage by stage.

allocate: load the strategy -> index the year -> allocate -> (render)
plan:     load the strategy -> index every year -> allocate each (or the period as one) -> (render)
payments: allocate -> one municipality's contracts -> instalments
explain:  allocate (with what each figure of the row would cost the other way) -> explain one row -> (render)
diff:     allocate a year or read a table, twice -> compare -> (render)
check:    read the table -> its discrepancies -> compare with sofin's allocation when asked -> (render)
report:   load the strategy once -> allocate every year -> the year's table, diff with the year before, plan,
          each municipality's instalments -> (render)
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sofin import __version__
from sofin.allocate import allocate, allocate_period, allocate_with_flips
from sofin.cells import KEY_COLUMN
from sofin.domain.amounts import LineYear
from sofin.domain.table import Provenance
from sofin.limits import MAX_AMOUNT
from sofin.load import LoadedStrategy, bundled_strategy_path, default_strategy_path, load_strategy_file
from sofin.model import Strategy
from sofin.problems import COMMAND_LINE, Figure, InputError, Message, Problem, field_path, known_id, unknown_id
from sofin.results.allocate import Allocation, Printed
from sofin.scenario import WhatIf, apply
from sofin.societies import item_path
from sofin.source import STDIN, escaped, input_name
from sofin.validation import DEFAULT_KEY
from sofin.years import (
    BelowOther,
    BeyondBound,
    LineKey,
    allocation_years,
    line_history,
    line_years,
    period_lines,
    year_lines,
    year_problem,
    year_spans,
)

if TYPE_CHECKING:  # each command's own stages are loaded when it runs, not by every command
    from sofin.published import PublishedTable
    from sofin.results.check import Finding, Report
    from sofin.results.diff import Diff, Side
    from sofin.results.explain import Explanation
    from sofin.results.payments import Payments
    from sofin.results.plan import Plan
    from sofin.results.report import CouncilReport
    from sofin.results.schedule import Schedule


NO_WHAT_IF = WhatIf()


def load(strategy_path: Path | None, what_if: WhatIf = NO_WHAT_IF) -> LoadedStrategy:
    """The strategy file (the bundled one by default), with the command line's what-ifs applied."""
    return _with_what_if(load_strategy_file(strategy_path), what_if)


def _with_what_if(loaded: LoadedStrategy, what_if: WhatIf) -> LoadedStrategy:
    return replace(loaded, strategy=apply(loaded.strategy, what_if)) if what_if else loaded


def allocate_year(
    strategy_path: Path | None, year: int, fair: bool = False, what_if: WhatIf = NO_WHAT_IF
) -> Allocation:
    """The year's allocation from a strategy file (the bundled one by default), stamped with its origin.

    With `fair`, the year's part of the period rounded as one table (see allocate_period).
    """
    loaded = load(strategy_path, what_if)
    return _beside_printed(_year_of(loaded, year, fair), loaded, strategy_path)


def _beside_printed(allocation: Allocation, loaded: LoadedStrategy, strategy_path: Path | None) -> Allocation:
    """Issue 23 item 9: the allocation with the strategy's printed table of its year beside it, if it declares one.

    A what-if's table is not the strategy's: nothing printed compares with it."""
    declared = loaded.strategy.printed.get(allocation.year)
    if declared is None or loaded.strategy.scenario is not None:
        return allocation
    from sofin.printed import beside_printed

    file = _next_to(loaded.path, declared)
    strategy = None if strategy_path is None or _read_by_default(strategy_path) else _as_typed(strategy_path)
    if not file.is_file():  # a copy of the strategy elsewhere: the table is the same, the note says it is not compared
        return replace(allocation, printed=Printed(declared, strategy, None, None))
    table = _printed_table(loaded, allocation.year, file, whole_units=True)
    return replace(allocation, printed=beside_printed(allocation, table, declared, strategy))


def _read_by_default(strategy_path: Path) -> bool:
    """Whether the strategy named is the file a command reads without --strategy: then the note's command
    needs none, and `-s data/strategija_2025.yaml` in a clone writes the same bytes as no option."""
    return _same_file(strategy_path, default_strategy_path)  # none there ($SOFIN_STRATEGY wrong): the option is needed


def _as_typed(strategy_path: Path) -> str:
    """The strategy as the command line names it again: '-' for standard input."""
    return input_name(strategy_path)


def _next_to(strategy_path: Path, declared: str) -> Path:
    """A file the strategy names, relative to the strategy's folder (to the current one for standard input)."""
    return Path(declared) if str(strategy_path) == STDIN else strategy_path.parent / declared


def _printed_table(loaded: LoadedStrategy, year: int, file: Path, whole_units: bool) -> PublishedTable:
    """The printed table, read as `sofin diff` (whole_units) or `sofin check` reads a table; a file that
    cannot be read is named at the strategy's `printed` entry too, so that its reader knows why it was read."""
    from sofin.published import read_table

    try:
        return read_table(file, whole_units=whole_units)
    except InputError as error:
        line, column = loaded.marks.at(("printed", year)) or (None, None)
        message = Message("printed_unreadable", year=year, file=input_name(file))
        where = Problem(loaded.name, line, column, field_path(("printed", year)), message)
        raise InputError([where, *error.problems]) from None


def _year_of(loaded: LoadedStrategy, year: int, fair: bool) -> Allocation:
    if not fair:
        return _allocate(loaded, year)
    _check_year(loaded, year)
    return allocate_years(loaded, fair=True)[allocation_years(loaded.strategy).index(year)]


def _check_year(loaded: LoadedStrategy, year: int, option: str | None = None) -> None:
    """The strategy allocates `year`; else the problem, named by `option` when an option gave the year."""
    problem = year_problem(loaded.strategy, year, loaded.name)
    if problem is not None:
        raise InputError([problem if option is None else replace(problem, field=option)])


def allocate_years(loaded: LoadedStrategy, fair: bool = False) -> tuple[Allocation, ...]:
    """Every year's allocation, from the base year to the end of the period."""
    return allocate_period(loaded.strategy, _period_lines(loaded), _provenance(loaded), fair)


def _period_lines(loaded: LoadedStrategy) -> list[dict[LineKey, LineYear]]:
    with _located(loaded):
        return period_lines(loaded.strategy)


def _year_lines(loaded: LoadedStrategy, year: int) -> dict[LineKey, LineYear]:
    with _located(loaded):
        return year_lines(loaded.strategy, year, loaded.name)


@contextlib.contextmanager
def _located(loaded: LoadedStrategy) -> Iterator[None]:
    """An amount indexed past the bound, as a problem located at the amount it grows from."""
    try:
        yield
    except BeyondBound as error:
        message = Message("indexed_beyond", amount=f"{error.amount:f}", year=error.year, most=Figure(MAX_AMOUNT))
        raise InputError([loaded.amount_problem(error.path, message)]) from None
    except BelowOther as below:
        message = Message("adopted_below_other", amount=f"{below.amount:f}", other=f"{below.other:f}", year=below.year)
        raise InputError([loaded.adopted_problem(below.year, below.path, message)]) from None


def plan_period(strategy_path: Path | None, fair: bool = False, what_if: WhatIf = NO_WHAT_IF) -> Plan:
    """The period's years side by side."""
    from sofin.plan import plan

    loaded = load(strategy_path, what_if)
    return plan(allocate_years(loaded, fair), [society.id for society in loaded.strategy.societies])


def _allocate(loaded: LoadedStrategy, year: int) -> Allocation:
    return allocate(loaded.strategy, _year_lines(loaded, year), _provenance(loaded))


def _provenance(loaded: LoadedStrategy) -> Provenance:
    return Provenance(loaded.sha256, __version__)


def payments_for(
    strategy_path: Path | None,
    year: int,
    payer: str,
    schedule: Schedule,
    fair: bool = False,
    due_day: int = 1,
    what_if: WhatIf = NO_WHAT_IF,
) -> Payments:
    """A municipality's contracts with the societies in `year`, split into instalments due on `due_day`."""
    from sofin.payments import payments

    allocation = _year_of(load(strategy_path, what_if), year, fair)  # contracts: the table, not its printed form
    return payments(allocation, _known_payer(allocation, payer), schedule, due_day)


def diff_tables(
    before: str, after: str, strategy_path: Path | None, fair: bool = False, what_if: WhatIf = NO_WHAT_IF
) -> Diff:
    """Compare two tables, each a year (computed from the strategy) or a file written by sofin.

    The what-ifs apply to the later side, so that a year against itself shows a scenario's effect.
    """
    from sofin.diff import compare

    _stdin_once(Path(before), Path(after), strategy_path)
    # Read once, and only when a side is a year: it may be standard input.
    strategy = functools.cache(lambda: load_strategy_file(strategy_path))
    with_what_if = functools.cache(lambda: _with_what_if(strategy(), what_if))
    if what_if:
        with_what_if()  # a mistaken what-if is reported even when no side is a year
        if not _is_year(after):
            message = Message("what_if_on_a_table", table=after)
            raise InputError([Problem(COMMAND_LINE, None, None, "what_if", message)])
    return compare(_side(before, strategy, fair), _side(after, with_what_if, fair))


def _is_year(argument: str) -> bool:
    # Digits alone are a year: such a name has no .json or .csv suffix, so it is never a table, even
    # where a folder or a stray file of that name exists (`diff 2025 2026` beside a folder 2025).
    return re.fullmatch(r"[0-9]{1,9}", argument) is not None


def _stdin_once(*inputs: Path | None) -> None:
    if sum(str(path) == STDIN for path in inputs if path is not None) > 1:
        message = Message("stdin_twice")
        raise InputError([Problem(COMMAND_LINE, None, None, "-", message)])


def _side(argument: str, strategy: Callable[[], LoadedStrategy], fair: bool) -> Side:
    from sofin.diff import side_of, side_of_table
    from sofin.published import read_table

    if _is_year(argument):
        return side_of(_year_of(strategy(), int(argument), fair), argument)
    table = read_table(Path(argument), whole_units=True)
    return side_of_table(table, input_name(Path(argument)), _payer_names(table, strategy))


def report_for(
    strategy_path: Path | None,
    year: int,
    schedule: Schedule,
    due_day: int = 1,
    fair: bool = False,
    what_if: WhatIf = NO_WHAT_IF,
    previous: str | None = None,
) -> CouncilReport:
    """Issue 26 item 4: the council's document of `year`: its table (beside the printed one), what changed
    since the year before (or since `previous`, a year or a table as `sofin diff` takes them), the period's
    plan and each municipality's instalments, from one reading of the strategy and one allocation a year.

    A year before it is computed with the same what-ifs: the section compares two years of one scenario."""
    from sofin.payments import payments
    from sofin.plan import plan
    from sofin.results.report import CouncilReport

    _stdin_once(strategy_path, None if previous is None else Path(previous))
    loaded = load(strategy_path, what_if)
    _check_year(loaded, year)
    if previous is not None and _is_year(previous):
        _check_year(loaded, int(previous), "previous")
    years = allocate_years(loaded, fair)
    at = allocation_years(loaded.strategy).index(year)
    allocation = years[at]
    changes = None if previous is None and at == 0 else _changes(years, at, previous, loaded, fair)
    table_name = None if previous is None or _is_year(previous) else input_name(Path(Path(previous).name))
    return CouncilReport(
        year,
        _beside_printed(allocation, loaded, strategy_path),
        changes,
        table_name,
        plan(years, [society.id for society in loaded.strategy.societies]),
        tuple(payments(allocation, payer.id, schedule, due_day) for payer in allocation.payers),
        schedule,
        due_day,
    )


def _changes(years: tuple[Allocation, ...], at: int, previous: str | None, loaded: LoadedStrategy, fair: bool) -> Diff:
    """The year (`years[at]`) compared with `previous`: a year of the period (by default the one before it,
    taken from `years`, not allocated again) or a table read back; each side named as `sofin diff` names it."""
    from sofin.diff import compare, side_of

    if previous is None or _is_year(previous):
        earlier = years[at - 1] if previous is None else next(each for each in years if each.year == int(previous))
        before = side_of(earlier, str(earlier.year))
    else:
        before = _side(previous, lambda: loaded, fair)
    return compare(before, side_of(years[at], str(years[at].year)))


def _payer_names(table: PublishedTable, strategy: Callable[[], LoadedStrategy]) -> dict[str, str]:
    """Names for the payers a table does not name (a CSV names none): the strategy's (issue 23, items 5
    and 6). Names are for people only: a strategy that cannot be read leaves the ids, as before."""
    if all(payer.name for payer in table.payers):
        return {}
    try:
        return {payer.id: payer.name for payer in strategy().strategy.payers}
    except InputError:
        return {}


def explain_figure(
    strategy_path: Path | None,
    year: int,
    path: str,
    payer: str | None,
    fair: bool = False,
    what_if: WhatIf = NO_WHAT_IF,
) -> Explanation:
    """The derivation of one row's figures (or one payer's) in `year`; for an item's path
    (society/line/N), the item's derivation and its line's figures."""
    from sofin.explain import explain

    loaded = load(strategy_path, what_if)
    strategy = loaded.strategy
    _check_year(loaded, year)
    years = _period_lines(loaded) if fair else [_year_lines(loaded, year)]
    steps = _as_written(strategy, tuple(step for step in path.strip("/").split("/") if step))
    row_path = steps[:2] if len(steps) == 3 else steps  # an item's row is its line's
    _known_row(years[allocation_years(strategy).index(year) if fair else 0], year, row_path, path, loaded)
    item = _known_item(strategy, steps, path) if len(steps) == 3 else None
    if payer is not None:
        payer = _payer_id(payer, strategy.payer_ids)
    # What each figure rounded the other way would cost: read off the solved table, not solved anew.
    wanted = [(year, row_path, id) for id in strategy.payer_ids if payer in (None, id)]
    tables, flipped = allocate_with_flips(strategy, years, wanted, _provenance(loaded), fair)
    allocation = next(table for table in tables if table.year == year)
    # Indexed within the bound: the year's lines were above.
    history = line_history(strategy, (row_path[0], row_path[1]), year) if len(row_path) == 2 else None
    flips = {id: cost for (_, _, id), cost in flipped.items()}
    return explain(allocation, row_path, history, flips, None if payer is None else (payer,), item)


def _known_row(
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


def _known_item(strategy: Strategy, steps: tuple[str, ...], path: str) -> str:
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


def _known_payer(allocation: Allocation, payer: str) -> str:
    return _payer_id(payer, [column.id for column in allocation.payers])


def _payer_id(payer: str, known: Sequence[str]) -> str:
    """The payer's id as the strategy writes it (--payer Komen is komen), or the problem of one that names none."""
    found = known_id(payer.strip(), known)
    if found is None:
        raise InputError([Problem(COMMAND_LINE, None, None, "payer", unknown_id("unknown_payer", payer, known))])
    return found


def _as_written(strategy: Strategy, steps: tuple[str, ...]) -> tuple[str, ...]:
    """A row path's society and line ids as the strategy writes them (VEZI/Staff is vezi/staff); a step
    that names none is left as typed, for _known_row to report."""
    society = next((each for each in strategy.societies if steps and known_id(steps[0], [each.id])), None)
    if society is None:
        return steps
    line = next((each for each in society.lines if len(steps) > 1 and known_id(steps[1], [each.id])), None)
    if line is None:
        return (society.id, *steps[1:])
    return (society.id, line.id, *steps[2:])


def check_table(
    file: Path, strategy_path: Path | None, year: int | None, what_if: WhatIf = NO_WHAT_IF, correct: bool = True
) -> Report:
    """Check a published table; given a strategy or a year, also against sofin's own allocation. With `correct`,
    the table as it should have been printed too (a solve as large as allocate's), for a report that shows it.

    The strategy (the shipped one by default) is read only when it is needed: for that comparison,
    or for the key shares or unit that a hand-made table does not carry.
    """
    from sofin.published import read_table

    _stdin_once(file, strategy_path)
    table = read_table(file)
    compare_with_sofin = strategy_path is not None or year is not None or bool(what_if)
    # A CSV names its rows' keys but not their percents (issue 24): the strategy has them.
    keys_from_strategy = table.keys is None and bool(table.row_keys)
    needed = compare_with_sofin or table.shares is None or table.unit is None or keys_from_strategy
    loaded = load(strategy_path, what_if) if needed else None
    compared_year = year if year is not None else table.year
    # Issue 24 (review, finding 6): -s is how a keyed CSV's keys are given, and a CSV names no year. With none
    # given, it is checked against its keys (when they are the same in every year) and not compared.
    without_year = keys_from_strategy and compared_year is None and not what_if
    compared = compare_with_sofin and not without_year
    report = _checked(
        table, file, input_name(file), loaded, compared_year, compared, strategy_path is not None, correct
    )
    return replace(report, not_compared_without_year=compare_with_sofin and not compared)


def check_tables(
    files: list[Path], strategy_path: Path | None, year: int | None, what_if: WhatIf = NO_WHAT_IF, correct: bool = True
) -> tuple[list[Report], list[Problem]]:
    """Issue 25 item 4: each table checked, as pre-commit names them; one that cannot be read gives its
    problems (each once: a wrong strategy is wrong for every table), and the others are checked still."""
    _stdin_once(*files, strategy_path)
    reports: list[Report] = []
    problems: list[Problem] = []
    for file in files:
        try:
            reports.append(check_table(file, strategy_path, year, what_if, correct))
        except InputError as error:
            problems += [problem for problem in error.problems if problem not in problems]
    return reports, problems


def check_printed(strategy_path: Path | None, year: int, what_if: WhatIf = NO_WHAT_IF, correct: bool = True) -> Report:
    """Issue 23 item 9: the table the strategy printed for `year` (its `printed` field), checked against
    sofin's table of that year: `sofin check --printed YEAR`, the command the note under the table gives.
    Named through the strategy, it is found wherever the strategy is: in a clone or in an installed package."""
    loaded = load(strategy_path, what_if)
    declared = loaded.strategy.printed.get(year)
    if declared is None:
        named = loaded.strategy.printed
        message = (
            Message("no_printed_table_but", year=year, years=year_spans(sorted(named)))
            if named
            else Message("no_printed_table", year=year)
        )
        raise InputError([Problem(loaded.name, None, None, "printed", message)])
    file = _next_to(loaded.path, declared)
    table = _printed_table(loaded, year, file, whole_units=False)  # check reports a figure off the grid itself
    # Named as the strategy names it (as allocate's JSON `printed.source` does), not by where the strategy
    # happens to be: the same words and bytes from any folder, in a clone or an installed package.
    return _checked(table, file, escaped(declared), loaded, year, True, strategy_given=True, correct=correct)


def _checked(
    table: PublishedTable,
    file: Path,
    name: str,
    loaded: LoadedStrategy | None,
    compared_year: int | None,
    compare_with_sofin: bool,
    strategy_given: bool,
    correct: bool = True,
) -> Report:
    from sofin.check import corrected, discrepancies
    from sofin.results.check import Report

    shares, shares_source, shipped = _key(table, loaded, file, compared_year)
    keys, every_year = _keys(table, loaded, name, compared_year, strategy_given)
    if keys is not None and shares_source is None and table.keys is None:  # a keyed CSV with a key line
        shares_source, shipped = _strategy_as_named(_loaded(loaded))
    unit = table.unit if table.unit is not None else _loaded(loaded).strategy.unit
    findings = discrepancies(table, shares, unit, keys)
    if compare_with_sofin:
        findings += _against_sofin(table, _loaded(loaded), compared_year, file)
    findings = [_at_its_cell(finding, table) for finding in findings]
    # Computed here, not by a renderer: every format shows the same report, and none can fail.
    # The scenario of sofin's allocation when compared with one, else the one the table says it is.
    if compare_with_sofin:
        scenario = _loaded(loaded).strategy.scenario
    else:
        scenario = None if table.scenario is None else table.scenario.as_scenario()
    correction = corrected(table, shares, unit, keys) if correct else None
    names = _payer_names(table, lambda: loaded if loaded is not None else load(None))
    return Report(
        name,
        table,
        shares_source,
        unit,
        tuple(findings),
        correction,
        scenario,
        names,
        compare_with_sofin,
        shipped,
        keys_every_year=every_year,
    )


def _at_its_cell(finding: Finding, table: PublishedTable) -> Finding:
    """Issue 25 item 1: the finding at its figure's line and column in the table's file (a row's cell); a finding
    about the whole file, or a row the file does not have (sofin's row missing from it), stays unlocated."""
    if finding.path is None:
        return finding
    place = table.cell_place(finding.path, finding.payer)
    return finding if place is None else replace(finding, line=place[0], column=place[1])


def _against_sofin(table: PublishedTable, loaded: LoadedStrategy, year: int | None, file: Path) -> list[Finding]:
    if year is None:
        raise InputError([Problem(str(file), None, None, "compared_year", Message("table_without_year"))])
    from sofin.check import against, stamp

    reference = _allocate(loaded, year)
    findings = against(table, reference)
    if table.provenance is not None and reference.provenance is not None:  # CSV has no room for a stamp
        findings += stamp(table, reference.provenance)
    return findings


def _loaded(loaded: LoadedStrategy | None) -> LoadedStrategy:
    assert loaded is not None, "check_table loads the strategy whenever it needs it"
    return loaded


def _key(
    table: PublishedTable, loaded: LoadedStrategy | None, file: Path, year: int | None
) -> tuple[dict[str, Decimal], str | None, bool]:
    """The key shares: the table's own, else the strategy's for the same payers, in `year` (the one
    compared with, or the table's own; the base year when neither is known); with where they came
    from, and whether that is the shipped strategy's title (see _strategy_as_named)."""
    if table.shares is not None:
        return table.shares, None, False
    loaded = _loaded(loaded)
    strategy = loaded.strategy
    year = year if year in allocation_years(strategy) else None
    strategy_shares = {payer.id: payer.share_in(year or strategy.base_year) for payer in strategy.payers}
    unknown = [payer for payer in table.payer_ids if payer not in strategy_shares]
    if unknown:
        message = Message("payers_not_in_strategy", ids=tuple(unknown), strategy=loaded.name)
        raise InputError([Problem(str(file), 1, 1, "payers", message)])
    return ({payer: strategy_shares[payer] for payer in table.payer_ids}, *_strategy_as_named(loaded))


Keys = dict[str, dict[str, Decimal]]


def _keys(
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
    from sofin.keys import as_decimal, key_percents

    loaded = _loaded(loaded)
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


def _strategy_as_named(loaded: LoadedStrategy) -> tuple[str, bool]:
    """The strategy as check's reports name it, and whether that is its title: the shipped strategy by
    its title (the YAML's `strategy`), as problems name it (cli/app.py): a path inside the installed
    package is no name people know it by, and would make a report's bytes depend on where sofin is."""
    shipped = _same_file(loaded.path, bundled_strategy_path)
    return (loaded.strategy.strategy, True) if shipped else (loaded.name, False)


def _same_file(path: Path, other: Callable[[], Path]) -> bool:
    """Whether `path` (standard input is none) is the file `other` names; False when either is not there."""
    try:
        return str(path) != STDIN and os.path.samefile(path, other())
    except OSError:
        return False
