"""`sofin payments`, issue 23 item 12: the units left over go to the earliest instalments reconciliation allows.

First in the municipality's instalment totals, then in each society's, society by society in table
order. Checked against two formulations that share nothing with the solver: every table that
reconciles, tried one by one (small cases), and a greedy placement that gives each society in turn the
earliest periods after which the rest can still be placed (the Gale-Ryser condition), for monthly
schedules too large to try.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.pipeline import payments_for
from sofin.results.payments import Schedule

from .helpers import assert_golden, run


def reconciling_tables(units: list[int], periods: int):
    """Every instalment table that reconciles: each contract's instalments its n-th's floor or ceiling
    adding up to it, the totals' the same of the annual total, and each period's contracts adding up
    to its total. `units`: the annual total, then the contracts."""
    annual, contracts = units[0], units[1:]
    for extras in itertools.product(
        *(itertools.combinations(range(periods), amount % periods) for amount in contracts)
    ):
        rows = tuple(
            tuple(amount // periods + (period in chosen) for period in range(periods))
            for amount, chosen in zip(contracts, extras)
        )
        totals = tuple(sum(column) for column in zip(*rows)) if rows else (0,) * periods
        if all(annual // periods <= total <= -(-annual // periods) for total in totals):
            yield (totals, *rows)


def front_loaded_by_trying_all(units: list[int], periods: int):
    """The totals' instalments as large as early as they can be, then the first contract's, and so on:
    the lexicographically greatest of all tables that reconcile."""
    return max(reconciling_tables(units, periods))


def _placeable(needs: list[int], room: list[int]) -> bool:
    """Gale-Ryser: contracts needing `needs` extra units each in distinct periods, periods with exactly
    `room` units to take, can all be placed."""
    if sum(needs) != sum(room) or any(r < 0 for r in room):
        return False
    ordered = sorted(needs, reverse=True)
    return all(sum(ordered[:k]) <= sum(min(r, k) for r in room) for k in range(1, len(ordered) + 1))


def front_loaded_greedily(units: list[int], periods: int):
    """The same by construction: the totals take the remainder in their first periods; then each contract
    in turn takes, period by period, an extra unit wherever the contracts after it can still be placed."""
    annual, contracts = units[0], units[1:]
    totals = tuple(annual // periods + (period < annual % periods) for period in range(periods))
    room = [total - sum(amount // periods for amount in contracts) for total in totals]
    rows = []
    for index, amount in enumerate(contracts):
        need = amount % periods
        later = [other % periods for other in contracts[index + 1 :]]
        chosen = []
        for period in range(periods):
            if len(chosen) == need:
                break
            trial = [r - (p == period) for p, r in enumerate(room)]
            left = need - len(chosen) - 1
            # The rest of this contract's units, in later periods, and the contracts after it.
            if room[period] and _placeable_with_rest(left, period, trial, later):
                chosen.append(period)
                room = trial
        assert len(chosen) == need
        rows.append(tuple(amount // periods + (p in chosen) for p in range(periods)))
    return (totals, *rows)


def _placeable_with_rest(left: int, after: int, room: list[int], later: list[int]) -> bool:
    """Whether `left` more units of this contract fit in distinct periods after `after`, with the later
    contracts placed too: some choice of those periods leaves room they can use."""
    candidates = [p for p in range(after + 1, len(room)) if room[p]]
    for chosen in itertools.combinations(candidates, left):
        rest = [r - (p in chosen) for p, r in enumerate(room)]
        if _placeable(later, rest):
            return True
    return False


def sofin_instalments(units: list[int], periods: int):
    from sofin.payments import instalments

    return instalments(units, periods)


def _contracts(max_contracts: int, max_amount: int):
    return st.lists(st.integers(0, max_amount), min_size=1, max_size=max_contracts)


class TestFrontLoaded:
    @settings(max_examples=200, deadline=None)
    @given(_contracts(4, 60), st.sampled_from([2, 3, 4]))
    def test_as_trying_every_table_that_reconciles(self, contracts, periods):
        units = [sum(contracts), *contracts]
        assert sofin_instalments(units, periods) == front_loaded_by_trying_all(units, periods)

    @settings(max_examples=150, deadline=None)
    @given(_contracts(6, 100_000), st.sampled_from([4, 12]))
    def test_as_the_greedy_placement(self, contracts, periods):
        units = [sum(contracts), *contracts]
        assert sofin_instalments(units, periods) == front_loaded_greedily(units, periods)

    @settings(max_examples=60, deadline=None)
    @given(_contracts(4, 60), st.sampled_from([3, 4]))
    def test_the_two_formulations_agree(self, contracts, periods):
        """The greedy is checked itself against trying every table, where both can run."""
        units = [sum(contracts), *contracts]
        assert front_loaded_greedily(units, periods) == front_loaded_by_trying_all(units, periods)

    @settings(max_examples=150, deadline=None)
    @given(_contracts(6, 100_000), st.sampled_from([4, 12]))
    def test_every_sum_reconciles(self, contracts, periods):
        units = [sum(contracts), *contracts]
        totals, *rows = sofin_instalments(units, periods)
        assert sum(totals) == units[0] and [sum(row) for row in rows] == contracts
        assert list(totals) == [sum(column) for column in zip(*rows)]
        for amount, row in zip(units, (totals, *rows)):
            assert max(row) - min(row) <= 1 and all(
                value in (amount // periods, -(-amount // periods)) for value in row
            )
        # The totals: the remainder in the first periods, nowhere else.
        assert list(totals) == [units[0] // periods + (p < units[0] % periods) for p in range(periods)]

    def test_divaca_2026_rk_takes_the_earliest_periods_left(self):
        """Divača 2026, quarterly: the total 32.458 leaves 2 over: 8.115, 8.115, 8.114, 8.114. PO-MOČ (3 over)
        and VEZI (3 over) take Q1-Q3; Q3 is then full, and MDPM after RK needs two periods: RK's two units go
        to Q1 and Q4, MDPM's to Q2 and Q4. RK's Q1 and Q2 would leave MDPM only Q4 for two units."""
        result = payments_for(None, 2026, "divaca", Schedule.quarterly)
        rk = next(c for c in result.contracts if c.path == ("rk-sezana",))
        assert rk.instalments == tuple(Decimal(v) for v in (2590, 2589, 2589, 2590))
        assert result.totals == tuple(Decimal(v) for v in (8115, 8115, 8114, 8114))
        units = [int(result.annual), *(int(c.annual) for c in result.contracts)]
        assert front_loaded_by_trying_all(units, 4) == (
            tuple(int(v) for v in result.totals),
            *(tuple(int(v) for v in c.instalments) for c in result.contracts),
        )


class TestWhyNotEqual:
    def test_one_line_in_the_table_in_both_languages(self):
        sl = run("payments", "2025", "--payer", "hrpelje-kozina", "--schedule", "quarterly").stdout
        line = (
            "Obroki se razlikujejo za 1 EUR: ostanek deljenja 34.158 s 4 (2 EUR) je pripisan prvim skupnim obrokom,"
            " ostanek vsake pogodbe pa njenim prvim obrokom, kjer to vsote dopuščajo."
        )
        assert sl.count(line) == 1
        assert 34158 % 4 == 2  # the remainder the line names
        en = run("payments", "2025", "--payer", "hrpelje-kozina", "--schedule", "monthly", "--lang", "en").stdout
        assert "Instalments differ by 1 EUR: the remainder of 34,158 divided by 12 (6 EUR) goes to the first" in en
        assert 34158 % 12 == 6

    @pytest.mark.parametrize("output_format", ["markdown", "ledger"])
    def test_markdown_and_ledger_say_it(self, output_format):
        text = run("payments", "2025", "--payer", "komen", "--schedule", "quarterly", "-f", output_format).stdout
        assert "Obroki se razlikujejo za 1 EUR: ostanek deljenja 29.817 s 4 (1 EUR)" in text

    def test_the_workbook_says_it(self, tmp_path):
        from openpyxl import load_workbook

        path = tmp_path / "komen.xlsx"
        result = run("payments", "2026", "--payer", "komen", "--schedule", "quarterly", "-f", "xlsx", "-o", str(path))
        assert result.exit_code == 0, result.output
        texts = [cell.value for row in load_workbook(path).active.iter_rows() for cell in row if cell.value]
        assert any(isinstance(t, str) and t.startswith("Obroki se razlikujejo za 1 EUR") for t in texts)
        # The projection's footnote too, on a row of its own.
        assert any(isinstance(t, str) and t.startswith("† Projekcija") for t in texts)

    def test_json_member(self):
        document = json.loads(
            run("payments", "2025", "--payer", "komen", "--schedule", "quarterly", "-f", "json").stdout
        )
        assert {k: v for k, v in document["uneven"].items() if k != "later"} == {
            "difference": "1",
            "remainder": "1",
            "periods": 4,
        }

    def test_equal_instalments_say_nothing(self, write):
        """A payer whose every contract divides by 4: no line, JSON null."""
        strategy = write(_ONE_CONTRACT.format(amount=400))
        text = run("payments", "2025", "--payer", "a", "--schedule", "quarterly", "-s", str(strategy)).stdout
        assert "razlikujejo" not in text
        document = json.loads(
            run("payments", "2025", "--payer", "a", "--schedule", "quarterly", "-s", str(strategy), "-f", "json").stdout
        )
        assert document["uneven"] is None

    def test_only_contracts_uneven(self, write):
        """Two contracts of 2 each, split in 4: the totals 1, 1, 1, 1 are equal, the contracts are not."""
        strategy = write(_TWO_CONTRACTS)
        text = run("payments", "2025", "--payer", "a", "--schedule", "quarterly", "-s", str(strategy)).stdout
        assert "Obroki društev se razlikujejo za 1 EUR" in text and "skupni obroki so enaki" in text

    def test_divaca_2027_names_the_contracts_pushed_later(self):
        """Review of item 12: Divača 2027, quarterly. The total 33.108 divides by 4 (8.277 each); the contracts'
        floors 500 + 2.191 + 2.641 + 2.943 = 8.275 leave 2 units per quarter. PO-MOČ (2.002, 2 over) and VEZI
        (8.766, 2 over) take Q1 and Q2, which are then full: RK (10.566) and MDPM (11.774), 2 over each, get
        theirs in Q3 and Q4. The line must say so, not only that the units go to the earliest instalments."""
        assert [a % 4 for a in (33108, 2002, 8766, 10566, 11774)] == [0, 2, 2, 2, 2]
        assert 500 + 2191 + 2641 + 2943 == 8277 - 2
        sl = run("payments", "2027", "--payer", "divaca", "--schedule", "quarterly").stdout
        assert (
            "Ostanek sega v kasnejše obroke v pogodbah: RK Sežana (3. četrtletje in 4. četrtletje) in MDPM Sežana"
            " (3. četrtletje in 4. četrtletje), ker so zgodnejši skupni obroki že polni s pogodbami višje v tabeli."
            in sl
        )
        assert "Društvo VEZI (" not in sl  # VEZI's units are in its first two quarters
        en = run("payments", "2027", "--payer", "divaca", "--schedule", "quarterly", "--lang", "en").stdout
        assert "For RK Sežana (Q3 and Q4) and MDPM Sežana (Q3 and Q4), the remainder reaches later instalments" in en
        for output_format in ("markdown", "ledger"):
            text = run("payments", "2027", "--payer", "divaca", "--schedule", "quarterly", "-f", output_format).stdout
            assert "v pogodbah: RK Sežana (3. četrtletje in 4. četrtletje) in MDPM Sežana" in text
        document = json.loads(
            run("payments", "2027", "--payer", "divaca", "--schedule", "quarterly", "-f", "json").stdout
        )
        assert document["uneven"]["later"] == [
            {"path": ["rk-sezana"], "label": "RK Sežana", "instalments": ["q3", "q4"], "reason": "full"},
            {"path": ["mdpm-sezana"], "label": "MDPM Sežana", "instalments": ["q3", "q4"], "reason": "full"},
        ]

    def test_the_workbook_names_them_too(self, tmp_path):
        from openpyxl import load_workbook

        path = tmp_path / "divaca.xlsx"
        args = ("payments", "2027", "--payer", "divaca", "--schedule", "quarterly", "--lang", "en", "-o", str(path))
        assert run(*args).exit_code == 0
        texts = [cell.value for row in load_workbook(path).active.iter_rows() for cell in row if cell.value]
        assert any(isinstance(t, str) and "For RK Sežana (Q3 and Q4) and MDPM Sežana (Q3 and Q4)" in t for t in texts)

    def test_csv_carries_the_line_as_a_comment(self):
        import io

        import pandas

        text = run("payments", "2027", "--payer", "divaca", "--schedule", "quarterly", "-f", "csv").stdout
        notes = [line for line in text.splitlines() if line.startswith("#")]
        # CSV's notes are in the machine's words (Slovenian) whatever --lang says, as its other notes.
        said = [line for line in notes if "Obroki društev se razlikujejo za 1 EUR" in line]
        assert len(said) == 1 and "v pogodbah: RK Sežana (3. četrtletje in 4. četrtletje)" in said[0]
        frame = pandas.read_csv(io.StringIO(text), comment="#")
        assert list(frame["q3"]) == [500, 2191, 2642, 2944, 8277]

    @pytest.mark.parametrize("payer", ["divaca", "komen", "sezana", "hrpelje-kozina"])
    @pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2029])
    @pytest.mark.parametrize("schedule", ["quarterly", "monthly"])
    def test_later_is_exactly_the_contracts_not_front_loaded_and_why(self, payer, year, schedule):
        """From the JSON's own instalments: `later` lists the contracts whose larger instalments are not their
        first ones. "full": every earlier instalment it skipped has a total that the contracts above (as paid)
        and the rest (at their floors) fill already. "needed": moving its last extra unit to a skipped earlier
        instalment leaves the contracts below no way to reconcile (Gale-Ryser, as the greedy above)."""
        document = json.loads(run("payments", str(year), "--payer", payer, "--schedule", schedule, "-f", "json").stdout)
        keys = list(document["total"]["instalments"])
        totals = [int(v) for v in document["total"]["instalments"].values()]
        rows = [[int(v) for v in c["instalments"].values()] for c in document["contracts"]]
        floors = [min(row) for row in rows]
        expected = []
        for index, (contract, row) in enumerate(zip(document["contracts"], rows)):
            extra = [p for p, v in enumerate(row) if v > floors[index]]
            if extra == list(range(len(extra))):
                continue
            skipped = [p for p in range(extra[-1]) if p not in extra]
            room = [totals[p] - sum(rows[i][p] for i in range(index)) - sum(floors[index:]) for p in range(len(totals))]
            if all(room[p] == 0 for p in skipped):
                reason = "full"
            else:
                free = next(p for p in skipped if room[p])
                chosen = [*extra[:-1], free]
                rest = [room[p] - (p in chosen) for p in range(len(totals))]
                needs = [sum(r) - len(r) * min(r) for r in rows[index + 1 :]]
                assert not _placeable(needs, rest)  # the free instalment was indeed needed below
                reason = "needed"
            expected.append(
                {
                    "path": contract["path"],
                    "label": contract["label"],
                    "instalments": [keys[p] for p in extra],
                    "reason": reason,
                }
            )
        assert document["uneven"] is None or document["uneven"]["later"] == expected

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_golden_quarterly(self, lang):
        text = run("payments", "2026", "--payer", "divaca", "--schedule", "quarterly", "--lang", lang).stdout
        assert_golden(f"payments_2026_divaca_quarterly_{lang}.txt", text)


_ONE_CONTRACT = """\
strategy: Test
period: [2025, 2025]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {{id: a, name: Občina A, share: 50}}
  - {{id: b, name: Občina B, share: 50}}
indexation:
  staff: {{default: 2}}
  programme: {{default: 2}}
societies:
  - id: s
    name: Društvo S
    short: S
    lines:
      - {{id: l, label: Program, kind: programme, amount: {amount}}}
"""

# Payer a's contracts: 2 and 2 (shares 50 %), annual 4: the totals divide by 4, the contracts do not.
_TWO_CONTRACTS = """\
strategy: Test
period: [2025, 2025]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 50}
  - {id: b, name: Občina B, share: 50}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: s
    name: Društvo S
    short: S
    lines:
      - {id: l, label: Program, kind: programme, amount: 4}
  - id: t
    name: Društvo T
    short: T
    lines:
      - {id: l, label: Program, kind: programme, amount: 4}
"""
