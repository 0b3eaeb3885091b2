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
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sofin import __version__
from sofin.allocate import allocate, allocate_period, allocate_with_flips
from sofin.arguments import (
    as_written,
    check_year,
    keys_to_check_with,
    known_item,
    known_payer,
    known_row,
    names_a_year,
    needed_strategy,
    payer_id,
    printed_of,
    same_file,
    shares_to_check_with,
    stdin_once,
    strategy_as_named,
    what_if_on_a_year,
    year_to_compare,
)
from sofin.domain.amounts import LineYear
from sofin.domain.table import Provenance
from sofin.flow import Solver
from sofin.limits import MAX_AMOUNT
from sofin.load import LoadedStrategy, default_strategy_path, load_strategy_file
from sofin.problems import Figure, InputError, Message, Problem, field_path
from sofin.results.allocate import Allocation, Printed
from sofin.scenario import WhatIf, apply
from sofin.source import STDIN, escaped, input_name
from sofin.years import (
    BelowOther,
    BeyondBound,
    LineKey,
    allocation_years,
    line_history,
    period_lines,
    year_lines,
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
    strategy_path: Path | None, year: int, fair: bool = False, what_if: WhatIf = NO_WHAT_IF, solver: Solver = None
) -> Allocation:
    """The year's allocation from a strategy file (the bundled one by default), stamped with its origin.

    With `fair`, the year's part of the period rounded as one table (see allocate_period). `solver`: the
    command line's choice (flow.Solver), as in every pipeline below.
    """
    loaded = load(strategy_path, what_if)
    return _beside_printed(_year_of(loaded, year, fair, solver), loaded, strategy_path)


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
    return same_file(strategy_path, default_strategy_path)  # none there ($SOFIN_STRATEGY wrong): the option is needed


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


def _year_of(loaded: LoadedStrategy, year: int, fair: bool, solver: Solver) -> Allocation:
    if not fair:
        return _allocate(loaded, year, solver)
    check_year(loaded, year)
    return allocate_years(loaded, True, solver)[allocation_years(loaded.strategy).index(year)]


def allocate_years(loaded: LoadedStrategy, fair: bool = False, solver: Solver = None) -> tuple[Allocation, ...]:
    """Every year's allocation, from the base year to the end of the period."""
    return allocate_period(loaded.strategy, _period_lines(loaded), _provenance(loaded), fair, solver)


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


def plan_period(
    strategy_path: Path | None, fair: bool = False, what_if: WhatIf = NO_WHAT_IF, solver: Solver = None
) -> Plan:
    """The period's years side by side."""
    from sofin.plan import plan

    loaded = load(strategy_path, what_if)
    return plan(allocate_years(loaded, fair, solver), [society.id for society in loaded.strategy.societies])


def _allocate(loaded: LoadedStrategy, year: int, solver: Solver) -> Allocation:
    return allocate(loaded.strategy, _year_lines(loaded, year), _provenance(loaded), solver)


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
    solver: Solver = None,
) -> Payments:
    """A municipality's contracts with the societies in `year`, split into instalments due on `due_day`."""
    from sofin.payments import payments

    allocation = _year_of(load(strategy_path, what_if), year, fair, solver)  # the table, not its printed form
    return payments(allocation, known_payer(allocation, payer), schedule, due_day, solver)


def diff_tables(
    before: str,
    after: str,
    strategy_path: Path | None,
    fair: bool = False,
    what_if: WhatIf = NO_WHAT_IF,
    solver: Solver = None,
) -> Diff:
    """Compare two tables, each a year (computed from the strategy) or a file written by sofin.

    The what-ifs apply to the later side, so that a year against itself shows a scenario's effect.
    """
    from sofin.diff import compare

    stdin_once(Path(before), Path(after), strategy_path)
    # Read once, and only when a side is a year: it may be standard input.
    strategy = functools.cache(lambda: load_strategy_file(strategy_path))
    with_what_if = functools.cache(lambda: _with_what_if(strategy(), what_if))
    if what_if:
        with_what_if()  # a mistaken what-if is reported even when no side is a year
        what_if_on_a_year(after)
    return compare(_side(before, strategy, fair, solver), _side(after, with_what_if, fair, solver))


def _side(argument: str, strategy: Callable[[], LoadedStrategy], fair: bool, solver: Solver) -> Side:
    from sofin.diff import side_of, side_of_table
    from sofin.published import read_table

    if names_a_year(argument):
        return side_of(_year_of(strategy(), int(argument), fair, solver), argument)
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
    solver: Solver = None,
) -> CouncilReport:
    """Issue 26 item 4: the council's document of `year`: its table (beside the printed one), what changed
    since the year before (or since `previous`, a year or a table as `sofin diff` takes them), the period's
    plan and each municipality's instalments, from one reading of the strategy and one allocation a year.

    A year before it is computed with the same what-ifs: the section compares two years of one scenario."""
    from sofin.payments import payments
    from sofin.plan import plan
    from sofin.results.report import CouncilReport

    stdin_once(strategy_path, None if previous is None else Path(previous))
    loaded = load(strategy_path, what_if)
    check_year(loaded, year)
    if previous is not None and names_a_year(previous):
        check_year(loaded, int(previous), "previous")
    years = allocate_years(loaded, fair, solver)
    at = allocation_years(loaded.strategy).index(year)
    allocation = years[at]
    changes = None if previous is None and at == 0 else _changes(years, at, previous, loaded, fair, solver)
    table_name = None if previous is None or names_a_year(previous) else input_name(Path(Path(previous).name))
    return CouncilReport(
        year,
        _beside_printed(allocation, loaded, strategy_path),
        changes,
        table_name,
        plan(years, [society.id for society in loaded.strategy.societies]),
        tuple(payments(allocation, payer.id, schedule, due_day, solver) for payer in allocation.payers),
        schedule,
        due_day,
    )


def _changes(
    years: tuple[Allocation, ...], at: int, previous: str | None, loaded: LoadedStrategy, fair: bool, solver: Solver
) -> Diff:
    """The year (`years[at]`) compared with `previous`: a year of the period (by default the one before it,
    taken from `years`, not allocated again) or a table read back; each side named as `sofin diff` names it."""
    from sofin.diff import compare, side_of

    if previous is None or names_a_year(previous):
        earlier = years[at - 1] if previous is None else next(each for each in years if each.year == int(previous))
        before = side_of(earlier, str(earlier.year))
    else:
        before = _side(previous, lambda: loaded, fair, solver)
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
    solver: Solver = None,
) -> Explanation:
    """The derivation of one row's figures (or one payer's) in `year`; for an item's path
    (society/line/N), the item's derivation and its line's figures."""
    from sofin.explain import explain

    loaded = load(strategy_path, what_if)
    strategy = loaded.strategy
    check_year(loaded, year)
    years = _period_lines(loaded) if fair else [_year_lines(loaded, year)]
    steps = as_written(strategy, tuple(step for step in path.strip("/").split("/") if step))
    row_path = steps[:2] if len(steps) == 3 else steps  # an item's row is its line's
    known_row(years[allocation_years(strategy).index(year) if fair else 0], year, row_path, path, loaded)
    item = known_item(strategy, steps, path) if len(steps) == 3 else None
    if payer is not None:
        payer = payer_id(payer, strategy.payer_ids)
    # What each figure rounded the other way would cost: read off the solved table, not solved anew.
    wanted = [(year, row_path, id) for id in strategy.payer_ids if payer in (None, id)]
    tables, flipped = allocate_with_flips(strategy, years, wanted, _provenance(loaded), fair, solver)
    allocation = next(table for table in tables if table.year == year)
    # Indexed within the bound: the year's lines were above.
    history = line_history(strategy, (row_path[0], row_path[1]), year) if len(row_path) == 2 else None
    flips = {id: cost for (_, _, id), cost in flipped.items()}
    return explain(allocation, row_path, history, flips, None if payer is None else (payer,), item)


def check_table(
    file: Path,
    strategy_path: Path | None,
    year: int | None,
    what_if: WhatIf = NO_WHAT_IF,
    correct: bool = True,
    solver: Solver = None,
) -> Report:
    """Check a published table; given a strategy or a year, also against sofin's own allocation. With `correct`,
    the table as it should have been printed too (a solve as large as allocate's), for a report that shows it.

    The strategy (the shipped one by default) is read only when it is needed: for that comparison,
    or for the key shares or unit that a hand-made table does not carry.
    """
    from sofin.published import read_table

    stdin_once(file, strategy_path)
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
        table, file, input_name(file), loaded, compared_year, compared, strategy_path is not None, correct, solver
    )
    return replace(report, not_compared_without_year=compare_with_sofin and not compared)


def check_tables(
    files: list[Path],
    strategy_path: Path | None,
    year: int | None,
    what_if: WhatIf = NO_WHAT_IF,
    correct: bool = True,
    solver: Solver = None,
) -> tuple[list[Report], list[Problem]]:
    """Issue 25 item 4: each table checked, as pre-commit names them; one that cannot be read gives its
    problems (each once: a wrong strategy is wrong for every table), and the others are checked still."""
    stdin_once(*files, strategy_path)
    reports: list[Report] = []
    problems: list[Problem] = []
    for file in files:
        try:
            reports.append(check_table(file, strategy_path, year, what_if, correct, solver))
        except InputError as error:
            problems += [problem for problem in error.problems if problem not in problems]
    return reports, problems


def check_printed(
    strategy_path: Path | None, year: int, what_if: WhatIf = NO_WHAT_IF, correct: bool = True, solver: Solver = None
) -> Report:
    """Issue 23 item 9: the table the strategy printed for `year` (its `printed` field), checked against
    sofin's table of that year: `sofin check --printed YEAR`, the command the note under the table gives.
    Named through the strategy, it is found wherever the strategy is: in a clone or in an installed package."""
    loaded = load(strategy_path, what_if)
    declared = printed_of(loaded, year)
    file = _next_to(loaded.path, declared)
    table = _printed_table(loaded, year, file, whole_units=False)  # check reports a figure off the grid itself
    # Named as the strategy names it (as allocate's JSON `printed.source` does), not by where the strategy
    # happens to be: the same words and bytes from any folder, in a clone or an installed package.
    return _checked(
        table, file, escaped(declared), loaded, year, True, strategy_given=True, correct=correct, solver=solver
    )


def _checked(
    table: PublishedTable,
    file: Path,
    name: str,
    loaded: LoadedStrategy | None,
    compared_year: int | None,
    compare_with_sofin: bool,
    strategy_given: bool,
    correct: bool,
    solver: Solver,
) -> Report:
    from sofin.check import corrected, discrepancies
    from sofin.results.check import Report

    shares, shares_source, shipped = shares_to_check_with(table, loaded, file, compared_year)
    keys, every_year = keys_to_check_with(table, loaded, name, compared_year, strategy_given)
    if keys is not None and shares_source is None and table.keys is None:  # a keyed CSV with a key line
        shares_source, shipped = strategy_as_named(needed_strategy(loaded))
    unit = table.unit if table.unit is not None else needed_strategy(loaded).strategy.unit
    findings = discrepancies(table, shares, unit, keys)
    if compare_with_sofin:
        findings += _against_sofin(table, needed_strategy(loaded), compared_year, file, solver)
    findings = [_at_its_cell(finding, table) for finding in findings]
    # Computed here, not by a renderer: every format shows the same report, and none can fail.
    # The scenario of sofin's allocation when compared with one, else the one the table says it is.
    if compare_with_sofin:
        scenario = needed_strategy(loaded).strategy.scenario
    else:
        scenario = None if table.scenario is None else table.scenario.as_scenario()
    correction = corrected(table, shares, unit, keys, solver) if correct else None
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


def _against_sofin(
    table: PublishedTable, loaded: LoadedStrategy, year: int | None, file: Path, solver: Solver
) -> list[Finding]:
    year = year_to_compare(year, file)
    from sofin.check import against, stamp

    reference = _allocate(loaded, year, solver)
    findings = against(table, reference)
    if table.provenance is not None and reference.provenance is not None:  # CSV has no room for a stamp
        findings += stamp(table, reference.provenance)
    return findings
