"""Issue 13 in the core: projected and adopted figures, a key that changes, lines that start or end
within the period, and what-if scenarios (--share, --rate)."""

from __future__ import annotations

import json
import math
import re
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.allocate import allocate, allocate_period
from sofin.domain.amounts import Assumption, RateBasis, Source
from sofin.domain.scenario import Scenario, ScenarioRate
from sofin.problems import InputError
from sofin.rounding import ROOT, controlled_round
from sofin.scenario import WhatIf, apply
from sofin.years import line_histories, period_lines, year_lines

from .helpers import MINIMAL, english_message, run, strategy_from_text
from .helpers import ROOT as REPOSITORY
from .helpers.contract import assert_allocation_reconciles, assert_reconciles, summed_error
from .helpers.strategies import shares, strategy_texts, tree

TEI = "Temeljna ekonomska izhodišča 2026–2027, oktober 2025"
STAFF_RATE = "staff: {default: 2}"  # MINIMAL's rates: 2 % for staff, programme 2 % (2.5 % in 2027)


def half_up(amount: Decimal, rate: str | Decimal) -> Decimal:
    return (amount * (1 + Decimal(rate) / 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def strategy(text: str = MINIMAL, adopted: str = ""):
    return strategy_from_text(text + (f"adopted:\n{adopted}" if adopted else ""))


def with_rates(staff: str, programme: str | None = None) -> str:
    """MINIMAL with other rates: `staff` (and `programme`) as the file writes them, e.g. "{default: 2, 2026: 3}"."""
    text = MINIMAL.replace(STAFF_RATE, f"staff: {staff}")
    return text if programme is None else text.replace("programme: {default: 2, 2027: 2.5}", f"programme: {programme}")


def adopted_rate(rate: str, source: str = TEI) -> str:
    return f'{{rate: {rate}, source: "{source}"}}'


class TestProjected:
    def test_the_base_year_is_declared_and_not_projected(self):
        lines = year_lines(strategy(), 2025)
        assert all(
            not part.projected and part.source is Source.declared for line in lines.values() for part in line.parts
        )
        table = allocate(strategy(), lines)
        assert not table.projected and not any(row.projected for row in table.rows) and table.assumptions == ()

    def test_a_planning_rate_makes_every_figure_above_it_projected(self):
        table = allocate(strategy(), year_lines(strategy(), 2026))
        part = table.row(("s", "staff")).parts[0]
        assert part.source is Source.indexed and part.basis is RateBasis.planned and part.rate_source is None
        assert part.projected and part.assumptions == (Assumption(2026, "staff", Decimal(2), RateBasis.planned),)
        assert table.projected and all(row.projected for row in table.rows)
        assert table.assumptions == (
            Assumption(2026, "programme", Decimal(2), RateBasis.planned),
            Assumption(2026, "staff", Decimal(2), RateBasis.planned),
        )

    def test_an_adopted_rate_with_its_source_is_not_projected(self):
        adopted = adopted_rate("3.1")
        text = with_rates(f"{{default: 2, 2026: {adopted}}}", f"{{default: 2, 2026: {adopted_rate('2.2')}}}")
        table = allocate(strategy(text), year_lines(strategy(text), 2026))
        part = table.row(("s", "staff")).parts[0]
        assert (part.rate, part.basis, part.rate_source) == (Decimal("3.1"), RateBasis.adopted, TEI)
        assert part.amount == half_up(Decimal(1001), "3.1") and not part.projected
        assert not table.projected and not any(row.projected for row in table.rows) and table.assumptions == ()

    def test_one_kind_adopted_the_other_planned(self):
        """Staff costs at the adopted rate, programme costs planned: the society and the grand total are projected."""
        text = with_rates(f"{{default: 2, 2026: {adopted_rate('3.1')}}}")
        table = allocate(strategy(text), year_lines(strategy(text), 2026))
        assert not table.row(("s", "staff")).projected
        assert table.row(("s", "programme")).projected
        assert table.row(("s",)).projected and table.projected
        assert [assumption.kind for assumption in table.assumptions] == ["programme"]

    def test_an_adopted_default_rate_makes_no_year_projected(self):
        text = with_rates(f"{{default: {adopted_rate('2')}}}", f"{{default: {adopted_rate('2')}}}")
        for year in range(2025, 2030):
            assert not allocate(strategy(text), year_lines(strategy(text), year)).projected

    def test_an_adopted_amount_resets_projected_and_a_later_planning_rate_sets_it_again(self):
        history = line_histories(strategy(adopted="  2027:\n    s/staff/1: 1100\n"), 2029)["s", "staff"]
        flags = [year.parts[0].projected for year in history]
        assert flags == [False, True, False, True, True]
        # From the adopted amount on, only the rates after it are assumptions.
        assert [assumption.year for assumption in history[4].parts[0].assumptions] == [2028, 2029]
        assert history[3].parts[0].indexed_from == 1100

    def test_an_adopted_rate_after_a_planning_rate_is_still_projected(self):
        """2027's rate is adopted, but 2027's amount is indexed from 2026's, which rests on a planning rate."""
        text = with_rates(f"{{default: 2, 2027: {adopted_rate('3.1')}}}")
        parts = [year.parts[0] for year in line_histories(strategy(text), 2027)["s", "staff"]]
        assert [part.projected for part in parts] == [False, True, True]
        assert parts[2].basis is RateBasis.adopted and parts[2].rate_source == TEI
        assert parts[2].assumptions == (Assumption(2026, "staff", Decimal(2), RateBasis.planned),)

    def test_a_later_planning_year_makes_an_adopted_chain_projected_again(self):
        text = with_rates(f"{{default: 2, 2026: {adopted_rate('3.1')}}}")
        parts = [year.parts[0] for year in line_histories(strategy(text), 2028)["s", "staff"]]
        assert [part.projected for part in parts] == [False, False, True, True]
        assert [part.basis for part in parts[1:]] == [RateBasis.adopted, RateBasis.planned, RateBasis.planned]
        assert [assumption.year for assumption in parts[3].assumptions] == [2027, 2028]

    def test_json_marks_projected_at_the_top_on_rows_and_parts_with_basis_and_source(self, write):
        path = write(with_rates(f"{{default: 2, 2026: {adopted_rate('3.1')}}}"))
        document = json.loads(run("allocate", "2026", "-f", "json", "-s", str(path)).stdout)
        assert document["projected"] is True and document["scenario"] is None
        assert document["assumptions"] == [{"year": 2026, "kind": "programme", "rate": "2", "basis": "planned"}]
        rows = {tuple(row["path"]): row for row in document["rows"]}
        assert [rows[path]["projected"] for path in [(), ("s",), ("s", "staff"), ("s", "programme")]] == [
            True,
            True,
            False,
            True,
        ]
        staff, programme = rows["s", "staff"]["parts"][0], rows["s", "programme"]["parts"][0]
        assert (staff["rate"], staff["rate_basis"], staff["rate_source"], staff["projected"]) == (
            "3.1",
            "adopted",
            TEI,
            False,
        )
        assert (programme["rate_basis"], programme["projected"]) == ("planned", True) and "rate_source" not in programme

    def test_json_of_the_base_year_is_not_projected(self):
        document = json.loads(run("allocate", "2025", "-f", "json").stdout)
        assert document["projected"] is False and document["assumptions"] == []
        assert not any(row["projected"] for row in document["rows"])
        assert not any(
            part["projected"] or "rate_basis" in part for row in document["rows"] for part in row.get("parts", [])
        )


SOCIETY_T = """\
  - id: t
    name: Društvo T
    short: T
    from: 2027
    lines:
      - {id: x, label: Program, kind: programme, amount: 1000}
      - id: y
        label: Zaposleni
        kind: staff
        from: 2028
        items:
          - {label: Delavec, amount: 500}
          - {label: Delavka, amount: 700}
"""
# `s`'s programme ends in 2027; `t` starts in 2027, its line `y` in 2028.
STARTS_AND_ENDS = MINIMAL.replace("      - {id: programme,", "      - {id: programme, until: 2027,") + SOCIETY_T


class TestFromUntil:
    def test_rows_are_absent_outside_their_years_not_zero(self):
        plan = strategy(STARTS_AND_ENDS)
        paths = {year: [row.path for row in allocate(plan, year_lines(plan, year)).rows] for year in range(2025, 2030)}
        assert paths[2026] == [(), ("s",), ("s", "staff"), ("s", "programme")]
        assert paths[2027] == [(), ("s",), ("s", "staff"), ("s", "programme"), ("t",), ("t", "x")]
        assert paths[2028] == paths[2029] == [(), ("s",), ("s", "staff"), ("t",), ("t", "x"), ("t", "y")]

    def test_the_declared_amount_is_the_first_years_then_indexed(self):
        plan = strategy(STARTS_AND_ENDS)
        x = line_histories(plan, 2029)["t", "x"]
        assert [year.year for year in x] == [2027, 2028, 2029]
        assert [year.amount for year in x] == [
            1000,
            half_up(Decimal(1000), "2"),
            half_up(half_up(Decimal(1000), "2"), "2"),
        ]
        assert x[0].parts[0].source is Source.declared and not x[0].parts[0].projected
        assert x[1].parts[0].source is Source.indexed and x[1].parts[0].rate == 2
        y = line_histories(plan, 2029)["t", "y"]
        assert [[part.amount for part in year.parts] for year in y] == [[500, 700], [510, 714]]
        assert [year.amount for year in y] == [1200, 1224]

    def test_a_society_starting_later_does_not_change_the_others(self):
        without = strategy()
        with_t = strategy(STARTS_AND_ENDS)
        for year in (2026, 2027):
            assert year_lines(without, year)["s", "staff"] == year_lines(with_t, year)["s", "staff"]
            assert year_lines(without, year)["s", "programme"] == year_lines(with_t, year)["s", "programme"]

    def test_totals_are_sums_of_the_lines_that_run(self):
        plan = strategy(STARTS_AND_ENDS)
        for table in allocate_period(plan, period_lines(plan)):
            assert_allocation_reconciles(table)
            lines = year_lines(plan, table.year)
            assert table.grand_total.total == sum(line.amount for line in lines.values())

    def test_period_lines_agree_with_each_years_lines(self):
        plan = strategy(STARTS_AND_ENDS)
        assert period_lines(plan) == [year_lines(plan, year) for year in range(2025, 2030)]

    def test_a_line_of_its_last_year_is_there_and_gone_the_next(self):
        plan = strategy(STARTS_AND_ENDS)
        assert ("s", "programme") in year_lines(plan, 2027) and ("s", "programme") not in year_lines(plan, 2028)

    def test_adopted_amounts_of_a_line_that_starts_later(self):
        """Adopted for the years after its first: the base of the next year, as for any line."""
        plan = strategy(STARTS_AND_ENDS, adopted="  2028:\n    t/x: 1100\n  2029:\n    t/y/2: 800\n")
        x, y = (line_histories(plan, 2029)["t", line] for line in ("x", "y"))
        assert [year.amount for year in x] == [1000, 1100, half_up(Decimal(1100), "2")]
        assert [part.source for part in y[1].parts] == [Source.indexed, Source.adopted]
        assert [part.amount for part in y[1].parts] == [510, 800]

    def test_json_has_no_row_of_a_society_before_it_starts(self, write):
        path = write(STARTS_AND_ENDS)
        paths = [
            row["path"] for row in json.loads(run("allocate", "2026", "-f", "json", "-s", str(path)).stdout)["rows"]
        ]
        assert ["t"] not in paths and ["t", "x"] not in paths and ["s", "programme"] in paths
        paths = [
            row["path"] for row in json.loads(run("allocate", "2028", "-f", "json", "-s", str(path)).stdout)["rows"]
        ]
        assert ["t", "y"] in paths and ["s", "programme"] not in paths

    def test_diff_says_added_and_removed(self, write):
        path = write(STARTS_AND_ENDS)
        document = json.loads(run("diff", "2027", "2028", "-f", "json", "-s", str(path)).stdout)
        causes = {tuple(row["path"]): row["causes"] for row in document["rows"]}
        assert causes["t", "y"] == ["added"] and causes["s", "programme"] == ["removed"]


# A key that changes from 2027: Občina A 60.5 % -> 61 %, Občina B 39.5 % -> 39 %.
CHANGING_KEY = MINIMAL.replace("share: 60.5}", "share: {2025: 60.5, 2027: 61}}").replace(
    "share: 39.5}", "share: {2025: 39.5, 2027: 39}}"
)


class TestChangingKey:
    def test_each_year_uses_the_latest_entry_at_or_before_it(self):
        plan = strategy(CHANGING_KEY)
        assert [plan.shares_in(year) for year in range(2025, 2030)] == [
            (Decimal("60.5"), Decimal("39.5")),
            (Decimal("60.5"), Decimal("39.5")),
            (Decimal(61), Decimal(39)),
            (Decimal(61), Decimal(39)),
            (Decimal(61), Decimal(39)),
        ]

    @pytest.mark.parametrize("fair", [False, True])
    def test_each_years_table_uses_that_years_key_and_keeps_the_contract(self, fair):
        plan = strategy(CHANGING_KEY)
        tables = allocate_period(plan, period_lines(plan), fair=fair)
        for table in tables:
            assert [payer.share for payer in table.payers] == list(plan.shares_in(table.year))
            assert_allocation_reconciles(table)  # exact figures by this year's key
        assert tables[2].row(("s", "staff")).exact[0] == tables[2].row(("s", "staff")).total * Decimal("0.61")

    def test_a_year_alone_is_the_same_with_a_changed_key_elsewhere(self):
        """Rounded year by year, 2025 does not depend on a key that changes in 2027."""
        assert allocate(strategy(CHANGING_KEY), year_lines(strategy(CHANGING_KEY), 2025)) == allocate(
            strategy(), year_lines(strategy(), 2025)
        )

    def test_a_payer_with_a_plain_share_beside_one_that_changes(self):
        """Three payers: one keeps 20 %, two trade 0.5 % from 2028."""
        text = MINIMAL.replace(
            "  - {id: a, name: Občina A, share: 60.5}\n  - {id: b, name: Občina B, share: 39.5}\n",
            "  - {id: a, name: Občina A, share: {2025: 40.5, 2028: 41}}\n"
            "  - {id: b, name: Občina B, share: {2025: 39.5, 2028: 39}}\n"
            "  - {id: c, name: Občina C, share: 20}\n",
        )
        plan = strategy(text)
        assert plan.shares_in(2027) == (Decimal("40.5"), Decimal("39.5"), Decimal(20))
        assert plan.shares_in(2028) == (Decimal(41), Decimal(39), Decimal(20))
        for table in allocate_period(plan, period_lines(plan), fair=True):
            assert_allocation_reconciles(table)

    def test_json_gives_each_years_key(self, write):
        path = write(CHANGING_KEY)
        for year, expected in [(2026, ["60.5", "39.5"]), (2027, ["61", "39"])]:
            document = json.loads(run("allocate", str(year), "-f", "json", "-s", str(path)).stdout)
            assert [payer["share"] for payer in document["payers"]] == expected

    def test_diff_names_the_key_as_a_cause(self, write):
        path = write(CHANGING_KEY)
        document = json.loads(run("diff", "2026", "2027", "-f", "json", "-s", str(path)).stdout)
        assert document["key_changes"] == [
            {"payer": "a", "before": "60.5", "after": "61"},
            {"payer": "b", "before": "39.5", "after": "39"},
        ]
        assert all("key" in row["causes"] for row in document["rows"])
        unchanged = json.loads(run("diff", "2027", "2028", "-f", "json", "-s", str(path)).stdout)
        assert unchanged["key_changes"] == [] and not any("key" in row["causes"] for row in unchanged["rows"])


@st.composite
def changing_key_texts(draw):
    """A random strategy (tests/helpers/strategies.py) whose key changes from a random year of 2026-2029,
    maybe twice."""
    text = draw(strategy_texts())
    before = re.findall(r"share: ([0-9.]+)\}", text)
    starts = sorted(draw(st.sets(st.integers(2026, 2029), min_size=1, max_size=2)))
    keys = [before] + [[str(share) for share in draw(shares(len(before), len(before)))] for _ in starts]
    for payer in range(len(before)):
        entries = ", ".join(f"{year}: {key[payer]}" for year, key in zip([2025, *starts], keys))
        text = text.replace(
            f"{{id: p{payer}, name: Občina {payer}, share: {before[payer]}}}",
            f"{{id: p{payer}, name: Občina {payer}, share: {{{entries}}}}}",
        )
    return text


def least_error_by_milp(parents, totals, exact, free=()) -> Fraction:
    """The least summed error by an integer program built here on its own, from every figure's exact value:
    a binary y per figure (0 floor, 1 ceiling); rows sum to their totals, parents to their children;
    the error of a figure is r + y (1 - 2 r), r = exact - floor, except on `free` rows."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    payers = len(exact[0])
    count = len(totals) * payers
    floors = [math.floor(value) for row in exact for value in row]
    rests = [value - math.floor(value) for row in exact for value in row]
    rows, bounds = [], []
    for node, total in enumerate(totals):
        row = np.zeros(count)
        row[node * payers : (node + 1) * payers] = 1
        rows.append(row)
        bounds.append(total - sum(floors[node * payers : (node + 1) * payers]))
    for node in set(parents) - {ROOT}:
        kids = [kid for kid, parent in enumerate(parents) if parent == node]
        for payer in range(payers):
            row = np.zeros(count)
            row[node * payers + payer] = 1
            for kid in kids:
                row[kid * payers + payer] = -1
            rows.append(row)
            bounds.append(sum(floors[kid * payers + payer] for kid in kids) - floors[node * payers + payer])
    paid = [i // payers not in free for i in range(count)]
    costs = np.array([float(1 - 2 * rest) if counts else 0.0 for rest, counts in zip(rests, paid)])
    upper = [0 if rest == 0 else 1 for rest in rests]
    result = milp(
        c=costs,
        constraints=LinearConstraint(np.array(rows), bounds, bounds),
        integrality=np.ones(count),
        bounds=Bounds([0] * count, upper),
        options={"mip_rel_gap": 0},
    )
    assert result.success, result.message
    ups = [round(value) for value in result.x]
    return sum((rest + up * (1 - 2 * rest) for rest, up, counts in zip(rests, ups, paid) if counts), Fraction(0))


def period_tree(tables):
    """The period as one tree, as --fair rounds it: a chain of cumulative rows, then each year's rows;
    the exact figures of each year by that year's key, of a cumulative row the sum of what it holds."""
    years = len(tables)
    parents = [ROOT] + list(range(years - 2)) if years > 1 else []
    free = list(range(len(parents)))
    totals, exact = [0] * len(parents), [None] * len(parents)
    for number, table in enumerate(tables):
        index = {row.path: len(parents) + i for i, row in enumerate(table.rows)}
        holder = (years - 1) - max(number, 1) if years > 1 else ROOT
        for row in table.rows:
            parents.append(index[row.path[:-1]] if row.path else holder)
            totals.append(int(row.total / table.unit))
            exact.append([Fraction(row.total / table.unit) * Fraction(payer.share) / 100 for payer in table.payers])
    for node in reversed(free):
        held = [kid for kid, parent in enumerate(parents) if parent == node]
        totals[node] = sum(totals[kid] for kid in held)
        exact[node] = [sum(values, Fraction(0)) for values in zip(*(exact[kid] for kid in held))]
    return parents, totals, exact, free


class TestChangingKeyProperties:
    @settings(max_examples=25, deadline=None)
    @given(changing_key_texts(), st.booleans())
    def test_every_year_keeps_the_contract_by_its_own_key(self, text, fair):
        """Each year's table meets the contract with its own key; with --fair no municipality's cumulative
        difference (summed over years of different keys) reaches a unit, and the period's error is the
        least an independent integer program finds under that bound."""
        plan = strategy_from_text(text)
        tables = allocate_period(plan, period_lines(plan), fair=fair)
        for table in tables:
            assert [payer.share for payer in table.payers] == list(plan.shares_in(table.year))
            assert_allocation_reconciles(table)
        if not fair:
            return
        for payer in range(len(plan.payers)):
            cumulative = Decimal(0)
            for table in tables:
                cumulative += table.rows[0].allocation[payer] - table.rows[0].exact[payer]
                assert abs(cumulative) < plan.unit
        parents, totals, exact, free = period_tree(tables)
        figures = [[]] * len(free) + [[int(v / t.unit) for v in row.allocation] for t in tables for row in t.rows]
        error = sum((table.rounding_error for table in tables), Decimal(0)) / plan.unit
        assert Fraction(error) == least_error_by_milp(parents, totals, exact, free)
        paid = range(len(free), len(totals))
        assert Fraction(error) == summed_error([figures[v] for v in paid], [exact[v] for v in paid])


@st.composite
def keyed_trees(draw):
    """A grand total over societies, each society (with its lines) by a key of its own: the shape of
    the period's tree, in which each year's rows have that year's key."""
    parents, totals = draw(tree(max_societies=3, max_lines=3, max_total=2_000))
    payers = draw(st.integers(2, 4))
    society_keys = {}
    keys = []
    for node, parent in enumerate(parents):
        if parent == ROOT:
            keys.append(None)
        elif parent == 0:
            society_keys[node] = [Fraction(share) / 100 for share in draw(shares(payers, payers))]
            keys.append(society_keys[node])
        else:
            keys.append(society_keys[parent])
    return parents, totals, keys


class TestNodeShares:
    @settings(max_examples=60, deadline=None)
    @given(keyed_trees())
    def test_nodes_with_keys_of_their_own_keep_the_contract_with_the_least_error(self, problem):
        """controlled_round's node_shares: every figure the floor or ceiling of its node's exact figure,
        rows and columns add up, and the error is the least an independent integer program finds."""
        parents, totals, keys = problem
        result = controlled_round(parents, totals, next(key for key in keys if key), node_shares=keys)
        exact = [None] * len(totals)
        for node in range(len(totals) - 1, -1, -1):
            if keys[node] is not None:
                exact[node] = [totals[node] * share for share in keys[node]]
            else:  # the grand total: the sum of its societies' exact figures
                kids = [kid for kid, parent in enumerate(parents) if parent == node]
                exact[node] = [sum(values, Fraction(0)) for values in zip(*(exact[kid] for kid in kids))]
        assert [list(row) for row in result.exact] == exact
        assert_reconciles(parents, totals, exact, result.figures)
        assert result.error == least_error_by_milp(parents, totals, exact)

    def test_one_key_for_every_node_is_the_same_as_no_node_shares(self):
        parents, totals = [ROOT, 0, 1, 1, 0, 4], [1000, 601, 301, 300, 399, 399]
        key = [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)]
        assert controlled_round(parents, totals, key, node_shares=[key] * 6) == controlled_round(parents, totals, key)


class TestScenario:
    def test_apply_replaces_shares_and_rates_and_leaves_the_strategy_as_it_was(self):
        original = strategy(CHANGING_KEY)
        before = original.model_dump()
        changed = apply(original, WhatIf(shares=("a=60,2", "b=39.8"), rates=("2027=3.5", "staff:2028=0")))
        assert changed.scenario == Scenario(
            shares=(("a", Decimal("60.2")), ("b", Decimal("39.8"))),
            rates=(
                ScenarioRate("staff", 2027, Decimal("3.5")),
                ScenarioRate("programme", 2027, Decimal("3.5")),
                ScenarioRate("staff", 2028, Decimal(0)),
            ),
        )
        assert [changed.shares_in(year) for year in (2025, 2029)] == [(Decimal("60.2"), Decimal("39.8"))] * 2
        assert original.scenario is None and original.model_dump() == before
        assert original.shares_in(2027) == (Decimal(61), Decimal(39))

    def test_no_what_if_is_the_strategy_itself(self):
        original = strategy()
        assert apply(original, WhatIf()) is original and original.scenario is None

    def test_a_rate_replaces_that_years_rate_only_and_is_a_scenario(self):
        changed = apply(strategy(), WhatIf(rates=("staff:2027=3.5",)))
        history = line_histories(changed, 2028)["s", "staff"]
        assert [year.amount for year in history[:2]] == [1001, half_up(Decimal(1001), "2")]
        assert history[2].amount == half_up(history[1].amount, "3.5")
        assert history[3].amount == half_up(history[2].amount, "2")
        assert history[2].parts[0].basis is RateBasis.scenario
        programme = line_histories(changed, 2027)["s", "programme"]
        assert programme[2].parts[0].rate == Decimal("2.5") and programme[2].parts[0].basis is RateBasis.planned

    def test_a_scenario_rate_over_an_adopted_one_is_projected(self):
        text = with_rates(f"{{default: {adopted_rate('2')}}}", f"{{default: {adopted_rate('2')}}}")
        assert not year_lines(strategy(text), 2027)["s", "staff"].parts[0].projected
        part = year_lines(apply(strategy(text), WhatIf(rates=("2027=3.5",))), 2027)["s", "staff"].parts[0]
        assert part.projected and part.rate_source is None
        assert part.assumptions == (Assumption(2027, "staff", Decimal("3.5"), RateBasis.scenario),)

    def test_adopted_amounts_still_win_over_a_scenario_rate(self):
        changed = apply(strategy(adopted="  2027:\n    s/programme: 400\n"), WhatIf(rates=("2027=9",)))
        part = year_lines(changed, 2027)["s", "programme"].parts[0]
        assert (part.amount, part.source, part.projected) == (400, Source.adopted, False)

    def test_a_share_replaces_a_changing_key_in_every_year_and_each_year_must_sum_to_100(self):
        """b's share 39.5 sums to 100 with a's 60.5 (2025-2026) but not with 61 (from 2027): the message names those years."""
        with pytest.raises(InputError) as raised:
            apply(strategy(CHANGING_KEY), WhatIf(shares=("b=39.5",)))
        [problem] = raised.value.problems
        assert problem.field == "--share"
        assert english_message(problem) == "with b=39.5, the shares of 2027-2029 sum to 100.5, not exactly 100"

    def test_the_table_of_a_scenario_keeps_the_contract(self):
        changed = apply(strategy(), WhatIf(shares=("a=70", "b=30")))
        for table in allocate_period(changed, period_lines(changed), fair=True):
            assert [payer.share for payer in table.payers] == [70, 30]
            assert table.scenario == changed.scenario
            assert_allocation_reconciles(table)


class TestScenarioCommandLine:
    def test_allocate_with_a_rate_is_marked_and_changes_the_figures(self):
        plain = json.loads(run("allocate", "2027", "-f", "json").stdout)
        result = run("allocate", "2027", "--rate", "2027=3.5", "-f", "json")
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert plain["scenario"] is None
        assert document["scenario"] == {
            "shares": {},
            "rates": [
                {"kind": "staff", "year": 2027, "rate": "3.5"},
                {"kind": "programme", "year": 2027, "rate": "3.5"},
            ],
        }
        assert document["projected"] is True
        assert {"year": 2027, "kind": "staff", "rate": "3.5", "basis": "scenario"} in document["assumptions"]
        before = {tuple(row["path"]): row for row in plain["rows"]}
        after = {tuple(row["path"]): row for row in document["rows"]}
        last_year = {
            tuple(row["path"]): row for row in json.loads(run("allocate", "2026", "-f", "json").stdout)["rows"]
        }
        for previous, part in zip(last_year["vezi", "staff"]["parts"], after["vezi", "staff"]["parts"]):
            assert (part["rate"], part["rate_basis"], part["projected"]) == ("3.5", "scenario", True)
            assert Decimal(part["amount"]) == half_up(Decimal(previous["amount"]), "3.5")
        for path in before:
            assert Decimal(after[path]["total"]) > Decimal(before[path]["total"]), path

    def test_allocate_with_shares_sums_and_says_so(self):
        result = run("allocate", "2027", "--share", "komen=16,32", "--share", "divaca=15.35", "-f", "json")
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        shares = {payer["id"]: Decimal(payer["share"]) for payer in document["payers"]}
        assert (
            shares["komen"] == Decimal("16.32") and shares["divaca"] == Decimal("15.35") and sum(shares.values()) == 100
        )
        assert document["scenario"] == {"shares": {"komen": "16.32", "divaca": "15.35"}, "rates": []}
        for row in document["rows"]:
            assert sum(Decimal(value) for value in row["allocation"].values()) == Decimal(row["total"])
            for payer, exact in row["exact"].items():
                assert Decimal(exact) == Decimal(row["total"]) * shares[payer] / 100
                assert abs(Decimal(row["allocation"][payer]) - Decimal(exact)) < 1

    def test_diff_of_a_year_with_itself_shows_the_scenario(self):
        same = json.loads(run("diff", "2027", "2027", "-f", "json").stdout)
        assert not any(row["changed"] for row in same["rows"])
        result = run("diff", "2027", "2027", "--rate", "2027=3.5")
        assert result.exit_code == 0, result.output
        assert "3,5\u00a0%" in result.stdout
        document = json.loads(run("diff", "2027", "2027", "--rate", "2027=3.5", "-f", "json").stdout)
        assert all(row["changed"] and row["causes"] == ["amount"] for row in document["rows"])
        total = document["rows"][0]["total"]
        assert Decimal(total["after"]) > Decimal(total["before"])

    def test_diff_of_a_year_with_itself_shows_a_scenario_key(self):
        document = json.loads(
            run("diff", "2027", "2027", "--share", "komen=16.32", "--share", "divaca=15.35", "-f", "json").stdout
        )
        assert {change["payer"] for change in document["key_changes"]} == {"komen", "divaca"}
        assert document["rows"][0]["total"]["change"] == "0"

    @pytest.mark.parametrize(
        "command",
        [
            ["plan"],
            ["payments", "2027", "--payer", "komen"],
            ["explain", "2027", "vezi/staff"],
            ["allocate", "2027", "--fair"],
        ],
        ids=["plan", "payments", "explain", "allocate --fair"],
    )
    def test_every_command_takes_the_what_ifs(self, command):
        result = run(*command, "--share", "komen=16.32", "--share", "divaca=15.35", "--rate", "staff:2027=3,5")
        assert result.exit_code == 0, result.output
        assert result.stdout != run(*command).stdout

    def test_check_compares_a_table_with_the_scenarios_allocation(self):
        """The published 2025 table is sofin's own: it reconciles with the strategy, not with a changed key."""
        table = str(REPOSITORY / "data" / "published" / "2025.json")
        assert run("check", table, "--year", "2025").exit_code == 0
        result = run(
            "check", table, "--year", "2025", "--share", "komen=16.32", "--share", "divaca=15.35", "-f", "json"
        )
        assert result.exit_code == 1, result.output
        assert {finding["kind"] for finding in json.loads(result.stdout)["findings"]} >= {"differs"}


README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
SHIPPED = (REPOSITORY / "data" / "strategija_2025.yaml").read_text(encoding="utf-8")


def readme_yaml(heading: str) -> str:
    """The YAML example of a README section (indented under a list item, or not)."""
    section = README.split(f"\n### {heading}\n", 1)[1].split("\n### ", 1)[0]
    [block] = re.findall(r"```yaml\n(.*?)\n *```", section, flags=re.S)
    return textwrap.dedent(block) + "\n"


def with_block(text: str, block: str) -> str:
    """The shipped strategy with a README example: a top-level field replaced, or societies appended."""
    field = block.split(":", 1)[0]
    if field == "societies":
        return text + block.split("\n", 1)[1]
    replaced, count = re.subn(rf"^{field}:\n(?:  .*\n)+", block, text, flags=re.M)
    assert count == 1, field
    return replaced


class TestReadme:
    def test_adopted_rates_example(self):
        plan = strategy_from_text(with_block(SHIPPED, readme_yaml("Entering a year's adopted figures")))
        assert not allocate(plan, year_lines(plan, 2026)).projected
        assert allocate(plan, year_lines(plan, 2027)).projected
        part = year_lines(plan, 2026)["vezi", "staff"].parts[0]
        assert (part.rate, part.basis, part.rate_source) == (Decimal("3.1"), RateBasis.adopted, TEI)

    def test_changing_key_example(self):
        plan = strategy_from_text(with_block(SHIPPED, readme_yaml("A key that changes from a year on")))
        assert plan.shares_in(2026) == (Decimal("50.78"), Decimal("16.35"), Decimal("17.55"), Decimal("15.32"))
        assert plan.shares_in(2027) == (Decimal("50.00"), Decimal("16.35"), Decimal("17.55"), Decimal("16.10"))

    def test_from_until_example(self):
        plan = strategy_from_text(
            with_block(SHIPPED, readme_yaml("Societies and lines that start or end within the period"))
        )
        lines = {year: year_lines(plan, year) for year in range(2025, 2030)}
        assert not any(society == "sopotnik" for year in (2025, 2026) for society, _ in lines[year])
        assert [lines[2027]["sopotnik", line].amount for line in ("programme", "project")] == [6000, 2500]
        assert ("sopotnik", "staff") not in lines[2027] and lines[2028]["sopotnik", "staff"].amount == 18000
        assert ("sopotnik", "project") in lines[2028] and ("sopotnik", "project") not in lines[2029]

    def test_the_messages_the_readme_quotes(self, write, monkeypatch):
        path = write(SHIPPED.replace("share: 15.32}", "share: {2025: 15.32, 2027: 16.10}}"), "my.yaml")
        monkeypatch.chdir(path.parent)
        quoted = " ".join(README.split())  # the README wraps its lines
        [message] = run("allocate", "2025", "-s", "my.yaml").stderr.splitlines()[:-1]  # in Slovenian, as README
        assert message == "my.yaml:17:64: payers[3].share[2027]: v letu 2027 dajo deleži skupaj 100,78, ne natanko 100"
        assert message in quoted
        for options in (["--share", "komen=16.32"], ["--rate", "2025=3"]):
            [message] = run("allocate", "2027", "--lang", "en", *options).stderr.splitlines()[:-1]
            assert message in quoted, message
