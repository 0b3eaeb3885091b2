"""Several keys in one strategy (issue 24, item 2): every figure by its own line's key, everything adding
up, the least summed error (an independent HiGHS optimum), both solvers the same bytes, fair periods; a
mix's exact percent; and `plan` and `payments` unchanged on a keyed strategy."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate, allocate_period
from sofin.flow import SOLVERS
from sofin.keys import key_percents
from sofin.render import Format
from sofin.render.allocate import render
from sofin.rounding import ROOT, controlled_round, round_with_forced
from sofin.units import as_decimal
from sofin.years import period_lines, year_lines

from .helpers import UPRAVA as EXAMPLE
from .helpers import balances, run, strategy_from_text
from .helpers.contract import assert_reconciles, highs_least_error, highs_solution
from .helpers.keyed import (
    PERIOD,
    KeyedSpec,
    Table,
    assert_cumulative_within_a_unit,
    assert_keyed_allocation,
    free_error,
    keyed_specs,
    period_table,
    spec_percents,
)

YEARS = st.integers(*PERIOD)

# The issue's joint administration (skupna občinska uprava), with a second society that keeps the default
# key on one line and splits the other equally (examples/skupna_uprava.yaml); its data again as the spec the
# oracle computes from.
UPRAVA = EXAMPLE.read_text(encoding="utf-8")
UPRAVA_PAYERS = ("sezana", "divaca", "hrpelje-kozina", "komen")
UPRAVA_SPEC = KeyedSpec(
    unit=Decimal(1),
    payers=UPRAVA_PAYERS,
    default={2025: tuple(map(Decimal, ("50.78", "16.35", "17.55", "15.32")))},
    keys={
        "enako": dict.fromkeys(UPRAVA_PAYERS, Decimal(25)),
        "obseg-dela": {"sezana": Decimal(60), "komen": Decimal(40)},
        "mesano": {"mix": {"default": Decimal(50), "obseg-dela": Decimal(50)}},
    },
    societies=(
        ("skupna-uprava", "obseg-dela", (("inspektor", None), ("redar", "mesano"))),
        ("svet", None, (("sejnine", "enako"), ("gradivo", None))),
    ),
    text=UPRAVA,
)


def year_table(spec: KeyedSpec, year: int):
    strategy = strategy_from_text(spec.text)
    return allocate(strategy, year_lines(strategy, year))


@functools.cache
def highs_optimum(
    parents: tuple[int, ...], totals: tuple[int, ...], exact: tuple[tuple[Fraction, ...], ...], free: tuple[int, ...]
) -> tuple[float, tuple[tuple[int, ...], ...]]:
    """HiGHS's least summed error and its optimal table, a row a node (helpers/contract.highs_solution), solved
    once for each problem: hypothesis draws some strategies more than once."""
    least, rows = highs_solution(list(parents), list(totals), [list(row) for row in exact], free)
    return least, tuple(map(tuple, rows))


def assert_least_error(table: Table, free=()) -> None:
    """The table's summed error (but the free nodes') is the least possible: HiGHS's optimal table, its
    figures summed exactly, is no better. HiGHS's own sum, a float, agrees only within its tolerances (shares
    of 10 decimals make errors of 10^-10 that its feasibility tolerances swallow): it checks that the figures
    read back are its solution, not the optimum to the last decimal."""
    least, rows = highs_optimum(tuple(table.parents), tuple(table.totals), tuple(map(tuple, table.exact)), tuple(free))
    theirs = [list(row) for row in rows]
    assert_reconciles(table.parents, table.totals, table.exact, theirs)
    ours = free_error(table, free)
    assert ours <= free_error(Table(table.parents, table.totals, table.exact, theirs), free)
    assert float(ours) == pytest.approx(least, abs=1e-4)


class TestUprava:
    def test_the_issues_example_by_hand(self):
        """2025, worked out from the issue's rules: Divača pays nothing for the inspector (outside obseg-dela),
        half of its own share for the warden (mesano), a quarter of the sittings (enako)."""
        allocation = year_table(UPRAVA_SPEC, 2025)
        divaca = UPRAVA_PAYERS.index("divaca")
        exact = {row.path: row.exact[divaca] for row in allocation.rows}
        assert exact["skupna-uprava", "inspektor"] == 0
        assert exact["skupna-uprava", "redar"] == Decimal(39000) * Decimal("8.175") / 100  # 3188.25
        assert exact["svet", "sejnine"] == Decimal("3086.25")
        assert exact["svet", "gradivo"] == Decimal(1001) * Decimal("16.35") / 100
        assert allocation.row(("skupna-uprava", "inspektor")).allocation[divaca] == 0
        assert [key.name for key in allocation.keys] == ["default", "enako", "obseg-dela", "mesano"]
        assert dict(allocation.keys[3].mix) == {"default": 50, "obseg-dela": 50}

    @pytest.mark.parametrize("year", [2025, 2026, 2027])
    def test_every_year_keeps_the_contract_with_the_least_error(self, year):
        assert_least_error(assert_keyed_allocation(year_table(UPRAVA_SPEC, year), UPRAVA_SPEC))


class TestRandomKeyedStrategies:
    @settings(max_examples=120, deadline=None)
    @given(keyed_specs(), YEARS)
    def test_every_figure_by_its_own_key_everything_adds_up_least_error(self, spec, year):
        """Floor or ceiling of its line's exact share under the line's key, 0 outside the key; rows, societies
        and the grand total add up payer by payer; the summed error is HiGHS's optimum."""
        assert_least_error(assert_keyed_allocation(year_table(spec, year), spec))

    @settings(max_examples=100, deadline=None)
    @given(keyed_specs(), YEARS)
    def test_key_percents_equal_a_fraction_computation_of_the_file(self, spec, year):
        """keys.key_percents, mixes of mixes and keys by year included, against the spec's own arithmetic."""
        assert key_percents(strategy_from_text(spec.text), year) == spec_percents(spec, year)

    @settings(max_examples=60, deadline=None)
    @given(keyed_specs())
    def test_both_solvers_give_the_same_tables_and_bytes(self, spec):
        """Every year alone and the period rounded as one (fair): the same Allocation and the same JSON."""
        strategy = strategy_from_text(spec.text)
        outcomes = []
        for name in SOLVERS:
            years = allocate_period(strategy, period_lines(strategy), solver=name)
            fair = allocate_period(strategy, period_lines(strategy), fair=True, solver=name)
            outcomes.append((years, fair, [render(a, Format.json) for a in (*years, *fair)]))
        assert outcomes[0] == outcomes[1]

    @settings(max_examples=50, deadline=None)
    @given(keyed_specs(max_payers=4))
    def test_fair_keeps_the_contract_and_the_cumulative_bounds(self, spec):
        """With fair, every year keeps the keyed contract, each payer's cumulative figure is within a unit of its
        exact cumulative share, and the years' summed error is the least those bounds allow (HiGHS)."""
        strategy = strategy_from_text(spec.text)
        allocations = allocate_period(strategy, period_lines(strategy), fair=True)
        assert [a.year for a in allocations] == list(range(PERIOD[0], PERIOD[1] + 1))
        assert all(a.fair for a in allocations)
        years = [assert_keyed_allocation(allocation, spec) for allocation in allocations]
        table, cumulative = period_table(years)
        assert_reconciles(table.parents, table.totals, table.exact, table.figures)
        assert_cumulative_within_a_unit(table, cumulative)
        assert free_error(table, cumulative) == sum(year.error for year in years)
        assert_least_error(table, free=cumulative)


class TestTheChecksCanFail:
    def test_a_worse_rounding_that_adds_up_is_told_from_the_least(self):
        """A table forced away from the optimum still meets every bound, but HiGHS finds a better one: the
        oracle refuses it."""
        table = assert_keyed_allocation(year_table(UPRAVA_SPEC, 2025), UPRAVA_SPEC)
        worse = _a_worse_rounding(table)
        assert_reconciles(table.parents, table.totals, table.exact, worse.figures)
        assert worse.error > table.error
        with pytest.raises(AssertionError):
            assert_least_error(worse)

    def test_a_unit_moved_outside_a_key_is_caught_on_the_example(self):
        """Divača, outside obseg-dela, given a unit of the inspector's (Sežana one less, the totals alike)."""
        allocation = year_table(UPRAVA_SPEC, 2025)
        moved = _move_unit(allocation, ("skupna-uprava", "inspektor"), 0, UPRAVA_PAYERS.index("divaca"))
        with pytest.raises(AssertionError):
            assert_keyed_allocation(moved, UPRAVA_SPEC)

    @settings(max_examples=30, deadline=None)
    @given(keyed_specs(), YEARS)
    def test_a_unit_moved_outside_a_key_is_caught(self, spec, year):
        """A payer outside a line's key given a unit (another payer one less, the totals above moved alike, so
        every sum still holds): the contract check refuses the table."""
        allocation = year_table(spec, year)
        percents = spec_percents(spec, year)
        for row in allocation.rows:
            if len(row.path) == 2 and row.total:
                key = percents[spec.line_key(*row.path)]
                outside = [p for p, percent in enumerate(key) if not percent]
                payer = next((p for p, value in enumerate(row.allocation) if value), None)
                if outside and payer is not None:
                    moved = _move_unit(allocation, row.path, payer, outside[0])
                    with pytest.raises(AssertionError):
                        assert_keyed_allocation(moved, spec)
                    return

    def test_the_oracle_solves_an_own_key_per_line(self):
        """Two lines of 1, each 50/50 between a different pair of payers: every rounding errs by 1 on each line,
        and the total's exact (1, 1/2, 1/2) by 1 more."""
        exact = [
            [Fraction(1), Fraction(1, 2), Fraction(1, 2)],
            [Fraction(1, 2), Fraction(1, 2), Fraction(0)],
            [Fraction(1, 2), Fraction(0), Fraction(1, 2)],
        ]
        assert highs_least_error([ROOT, 0, 0], [2, 1, 1], None, exact=exact) == pytest.approx(3)


def _a_worse_rounding(table: Table) -> Table:
    """The first figure that, rounded the other way, still leaves a table that adds up, and costs more."""
    # The same problem for sofin's rounding: each line by its own key (its exact figures over its total), every
    # total (and a line of 0) the sum of what is beneath it.
    node_shares: list[list[Fraction] | None] = [
        [e / total for e in exact] if node not in table.parents and total else None
        for node, (total, exact) in enumerate(zip(table.totals, table.exact))
    ]
    shares = next(key for key in node_shares if key is not None)
    for node, row in enumerate(table.exact):
        for payer, exact in enumerate(row):
            if exact.denominator == 1:
                continue
            figure = table.figures[node][payer]
            other = math.ceil(exact) if figure == math.floor(exact) else math.floor(exact)
            try:
                rounding = round_with_forced(
                    table.parents,
                    table.totals,
                    shares,
                    node_shares=node_shares,
                    forced={(node, payer): other},
                )
            except ArithmeticError:
                continue
            worse = Table(table.parents, table.totals, table.exact, [list(r) for r in rounding.figures])
            if worse.error > table.error:
                return worse
    raise AssertionError("no worse rounding found")


def _move_unit(allocation, path, giver: int, taker: int):
    """The allocation with one unit moved from `giver` to `taker` on the line at `path` and on every total above it."""
    from dataclasses import replace

    unit = allocation.unit
    rows = []
    for row in allocation.rows:
        if row.path == path[: len(row.path)]:
            figures = list(row.allocation)
            figures[giver] -= unit
            figures[taker] += unit
            row = replace(row, allocation=tuple(figures))
        rows.append(row)
    return replace(allocation, rows=tuple(rows))


class TestMixPercent:
    MIXES = """\
strategy: Mixes
period: [2025, 2025]
base_year: 2025
currency: EUR
unit: 0.01
payers:
  - {id: a, name: A, share: 33.3333333333}
  - {id: b, name: B, share: 33.3333333333}
  - {id: c, name: C, share: 33.3333333334}
keys:
  k1: {a: 12.3456789012, b: 87.6543210988}
  m1: {mix: {default: 33.1234567891, k1: 66.8765432109}}
  m2: {mix: {m1: 41.0000000001, k1: 58.9999999999}}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: s
    name: S
    short: S
    key: m2
    lines:
      - {id: l1, label: L1, kind: staff, amount: 1234567.89}
      - {id: l2, label: L2, kind: staff, amount: 99.99, key: m1}
      - {id: l3, label: L3, kind: staff, amount: 7.77, key: default}
"""

    def expected(self) -> dict[str, list[Fraction]]:
        """The percents by hand: a mix's is the weighted sum of its parts', as Fractions of the decimals written."""
        f = Fraction
        default = [f("33.3333333333"), f("33.3333333333"), f("33.3333333334")]
        k1 = [f("12.3456789012"), f("87.6543210988"), f(0)]
        m1 = [f("33.1234567891") / 100 * d + f("66.8765432109") / 100 * k for d, k in zip(default, k1)]
        m2 = [f("41.0000000001") / 100 * m + f("58.9999999999") / 100 * k for m, k in zip(m1, k1)]
        return {"default": default, "k1": k1, "m1": m1, "m2": m2}

    def test_a_mix_of_mixes_is_exact_beyond_ten_decimals(self):
        strategy = strategy_from_text(self.MIXES)
        percents = key_percents(strategy, 2025)
        assert {name: list(values) for name, values in percents.items()} == self.expected()
        written = [as_decimal(percent) for percent in percents["m2"]]
        assert [Fraction(value) for value in written] == self.expected()["m2"]
        assert all(-value.as_tuple().exponent > 10 for value in written if value)  # type: ignore[operator]
        assert max(-value.as_tuple().exponent for value in written) > 20  # type: ignore[operator]
        allocation = allocate(strategy, year_lines(strategy, 2025))
        assert [key.shares for key in allocation.keys if key.name == "m2"] == [tuple(written)]

    def test_the_table_keeps_the_contract_and_the_least_error(self):
        spec = KeyedSpec(
            unit=Decimal("0.01"),
            payers=("a", "b", "c"),
            default={2025: tuple(map(Decimal, ("33.3333333333", "33.3333333333", "33.3333333334")))},
            keys={
                "k1": {"a": Decimal("12.3456789012"), "b": Decimal("87.6543210988")},
                "m1": {"mix": {"default": Decimal("33.1234567891"), "k1": Decimal("66.8765432109")}},
                "m2": {"mix": {"m1": Decimal("41.0000000001"), "k1": Decimal("58.9999999999")}},
            },
            societies=(("s", "m2", (("l1", None), ("l2", "m1"), ("l3", "default"))),),
            text=self.MIXES,
        )
        assert_least_error(assert_keyed_allocation(year_table(spec, 2025), spec))

    @pytest.mark.parametrize("name", SOLVERS)
    def test_either_solver_rounds_a_denominator_beyond_64_bits(self, name):
        """The common denominator of these percents is far beyond what OR-Tools's 64-bit costs hold. Either solver asked for
        gives the same bytes (OR-Tools's limit is no traceback)."""
        strategy = strategy_from_text(self.MIXES)
        expected = render(allocate(strategy, year_lines(strategy, 2025), solver="python"), Format.json)
        assert render(allocate(strategy, year_lines(strategy, 2025), solver=name), Format.json) == expected


def test_controlled_round_takes_python_beyond_ortools_costs():
    """OR-Tools asked for a scale of 10^24 (a mix with 10-decimal weights of 10-decimal percents): the same table
    as the pure-Python solver's, where OR-Tools itself would overflow its 64-bit costs."""
    third = Fraction(3333333333, 10**10) / 100 * Fraction(123456789, 10**10) / 100
    line = [third, 1 - third]
    parents, totals = [ROOT, 0, 0], [12345, 12344, 1]
    node_shares = [None, line, [Fraction(1, 2), Fraction(1, 2)]]
    tables = [controlled_round(parents, totals, line, node_shares=node_shares, solver=name).figures for name in SOLVERS]
    assert tables[0] == tables[1]


def test_ortools_refusing_the_cost_range_is_no_traceback(write):
    """A scale just under the bound rounding.py checks (5 x 10^17, 5 payers): OR-Tools still refused its costs
    (BAD_COST_RANGE, found by the random tests). Its refusal sends the table to the pure-Python solver: the
    same bytes, no traceback."""
    weights = "{default: 0.0000000001, k0: 0.0000000001, k1: 99.9999999998}"
    text = (
        "strategy: Random keys\nperiod: [2025, 2025]\nbase_year: 2025\ncurrency: EUR\nunit: 1\npayers:\n"
        + "".join(f"  - {{id: p{n}, name: P{n}, share: {share}}}\n" for n, share in enumerate((1, 1, 1, 1, 96)))
        + "keys:\n  k0: {p0: 100}\n  k1: {mix: {default: 0.01, k0: 99.99}}\n"
        + f"  k2: {{mix: {weights}}}\n"
        + "indexation: {staff: {default: 2}, programme: {default: 2}}\nsocieties:\n"
        + "  - {id: s0, name: S, short: S, key: k2, lines: [{id: l0, label: L, kind: staff, amount: 1}]}\n"
    )
    strategy = strategy_from_text(text)
    tables = []
    for name in SOLVERS:
        tables.append(render(allocate(strategy, year_lines(strategy, 2025), solver=name), Format.json))
    assert tables[0] == tables[1]


class TestPlanAndPayments:
    """`plan` and `payments` on the keyed example, in every format they offer: the payers' figures are the
    allocation's grand-total figures, each year's."""

    @pytest.fixture
    def uprava(self, write):
        return str(write(UPRAVA, "uprava.yaml"))

    def grand_totals(self, year: int) -> dict[str, Decimal]:
        allocation = year_table(UPRAVA_SPEC, year)
        return dict(zip(UPRAVA_PAYERS, allocation.grand_total.allocation))

    def societies(self, year: int, payer: str) -> dict[str, Decimal]:
        allocation = year_table(UPRAVA_SPEC, year)
        column = UPRAVA_PAYERS.index(payer)
        return {row.path[0]: row.allocation[column] for row in allocation.children(())}

    @pytest.mark.parametrize("fair", [False, True])
    def test_plan_json_the_years_grand_totals_and_rounding(self, uprava, fair):
        result = run("plan", "-s", uprava, "-f", "json", *(["--fair"] if fair else []))
        assert result.exit_code == 0, result.output
        plan = json.loads(result.stdout)
        strategy = strategy_from_text(UPRAVA)
        allocations = allocate_period(strategy, period_lines(strategy), fair=fair)
        for allocation in allocations:
            year = str(allocation.year)
            grand = dict(zip(UPRAVA_PAYERS, allocation.grand_total.allocation))
            assert {p["id"]: Decimal(p["figures"][year]) for p in plan["payers"]} == grand
            assert Decimal(plan["total"]["figures"][year]) == allocation.grand_total.total
        # The rounding difference: figure minus the exact share, summed over the lines by their own keys.
        # Written to 4 decimals: within half of the last one.
        near = Fraction(1, 10**4) / 2
        cumulative = [Fraction(0)] * len(UPRAVA_PAYERS)
        rounding = {entry["payer"]: entry for entry in plan["rounding"]}
        for allocation in allocations:
            table = assert_keyed_allocation(allocation, UPRAVA_SPEC)
            year = str(allocation.year)
            assert abs(Fraction(plan["rounding_error"][year]) - table.error) <= near
            for p, payer in enumerate(UPRAVA_PAYERS):
                difference = table.figures[0][p] - table.exact[0][p]
                cumulative[p] += difference
                assert abs(Fraction(rounding[payer]["difference"][year]) - difference) <= near, payer
                assert abs(Fraction(rounding[payer]["cumulative"][year]) - cumulative[p]) <= near, payer
        if fair:
            assert all(abs(c) < 1 for c in cumulative)

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "xlsx"])
    def test_plan_every_other_format_shows_the_same_figures(self, uprava, output_format, tmp_path):
        path = tmp_path / f"plan.{output_format}"
        result = run("plan", "-s", uprava, "-f", output_format, "-o", str(path))
        assert result.exit_code == 0, result.output
        names = dict(zip(UPRAVA_PAYERS, ("Občina Sežana", "Občina Divača", "Občina Hrpelje-Kozina", "Občina Komen")))
        rows = _plan_rows(path, output_format)
        for payer, name in names.items():
            figures = [self.grand_totals(year)[payer] for year in (2025, 2026, 2027)]
            assert rows[name][:3] == figures, (output_format, name, rows[name])

    @pytest.mark.parametrize("schedule", ["annual", "quarterly", "monthly"])
    @pytest.mark.parametrize("payer", UPRAVA_PAYERS)
    def test_payments_json_adds_up_to_the_grand_total(self, uprava, payer, schedule):
        result = run("payments", "2026", "-p", payer, "-s", uprava, "--schedule", schedule, "-f", "json")
        assert result.exit_code == 0, result.output
        payments = json.loads(result.stdout)
        assert Decimal(payments["total"]["annual"]) == self.grand_totals(2026)[payer]
        contracts = {contract["path"][0]: Decimal(contract["annual"]) for contract in payments["contracts"]}
        assert contracts == self.societies(2026, payer)
        for contract in (*payments["contracts"], payments["total"]):
            assert sum(map(Decimal, contract["instalments"].values())) == Decimal(contract["annual"])

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "ledger", "xlsx"])
    def test_payments_every_other_format_adds_up_to_the_grand_total(self, uprava, output_format, tmp_path):
        """Divača pays nothing for the inspector, yet its contract with the joint administration is there."""
        path = tmp_path / f"payments.{output_format}"
        result = run(
            "payments", "2025", "-p", "divaca", "-s", uprava, "--schedule", "quarterly",
            "-f", output_format, "-o", str(path),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        contracts = self.societies(2025, "divaca")
        total = self.grand_totals(2025)["divaca"]
        assert contracts["skupna-uprava"] and sum(contracts.values()) == total
        match output_format:
            case "csv":
                lines = csv.reader(io.StringIO(path.read_text("utf-8")))
                rows = {row[0]: Decimal(row[3]) for row in lines if row[0] not in ("path", "#")}
                assert rows == {**contracts, "": total}
            case "ledger":
                accounts = balances(path.read_text("utf-8"), tmp_path, 3)
                spent = {a.rsplit(":", 1)[1]: v for a, v in accounts.items() if a.startswith("odhodki:")}
                assert spent == contracts
            case "xlsx":
                sheet = openpyxl.load_workbook(path).active
                contract_rows = [r for r in sheet.iter_rows(values_only=True) if str(r[1]).startswith("=SUM(C")]
                assert sum(v for r in contract_rows for v in r[2:] if isinstance(v, int)) == total
            case _:
                text = path.read_text("utf-8")
                assert all(_sl(amount) in text for amount in (*contracts.values(), total))


def _sl(amount: Decimal) -> str:
    """An amount in whole euros as sofin's Slovenian labels write it: 6.438."""
    return f"{int(amount):,}".replace(",", ".")


def _plan_rows(path, output_format: str) -> dict[str, list[Decimal]]:
    """The plan's rows by their label, each with its numbers, from the file as its readers read it."""
    if output_format == "xlsx":
        sheet = openpyxl.load_workbook(path).active
        rows: dict[str, list[Decimal]] = {}
        for row in sheet.iter_rows(values_only=True):  # the figures' table before the rounding differences'
            if row[0]:
                rows.setdefault(str(row[0]), [Decimal(v) for v in row[1:] if isinstance(v, int)])
        return rows
    text = path.read_text("utf-8")
    if output_format == "csv":
        return {row[2]: [Decimal(v) for v in row[4:]] for row in csv.reader(io.StringIO(text)) if row[0] == "payer"}
    rows = {}
    for line in text.splitlines():  # the figures' table before the rounding differences'
        cells = [cell.strip(" *") for cell in (line.split("|") if output_format == "markdown" else line.split("  "))]
        cells = [cell for cell in cells if cell]
        if cells and cells[0].startswith("Občina ") and len(cells) > 3:
            try:
                rows.setdefault(cells[0], [Decimal(cell.replace(".", "")) for cell in cells[1:]])
            except ArithmeticError:
                continue
    return rows
