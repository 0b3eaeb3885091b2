"""The period 2025–2029: indexation, adopted amounts, plan, fairness across years."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate_period
from sofin.domain.amounts import Source
from sofin.load import load_strategy_file
from sofin.problems import InputError
from sofin.rounding import ROOT
from sofin.years import line_histories, period_lines, year_lines

from .helpers import MINIMAL, STRATEGY_2025, assert_golden, english_message, run, strategy_from_text
from .helpers.contract import assert_allocation_reconciles, highs_least_error
from .helpers.strategies import strategy_texts

ADOPTED = (
    MINIMAL
    + """\
adopted:
  2026:
    s/staff/1: 1100
  2028:
    s/programme: 400
"""
)


def half_up(amount: Decimal, rate: str) -> Decimal:
    return (amount * (1 + Decimal(rate) / 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


class TestIndexation:
    def test_year_rates_override_the_default_and_round_half_up_each_year(self):
        """programme: 2 % by default, 2.5 % in 2027 (MINIMAL); 340 x 1.025 = 348.5 rounds up to 349."""
        amounts = [year_lines(strategy_from_text(MINIMAL), year)["s", "programme"].amount for year in (2026, 2027)]
        assert amounts == [half_up(Decimal(333), "2"), half_up(half_up(Decimal(333), "2"), "2.5")]
        assert amounts[1] == 349

    @pytest.mark.parametrize("rate", ["0", "-1.5", "3.25"])
    def test_zero_and_negative_rates(self, rate):
        strategy = strategy_from_text(MINIMAL.replace("staff: {default: 2}", f"staff: {{default: {rate}}}"))
        expected = Decimal(1001)
        for year in (2026, 2027, 2028):
            expected = half_up(expected, rate)
            assert year_lines(strategy, year)["s", "staff"].amount == expected


class TestAdopted:
    def test_adopted_amount_replaces_the_indexed_one_and_is_the_next_base(self):
        strategy = strategy_from_text(ADOPTED)
        history = line_histories(strategy, 2029)["s", "staff"]
        assert [year.amount for year in history] == [
            1001,
            1100,
            half_up(Decimal(1100), "2"),
            half_up(half_up(Decimal(1100), "2"), "2"),
            half_up(half_up(half_up(Decimal(1100), "2"), "2"), "2"),
        ]
        assert [year.parts[0].source for year in history] == [Source.declared, Source.adopted, *[Source.indexed] * 3]
        assert history[2].parts[0].rate == Decimal(2)

    def test_line_adopted_as_a_whole_is_indexed_as_one_amount_from_then_on(self):
        strategy = strategy_from_text(ADOPTED.replace("s/programme: 400", "s/staff: 1200"))
        history = line_histories(strategy, 2029)["s", "staff"]
        assert [part.path for part in history[2].parts] == ["s/staff/1"]
        assert [part.path for part in history[3].parts] == ["s/staff"]
        assert history[3].amount == 1200 and history[4].amount == half_up(Decimal(1200), "2")

    def test_json_names_each_amounts_source(self, write):
        with_adopted = run("allocate", "2028", "-f", "json", "-s", str(write(ADOPTED)))
        rows = {tuple(row["path"]): row for row in json.loads(with_adopted.stdout)["rows"]}
        assert rows["s", "programme"]["parts"] == [
            {
                "path": "s/programme",
                "label": "Materialni stroški programa",
                "amount": "400",
                "source": "adopted",
                "projected": False,
            }
        ]
        assert rows["s", "staff"]["parts"][0]["source"] == "indexed" and rows["s", "staff"]["parts"][0]["rate"] == "2"
        assert "parts" not in rows["s",]

    @pytest.mark.parametrize(("adopted", "message"), [
        ("  2026:\n    s/nope: 5\n", "'s/nope' names no line or item"),
        ("  2026:\n    x/staff: 5\n", "'x/staff' names no line or item"),
        ("  2026:\n    s/staff/2: 5\n", "'s/staff/2' names no line or item"),
        ("  2026:\n    s/staff: 5\n    s/staff/1: 6\n", "is adopted as a whole that year"),
        ("  2025:\n    s/staff: 5\n", "must be after the base year 2025"),
        ("  2030:\n    s/staff: 5\n", "within the period 2025-2029"),
        ("  2026:\n    s/staff: -5\n", "greater than or equal to 0"),
        ("  2026:\n    s/staff: yes\n", "must be a number, not yes/no"),
    ])  # fmt: skip
    def test_mistakes_in_adopted_amounts_are_located(self, write, adopted, message):
        path = write(MINIMAL + "adopted:\n" + adopted)
        with pytest.raises(InputError) as raised:
            load_strategy_file(path)
        [problem] = raised.value.problems
        assert message in english_message(problem)
        assert problem.line is not None and problem.line > MINIMAL.count("\n")  # in the adopted block


class TestAnyYear:
    def test_2027_json_reconciles_with_the_least_error_and_indexed_totals(self):
        """Done-when of the period issue: each line total is 2025's amount indexed twice, half-up."""
        document = json.loads(run("allocate", "2027", "-f", "json").stdout)
        strategy = load_strategy_file(STRATEGY_2025).strategy
        rows = document["rows"]
        index = {tuple(row["path"]): i for i, row in enumerate(rows)}
        parents = [index[tuple(row["path"][:-1])] if row["path"] else ROOT for row in rows]
        totals = [int(row["total"]) for row in rows]
        for society in strategy.societies:
            for line in society.lines:
                declared = [item.amount for item in line.items] if line.items else [line.total]
                expected = sum(half_up(half_up(amount, "2"), "2") for amount in declared)
                assert Decimal(rows[index[society.id, line.id]]["total"]) == expected
        fractions = [Fraction(Decimal(payer["share"])) / 100 for payer in document["payers"]]
        exact = [[Fraction(Decimal(v)) for v in row["exact"].values()] for row in rows]
        error = sum(abs(int(v) - e) for row, ex in zip(rows, exact) for v, e in zip(row["allocation"].values(), ex))
        assert Fraction(Decimal(document["rounding_error"])) == error
        assert float(error) == pytest.approx(highs_least_error(parents, totals, fractions), abs=1e-6)

    def test_a_year_outside_the_period_says_which_period_and_exits_2(self):
        result = run("allocate", "2031", "--lang", "en")
        assert result.exit_code == 2
        assert "2031 is outside the strategy's period 2025-2029" in result.stderr


class TestPlan:
    def test_golden_table_and_json(self):
        assert_golden("plan.txt", run("plan").stdout)
        assert_golden("plan_fair.json", run("plan", "--fair", "-f", "json").stdout)

    def test_each_year_is_that_years_allocation_and_the_period_adds_up(self):
        plan = json.loads(run("plan", "-f", "json").stdout)
        for year in plan["years"]:
            grand_total = json.loads(run("allocate", str(year), "-f", "json").stdout)["rows"][0]["allocation"]
            assert {payer["id"]: payer["figures"][str(year)] for payer in plan["payers"]} == grand_total
        for row in (*plan["societies"], *plan["payers"], plan["total"]):
            assert sum(int(v) for v in row["figures"].values()) == int(row["period_total"])
        assert sum(int(p["period_total"]) for p in plan["payers"]) == int(plan["total"]["period_total"])
        assert sum(int(s["period_total"]) for s in plan["societies"]) == int(plan["total"]["period_total"])

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "json"])
    def test_every_format_in_both_languages(self, output_format):
        for lang in ("sl", "en"):
            result = run("plan", "-f", output_format, "--lang", lang)
            assert result.exit_code == 0 and "2029" in result.stdout


class TestFairness:
    def test_shipped_strategy_needs_it_and_gets_it(self):
        """Year by year, Sežana gains over a unit by 2029; carried forward, nobody gains or loses one."""
        alone = json.loads(run("plan", "-f", "json").stdout)["rounding"]
        fair = json.loads(run("plan", "--fair", "-f", "json").stdout)["rounding"]
        assert max(abs(Decimal(v)) for payer in alone for v in payer["cumulative"].values()) >= 1
        assert max(abs(Decimal(v)) for payer in fair for v in payer["cumulative"].values()) < 1

    @settings(max_examples=25, deadline=None)
    @given(strategy_texts(), st.booleans())
    def test_every_year_reconciles_no_cumulative_unit_and_least_error(self, text, fair):
        """Each year meets the contract; with --fair every cumulative difference is under a unit,
        and the period's summed error is the least under that bound, as an independent MILP finds."""
        strategy = strategy_from_text(text)
        tables = allocate_period(strategy, period_lines(strategy), fair=fair)
        for table in tables:
            assert_allocation_reconciles(table)
        if not fair:
            return
        unit = strategy.unit
        for payer in range(len(strategy.payers)):
            cumulative = Decimal(0)
            for table in tables:
                cumulative += table.rows[0].allocation[payer] - table.rows[0].exact[payer]
                assert abs(cumulative) < unit
        parents, totals, free = _period_tree(tables)
        fractions = [Fraction(payer.share) / 100 for payer in strategy.payers]
        least = highs_least_error(parents, totals, fractions, free=free)
        error = sum((table.rounding_error for table in tables), Decimal(0)) / unit
        assert float(error) == pytest.approx(least, abs=1e-6)


def _period_tree(tables):
    """The period as one tree, built here on its own: cumulative rows, then each year's rows."""
    years = len(tables)
    parents = [ROOT] + list(range(years - 2)) if years > 1 else []
    free = list(range(len(parents)))
    totals = [0] * len(parents)
    for number, table in enumerate(tables):
        start = len(parents)
        index = {row.path: start + i for i, row in enumerate(table.rows)}
        holder = (years - 1) - max(number, 1) if years > 1 else ROOT
        for row in table.rows:
            parents.append(index[row.path[:-1]] if row.path else holder)
            totals.append(int(row.total / table.unit))
    year_totals = [int(table.rows[0].total / table.unit) for table in tables]
    for node in free:
        totals[node] = sum(year_totals[: years - node])
    return parents, totals, free
