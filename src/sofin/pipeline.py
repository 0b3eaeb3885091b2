"""The pipelines the commands run, stage by stage.

allocate: load the strategy -> index the year -> allocate -> (render)
check:    read the table -> audit it -> compare with sofin's allocation when a strategy is given -> (render)
"""

from __future__ import annotations

from pathlib import Path

from sofin import __version__
from sofin.allocate import Allocation, Provenance, allocate
from sofin.audit import Report, audit, compare, stamp
from sofin.load import LoadedStrategy, load_strategy_file
from sofin.problems import InputError, Problem
from sofin.tables import PublishedTable, read_table
from sofin.years import line_amounts


def allocate_year(strategy_path: Path | None, year: int) -> Allocation:
    """The year's allocation from a strategy file (the bundled one by default), stamped with its origin."""
    return _allocate(load_strategy_file(strategy_path), year)


def _allocate(loaded: LoadedStrategy, year: int) -> Allocation:
    amounts = line_amounts(loaded.strategy, year, str(loaded.path))
    return allocate(loaded.strategy, year, amounts, Provenance(loaded.sha256, __version__))


def check_table(file: Path, strategy_path: Path | None, year: int | None) -> Report:
    """Audit a published table; with a strategy, also against sofin's allocation and provenance."""
    table = read_table(file)
    loaded = load_strategy_file(strategy_path) if strategy_path or table.shares is None or table.unit is None else None
    shares, shares_source = _key(table, loaded, file)
    unit = table.unit if table.unit is not None else loaded.strategy.unit if loaded else None
    assert unit is not None  # a strategy is loaded whenever the table lacks its unit
    findings = audit(table, shares, unit)
    if strategy_path is not None and loaded is not None:
        year = year if year is not None else table.year
        if year is None:
            raise InputError([Problem(str(file), None, None, "year", "the table names no year: give --year")])
        reference = _allocate(loaded, year)
        findings += compare(table, reference)
        assert reference.provenance is not None
        findings += stamp(table, reference.provenance)
    return Report(str(file), table, shares, shares_source, unit, tuple(findings))


def _key(table: PublishedTable, loaded: LoadedStrategy | None, file: Path) -> tuple[dict, str]:
    """The key shares: the table's own, else the strategy's for the same payers."""
    if table.shares is not None:
        return table.shares, "iz tabele"
    assert loaded is not None
    strategy_shares = {payer.id: payer.share for payer in loaded.strategy.payers}
    unknown = [payer for payer in table.payer_ids if payer not in strategy_shares]
    if unknown:
        message = f"payers {unknown} are not in {loaded.path}; the table has no key: give --strategy"
        raise InputError([Problem(str(file), 1, 1, "payers", message)])
    return {payer: strategy_shares[payer] for payer in table.payer_ids}, f"iz strategije {loaded.path}"
