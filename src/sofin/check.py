"""Check a published table: every figure that does not reconcile, as a finding (pure: no I/O).

The checks are the allocator's contract turned around:
- `row_sum`: a row's figures do not sum to its total (expected the total, found the sum);
- `parent_sum`: a figure or total is not the sum of the rows beneath it (expected that sum);
- `off_key`: a figure is not the floor or ceiling of its exact key share (expected the exact share);
- `outside_key`: a figure is not 0 for a payer outside its row's key (a table of a strategy with keys);
- `off_grid`: a figure or total is not a multiple of the rounding unit;
- `thousands`: the same, for a figure that reads as a whole number written with a thousands point
  (11.768 in a table of whole euros): the finding suggests it, the figure is never reinterpreted;
- `key_sum`: the key shares written in the table do not sum to 100 (each key's, in a table with keys);
and, against sofin's own allocation of a strategy and year:
- `differs`: a figure or total is not what sofin allocates (expected sofin's; compared as `sofin diff` does);
- `missing_row` / `extra_row`: a row sofin has and the table lacks, or the other way round;
- `stamp`: the table's provenance does not name this strategy file or this sofin version.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sofin.domain.table import Provenance
from sofin.flow import Solver
from sofin.published import PublishedTable, plainly_on_grid
from sofin.results.allocate import Allocation
from sofin.results.check import Cell, CorrectedRow, Correction, Finding, FindingKind
from sofin.results.mismatch import Mismatch
from sofin.rounding import ROOT, controlled_round
from sofin.sums import row_mismatches
from sofin.table_parts import TableRow
from sofin.units import OffGrid, as_decimal, on_grid, unit_amounts, whole_units
from sofin.validation import DEFAULT_KEY, HUNDRED

# Issue 24: a table's keys by name, `default` first: each payer's percent (a keyed table's or its strategy's).
Keys = dict[str, dict[str, Decimal]]


def discrepancies(
    table: PublishedTable, shares: dict[str, Decimal], unit: Decimal, keys: Keys | None = None
) -> list[Finding]:
    """Every internal discrepancy of the table, in table order (row by row, payer by payer). With `keys`,
    each line is held to its own key and each total to the sum of its lines' exact shares (issue 24)."""
    findings = list(_key_sum(shares)) + list(_named_key_sums(keys or {}))
    exact = _keyed_exact_shares(table, keys) if keys else None
    # 11.768 in a table of whole euros reads as 11768 typed with a thousands point; not in a table that
    # writes its own unit 1.000, as an older sofin wrote every figure then (601.000).
    thousands_points = unit == 1 and not table.unit_written_in_thousandths
    point = "," if table.decimal_comma else "."
    payers = table.payer_ids
    on_the_grid = plainly_on_grid(unit)
    key = _Scaled(shares, payers, unit) if exact is None else None
    for row in table.rows:
        plain = on_the_grid(row)
        if not plain:
            findings += _off_grid(row, payers, unit, thousands_points, point)
        findings += map(_sum_finding, row_mismatches(row, table.children(row.path), payers))
        if key is not None:
            findings += _off_key(row, payers, key, whole=plain and unit == 1)
        elif exact is not None:
            findings += _off_own_key(row, table, exact[row.path], keys or {}, unit)
    return _with_what_they_follow_from(findings, table)


def _with_what_they_follow_from(findings: list[Finding], table: PublishedTable) -> list[Finding]:
    """Each sum and share finding with the misread cells (`thousands`) it was computed from: 11.768 read for
    11768 makes its row's figures sum to more than its total, and its society's total to less than its lines'."""
    misread = {(finding.path, finding.payer) for finding in findings if finding.kind is FindingKind.thousands}
    if not misread:
        return findings
    return [
        replace(finding, follows=tuple(cell for cell in _cells_of(finding, table) if cell in misread))
        for finding in findings
    ]


def _cells_of(finding: Finding, table: PublishedTable) -> list[Cell]:
    """The cells a sum or share finding was computed from, in table order; none for another finding."""
    path, payer = finding.path, finding.payer
    if path is None:
        return []
    if finding.kind is FindingKind.row_sum:
        return [(path, None), *((path, each) for each in table.payer_ids)]
    if finding.kind is FindingKind.parent_sum:
        return [(path, payer), *((kid.path, payer) for kid in table.children(path))]
    if finding.kind is FindingKind.off_key:
        return [(path, None), (path, payer)]
    if finding.kind is FindingKind.outside_key:
        return [(path, payer)]
    return []


def against(table: PublishedTable, reference: Allocation) -> list[Finding]:
    """Where the table differs from sofin's allocation of the same strategy and year.

    The comparison is `sofin diff`'s (table before, sofin after): sofin's rows in its order, then the rows
    only the table has; each figure sofin allocates that the table writes otherwise (or not at all) becomes a
    finding, with sofin's figure expected. Made here rather than by diff.compare, whose causes and notes
    nothing here reads, so that the note under `sofin allocate`'s table loads no diff (issue 27 item 1);
    tests/test_check_against.py holds the two to the same findings.
    """
    payers = [payer.id for payer in reference.payers]
    written = {tuple(row.path): row for row in table.rows}
    findings = []
    for row in reference.rows:
        found = written.get(row.path)
        if found is None:
            findings.append(Finding(FindingKind.missing_row, row.path, None, row.label, None))
            continue
        if found.total != row.total:
            findings.append(Finding(FindingKind.differs, row.path, None, row.total, found.total))
        findings += [
            Finding(FindingKind.differs, row.path, payer, sofin, figure)
            for payer, sofin in zip(payers, row.allocation)
            if (figure := found.allocation.get(payer)) != sofin
        ]
    ours = {row.path for row in reference.rows}
    extra = [row for row in table.rows if tuple(row.path) not in ours]
    return findings + [Finding(FindingKind.extra_row, tuple(row.path), None, None, row.label) for row in extra]


def stamp(table: PublishedTable, expected: Provenance) -> list[Finding]:
    """Whether the table says it was made from this strategy file, by this sofin version."""
    found = table.provenance
    return [
        Finding(FindingKind.stamp, None, None, want, have)
        for want, have in (
            (expected.strategy_sha256, found.strategy_sha256 if found else None),
            (expected.sofin_version, found.sofin_version if found else None),
        )
        if want != have
    ]


def corrected(
    table: PublishedTable, shares: dict[str, Decimal], unit: Decimal, keys: Keys | None = None, solver: Solver = None
) -> Correction:
    """sofin's figures for the table's own cost lines: the table as it should have been printed.

    The lowest rows' totals are taken as given; every row above is their sum, and all figures
    come from the same controlled rounding as `sofin allocate`, each line by its own key when `keys`
    are given. None of them when a key does not sum to 100 or a total is not a whole number of units
    (each a finding of its own): nothing is guessed. `solver`: the command line's choice (flow.Solver).
    """
    if any(_key_sum(shares)) or any(_named_key_sums(keys or {})):
        return Correction({}, FindingKind.key_sum)
    order = _pre_order(table)
    index = {path: i for i, path in enumerate(order)}
    totals: dict[tuple[str, ...], Decimal] = {}
    for path in reversed(order):  # children before parents
        kids = table.children(path)
        totals[path] = sum((totals[kid.path] for kid in kids), Decimal(0)) if kids else table.row(path).total
    fractions = [Fraction(shares[payer]) / 100 for payer in table.payer_ids]
    parents = [index[path[:-1]] if path else ROOT for path in order]
    try:
        units = [whole_units(totals[path], unit) for path in order]
    except OffGrid:
        return Correction({}, FindingKind.off_grid)
    node_shares = None
    if keys:  # issue 24: a line by its key, a total as the sum of its lines (allocate's rule)
        by_key = {name: _fractions(percents, table) for name, percents in keys.items()}
        node_shares = [None if table.children(path) else by_key[_key_of(table.row(path))] for path in order]
    rounding = controlled_round(parents, units, fractions, node_shares=node_shares, solver=solver)
    as_amount = unit_amounts(unit)
    rows = {
        path: CorrectedRow(totals[path], tuple(map(as_amount, figures)))
        for path, figures in zip(order, rounding.figures)
    }
    return Correction(rows)


def _key_sum(shares: dict[str, Decimal]) -> Iterator[Finding]:
    total = sum(shares.values(), Decimal(0))
    if total != HUNDRED:
        yield Finding(FindingKind.key_sum, None, None, HUNDRED, total)


def _named_key_sums(keys: Keys) -> Iterator[Finding]:
    """A key of the table's own (not the payers' shares, which _key_sum finds) that does not sum to 100."""
    for name, percents in keys.items():
        total = sum(percents.values(), Decimal(0))
        if name != DEFAULT_KEY and total != HUNDRED:
            yield Finding(FindingKind.key_sum, None, None, HUNDRED, total, key=name)


def _key_of(row: TableRow) -> str:
    """The key a line row is split by: its own, else the payers' shares."""
    return row.key or DEFAULT_KEY


def _fractions(percents: dict[str, Decimal], table: PublishedTable) -> list[Fraction]:
    return [Fraction(percents[payer]) / 100 for payer in table.payer_ids]


def _keyed_exact_shares(table: PublishedTable, keys: Keys) -> dict[tuple[str, ...], list[Fraction]]:
    """Each row's exact shares by payer: a line's total times its key's percents, a total's the sum of its rows'."""
    exact: dict[tuple[str, ...], list[Fraction]] = {}
    fractions = {name: _fractions(percents, table) for name, percents in keys.items()}  # once, not a row each
    for path in reversed(_pre_order(table)):  # children before parents
        kids = table.children(path)
        if kids:
            exact[path] = [sum(column, Fraction(0)) for column in zip(*(exact[kid.path] for kid in kids))]
        else:
            row = table.row(path)
            total = Fraction(row.total)
            exact[path] = [total * share for share in fractions[_key_of(row)]]
    return exact


def _off_own_key(
    row: TableRow, table: PublishedTable, exact: list[Fraction], keys: Keys, unit: Decimal
) -> Iterator[Finding]:
    """A line's figures against its own key: 0 for a payer outside it, else the floor or ceiling of its exact
    share; a total's against the sum of its lines' exact shares (the key named for a line's finding only)."""
    key = None if table.children(row.path) else _key_of(row)
    for payer, share in zip(table.payer_ids, exact):
        figure = row.allocation[payer]
        if key is not None and keys[key][payer] == 0:
            if figure != 0:
                yield Finding(FindingKind.outside_key, row.path, payer, Decimal(0), figure, key=key)
            continue
        in_units = share / Fraction(unit)
        if not math.floor(in_units) * unit <= figure <= math.ceil(in_units) * unit:
            yield Finding(FindingKind.off_key, row.path, payer, as_decimal(share), figure, key=key)


def _off_grid(
    row: TableRow, payer_ids: Iterable[str], unit: Decimal, thousands_points: bool, point: str
) -> Iterator[Finding]:
    for payer, figure in ((None, row.total), *((payer, row.allocation[payer]) for payer in payer_ids)):
        if thousands_points and _thousands_separator(figure):  # 11.768 typed for 11768: say so, never reinterpret
            written = f"{figure:f}".replace(".", point)
            yield Finding(FindingKind.thousands, row.path, payer, (figure * 1000).quantize(unit), figure, written)
        elif not on_grid(figure, unit):
            yield Finding(FindingKind.off_grid, row.path, payer, _nearest(figure, unit), figure)


def _thousands_separator(figure: Decimal) -> bool:
    """Whether a figure of a whole-euro table reads as a whole number written with a thousands point
    (11.768, 1.000): written with exactly three decimals."""
    return figure.as_tuple().exponent == -3


def _sum_finding(mismatch: Mismatch) -> Finding:
    """A row that does not add up as a finding: a row's sum expects its total, a parent's its rows' sum."""
    kind = FindingKind(mismatch.kind)
    if kind is FindingKind.row_sum:
        return Finding(kind, mismatch.path, None, mismatch.written, mismatch.summed)
    return Finding(kind, mismatch.path, mismatch.payer, mismatch.summed, mismatch.written)


class _Scaled:
    """The payers' shares as integers over one denominator, in units of the rounding unit: a figure's exact share
    in units is the row's total times a payer's numerator over the denominator. Made once a table (issue 27 item 2:
    exact integers, not a Fraction a figure, for a national table's 233,412)."""

    def __init__(self, shares: dict[str, Decimal], payers: tuple[str, ...], unit: Decimal) -> None:
        ratios = [shares[payer].as_integer_ratio() for payer in payers]
        common = math.lcm(*(denominator for _, denominator in ratios))
        self.numerators = [numerator * (common // denominator) for numerator, denominator in ratios]
        self.unit = unit.as_integer_ratio()
        self.denominator = common * 100  # shares are percents


def _off_key(row: TableRow, payers: tuple[str, ...], key: _Scaled, whole: bool = False) -> Iterator[Finding]:
    """Each figure that is not the floor or ceiling of its exact share, in units of the rounding unit:
    total x share / 100 / unit, compared in integers (a figure n/d against units u_n/u_d: d and u_n cross over).
    A row of `whole` figures of the unit 1 is first sifted: a whole figure f is the floor or ceiling of N/D exactly
    when |f D - N| < D, one multiplication a figure; only the others are looked at."""
    total, total_denominator = row.total.as_integer_ratio()
    unit, unit_denominator = key.unit
    numerator = total * unit_denominator
    denominator = total_denominator * key.denominator * unit
    allocation = row.allocation
    figures = list(map(allocation.__getitem__, payers))
    candidates: Iterable[tuple[str, int, Decimal]] = zip(payers, key.numerators, figures)
    if whole:
        candidates = (
            (payer, share, figure)
            for payer, share, figure, units in zip(payers, key.numerators, figures, map(int, figures))
            if abs(units * denominator - numerator * share) >= denominator
        )
    for payer, share, figure in candidates:
        figure_numerator, figure_denominator = figure.as_integer_ratio()
        scaled = numerator * share
        low, high = scaled // denominator, -(-scaled // denominator)  # floor and ceiling of the exact share
        written = figure_numerator * unit_denominator
        if not low * unit * figure_denominator <= written <= high * unit * figure_denominator:
            exact = Fraction(total * share, total_denominator * key.denominator)
            yield Finding(FindingKind.off_key, row.path, payer, as_decimal(exact), figure)


def _pre_order(table: PublishedTable) -> list[tuple[str, ...]]:
    """Row paths with every parent before its children, siblings in the file's order."""
    order: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        path = stack.pop()
        order.append(path)
        stack.extend(reversed([kid.path for kid in table.children(path)]))
    return order


def _nearest(amount: Decimal, unit: Decimal) -> Decimal:
    return amount.quantize(unit, rounding=ROUND_HALF_UP)
