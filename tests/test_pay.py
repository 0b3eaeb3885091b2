"""Staff costs by the pay law (issue 22; README: "Staff costs by the pay law").

Every figure is checked against a computation apart from sofin, tests/helpers/pay_rule.py: the issue's
rule month by month, in Fractions, with a half-up rounding of its own. pay.py's functions are checked on random
pays and random schedules; each year's amount end to end, through `sofin plan --format json` and
`sofin allocate --format json` on strategy files written here; then every pay block the loader
refuses, each at its place, and the --pay what-if.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sofin import pay, pay_schedules
from sofin.pay_schedules import PaySchedule
from sofin.schema import strategy_schema
from sofin.source import parse
from sofin.words import Language, catalogue

from .helpers import ROOT, run, strategy_from_text
from .helpers.pay_rule import (
    CENT,
    REFORM_2025,
    PayBlock,
    Tranche,
    by_law,
    f,
    indexed,
    month_pays,
    paid_by_tranche,
    round_half_up,
)

EN = catalogue(Language("en")).projection
SL = catalogue(Language("sl")).projection


# --- Writing and reading numbers, schedules and strategies ------------------------------------------


def written(value: Fraction) -> str:
    """A Fraction with a decimal denominator, as a YAML number: 2123.45, -1.5, 100."""
    return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def exact(text: str) -> Fraction:
    return Fraction(Decimal(text))


def schedule_yaml(table: tuple[Tranche, ...], indent: str = "") -> str:
    lines = [f'{indent}source: "Zakon o plačah, test"', f"{indent}tranches:"]
    for tranche in table:
        if tranche.share is None:
            lines.append(f"{indent}  - {{from: {tranche.start.isoformat()}, rest: true}}")
        else:
            lines.append(
                f"{indent}  - {{from: {tranche.start.isoformat()}, share: {written(tranche.share)}, "
                f"minimum: {written(tranche.minimum)}}}"
            )
    return "\n".join(lines) + "\n"


def schedule_of(table: tuple[Tranche, ...]) -> pay.Steps:
    """sofin's steps of a schedule, read from its YAML as a strategy's own schedule is."""
    return pay.steps(PaySchedule.model_validate(parse(schedule_yaml(table), "schedule.yaml").data))


def place(text: str, needle: str, occurrence: int = 1) -> str:
    """LINE:COL (from 1) of the needle's first character: where a located message must point."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - text.rfind(chr(10), 0, index)}"


# The issue's example item (example values, not a real employee's), beside an item without pay.
ISSUE = """\
strategy: Pay law
period: [2025, 2029]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 60}
  - {id: b, name: Občina B, share: 40}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: vezi
    name: VEZI
    short: VEZI
    lines:
      - id: staff
        label: Stroški zaposlenih
        kind: staff
        items:
          - label: Strokovna delavka
            pay_grade: 34
            funded_share: 1
            amount: 31968
            pay: {before: 2123.45, target: 2588.10, other: 3500, source: "Pogodba o zaposlitvi, aneks 2025"}
          - {label: Laični delavec, pay_grade: 26, funded_share: 0.5, amount: 15000}
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 4568}
"""
LINE_WITHOUT_ITEMS = ISSUE.split("        items:\n")[0] + (
    "        amount: 31968\n        pay: {before: 2123.45, target: 2588.10, other: 3500}\n"
    "      - {id: programme" + ISSUE.split("      - {id: programme")[1]
)
ISSUE_PAY = PayBlock(Fraction("2123.45"), Fraction("2588.10"), Fraction(3500))
TWO_PERCENT = {year: Fraction(2) for year in range(2024, 2041)}


def parts_of(strategy: Path, year: int, *options: str) -> dict[str, dict]:
    """The parts of every line of `sofin allocate YEAR --format json`, by path."""
    result = run("allocate", str(year), "-s", str(strategy), "-f", "json", *options)
    assert result.exit_code == 0, result.output
    return {part["path"]: part for row in json.loads(result.stdout)["rows"] for part in row.get("parts") or ()}


def amounts_of(strategy: Path, path: str, *options: str, years=range(2025, 2030)) -> dict[int, Fraction]:
    return {year: exact(parts_of(strategy, year, *options)[path]["amount"]) for year in years}


def refusal(strategy: Path, *options: str) -> list[str]:
    """The lines a refused strategy or option writes on stderr, the count's last: exit 2, nothing else."""
    result = run("plan", "-s", str(strategy), "--lang", "en", *options)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.stderr
    *problems, count = result.stderr.splitlines()
    assert count.startswith("sofin: ") and count.endswith("nothing was written.")
    return problems


# --- pay.py against the rule -----------------------------------------------------------------------

cents = st.integers(1, 2_000_000).map(lambda c: Fraction(c, 100))  # 0.01 to 20,000.00 a month


@st.composite
def pays(draw, max_difference: int = 500_000) -> tuple[Fraction, Fraction]:
    """Before (more than 0) and target (at least before), in cents; small differences as often as large."""
    before = draw(cents)
    difference = draw(st.one_of(st.integers(0, 15_000), st.integers(0, max_difference)))
    return before, before + Fraction(difference, 100)


@st.composite
def schedules(draw) -> tuple[Tranche, ...]:
    """A valid schedule: 1-6 tranches on increasing days (any day of a month), shares to 3 decimals that
    sum to at most 100 %, minimums in cents; the last the rest, or a share that is paid whole anyway."""
    count = draw(st.integers(1, 6))
    days = sorted(draw(st.sets(st.dates(date(2023, 1, 1), date(2031, 12, 31)), min_size=count, max_size=count)))
    left = 100_000  # thousandths of a percent
    table = []
    for number, day in enumerate(days, start=1):
        if number == count and draw(st.booleans()):
            table.append(Tranche(day, None))
            break
        share = draw(st.integers(0, left))
        left -= share
        table.append(Tranche(day, Fraction(share, 1000), Fraction(draw(st.integers(0, 30_000)), 100)))
    return tuple(table)


def sofin_payments(table: tuple[Tranche, ...], before: Fraction, target: Fraction) -> pay.Payments:
    return pay.tranche_payments(schedule_of(table), Decimal(written(before)), Decimal(written(target)))


def expanded(periods: tuple[pay.PayPeriod, ...]) -> list[Fraction]:
    return [Fraction(period.pay) for period in periods for _ in range(period.first, period.last + 1)]


class TestTheRule:
    def test_the_shipped_schedule_is_the_issues_table_and_cites_the_law(self):
        assert pay_schedules.shipped_schedule_names() == ("reform-2025",)
        shipped = pay_schedules.shipped_schedule("reform-2025")
        assert "Zakon o skupnih temeljih sistema plač v javnem sektorju" in shipped.source and "MJU" in shipped.source
        assert pay.steps(shipped) == schedule_of(REFORM_2025)
        assert [(step.start, step.share, step.minimum) for step in pay.steps(shipped)] == [
            (tranche.start, tranche.share, tranche.minimum) for tranche in REFORM_2025
        ]

    @settings(max_examples=300, deadline=None)
    @given(schedules(), pays())
    def test_tranches_months_and_f_of_random_schedules(self, table, before_target):
        before, target = before_target
        payments = sofin_payments(table, before, target)
        assert [start for start, _ in payments] == [tranche.start for tranche in table]
        assert [Fraction(paid) for _, paid in payments] == paid_by_tranche(before, target, table)
        for year in range(table[0].start.year - 1, table[-1].start.year + 2):
            periods = pay.pay_periods(payments, Decimal(written(before)), year)
            assert expanded(periods) == month_pays(before, target, year, table)
            assert periods[0].first == 1 and periods[-1].last == 12
            assert all(a.last + 1 == b.first and a.pay != b.pay for a, b in zip(periods, periods[1:]))  # runs
            assert Fraction(pay.year_pay(payments, Decimal(written(before)), year)) == f(before, target, year, table)

    @settings(max_examples=300, deadline=None)
    @given(pays(max_difference=5_000_000))
    def test_tranches_months_and_f_of_the_shipped_schedule(self, before_target):
        before, target = before_target
        shipped = pay.steps(pay_schedules.shipped_schedule("reform-2025"))
        payments = pay.tranche_payments(shipped, Decimal(written(before)), Decimal(written(target)))
        assert [Fraction(paid) for _, paid in payments] == paid_by_tranche(before, target, REFORM_2025)
        for year in range(2024, 2031):
            assert expanded(pay.pay_periods(payments, Decimal(written(before)), year)) == month_pays(
                before, target, year, REFORM_2025
            )
            assert Fraction(pay.year_pay(payments, Decimal(written(before)), year)) == f(
                before, target, year, REFORM_2025
            )

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(schedules(), st.just(REFORM_2025)), pays(max_difference=5_000_000))
    def test_tranches_sum_to_the_difference_and_none_is_negative(self, table, before_target):
        before, target = before_target
        paid = [Fraction(amount) for _, amount in sofin_payments(table, before, target)]
        assert sum(paid) == target - before
        assert all(amount >= 0 for amount in paid)

    @settings(max_examples=200, deadline=None)
    @given(st.one_of(schedules(), st.just(REFORM_2025)), pays())
    def test_the_year_factor_is_1_once_the_reform_is_complete(self, table, before_target):
        """From the first year that starts on or after the last tranche, every month is paid the target:
        f(Y) = 12 x target, and the factor f(Y)/f(Y-1) of every year after it is 1. Before the first
        tranche, f(Y) = 12 x before."""
        before, target = before_target
        payments = sofin_payments(table, before, target)
        start = Decimal(written(before))
        last = table[-1].start
        complete = last.year if (last.month, last.day) == (1, 1) else last.year + 1  # its first year at the target
        for year in range(complete, complete + 4):
            assert Fraction(pay.year_pay(payments, start, year)) == 12 * target
        for year in range(complete + 1, complete + 4):
            assert pay.year_pay(payments, start, year) / pay.year_pay(payments, start, year - 1) == 1
        for year in range(table[0].start.year - 3, table[0].start.year):
            assert Fraction(pay.year_pay(payments, start, year)) == 12 * before

    def test_the_shipped_reform_is_complete_from_2028(self):
        payments = pay.tranche_payments(
            pay.steps(pay_schedules.shipped_schedule("reform-2025")), Decimal("2123.45"), Decimal("2588.10")
        )
        f_of = [pay.year_pay(payments, Decimal("2123.45"), year) for year in range(2027, 2041)]
        assert f_of[0] != f_of[1]  # 2027 still rises into 2028
        assert all(each == Decimal("31057.20") for each in f_of[1:])  # 12 x 2.588,10: the factor is 1 from 2029

    @settings(max_examples=300, deadline=None)
    @given(cents, st.integers(0, 9_999))
    def test_a_difference_under_100_is_paid_whole_in_january_2025(self, before, difference):
        target = before + Fraction(difference, 100)
        shipped = pay.steps(pay_schedules.shipped_schedule("reform-2025"))
        start = Decimal(written(before))
        payments = pay.tranche_payments(shipped, start, Decimal(written(target)))
        assert [Fraction(paid) for _, paid in payments] == [target - before, 0, 0, 0, 0, 0]
        assert payments[0][0] == date(2025, 1, 1)
        assert pay.pay_periods(payments, start, 2024) == ((1, 12, start),)
        for year in range(2025, 2030):
            assert [tuple(period) for period in pay.pay_periods(payments, start, year)] == [
                (1, 12, Decimal(written(target)))
            ]
        assert [pay.year_pay(payments, start, year) for year in (2025, 2026)] == [12 * Decimal(written(target))] * 2

    def test_the_issues_months(self):
        """The issue's example: jan-jun 2.463,15; jul-dec 2.563,15 in 2027."""
        payments = pay.tranche_payments(
            pay.steps(pay_schedules.shipped_schedule("reform-2025")), Decimal("2123.45"), Decimal("2588.10")
        )
        assert [paid for _, paid in payments] == [Decimal(p) for p in ("100", "100", "70", "69.70", "100", "24.95")]
        assert pay.pay_periods(payments, Decimal("2123.45"), 2027) == (
            (1, 6, Decimal("2463.15")),
            (7, 12, Decimal("2563.15")),
        )
        assert pay.pay_periods(payments, Decimal("2123.45"), 2026) == (
            (1, 5, Decimal("2323.45")),
            (6, 11, Decimal("2393.45")),
            (12, 12, Decimal("2463.15")),
        )

    @settings(max_examples=300, deadline=None)
    @given(
        st.integers(1, 10**8),
        st.integers(0, 10**8),
        st.integers(1, 10**8),
        st.integers(1, 10**8),
        st.integers(-9_999, 10_000),
        st.sampled_from([Fraction(1), CENT]),
    )
    def test_the_year_step_is_the_formula(self, previous, other, this_year, last_year, rate, unit):
        """A(Y) and O(Y) from A(Y-1), O(Y-1) <= A(Y-1), f(Y), f(Y-1) (cents) and r (hundredths of a percent)."""
        a, o = Fraction(previous) * unit, min(Fraction(other, 100), Fraction(previous) * unit)
        fy, fy1, r = Fraction(this_year, 100), Fraction(last_year, 100), Fraction(rate, 100)
        step = pay.year_step(*(Decimal(written(v)) for v in (a, o, fy, fy1, r)), Decimal(written(unit)))
        formula = ((a - o) * fy / fy1 + o) * (1 + r / 100)
        assert step.exact == formula and step.other_exact == o * (1 + r / 100)
        assert Fraction(step.amount) == round_half_up(formula, unit)
        assert Fraction(step.other) == round_half_up(o * (1 + r / 100), unit)

    def test_half_up_goes_up_at_a_half_only(self):
        assert [pay.half_up(Fraction(n, 2), Decimal(1)) for n in (0, 1, 2, 3, 5)] == [0, 1, 1, 2, 3]
        assert pay.half_up(Fraction(4999, 10000), Decimal(1)) == 0
        assert pay.half_up(Fraction(12345, 1000), Decimal("0.01")) == Decimal("12.35")


# --- Each year's amount, end to end -----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    text: str
    expected: dict[str, dict[int, Fraction]]  # society id -> year -> its one amount


@st.composite
def strategies_with_pay(draw) -> Case:
    """A strategy whose every society has one staff amount with `pay`: an item, or a line without
    items; random before/target/other/amount, a rate a year (planned, or adopted with its source),
    whole euros or cents, the shipped schedule or one of the strategy's own, and maybe an amount
    adopted for a year."""
    unit = draw(st.sampled_from([Fraction(1), CENT]))
    base, end = draw(st.integers(2024, 2026)), 2030
    rates, rate_texts = {}, []
    for year in range(base + 1, end + 1):
        rates[year] = Fraction(draw(st.integers(-300, 800)), 100)
        rate = written(rates[year])
        adopted = draw(st.booleans())
        rate_texts.append(f'{year}: {{rate: {rate}, source: "Izhodišča {year}"}}' if adopted else f"{year}: {rate}")
    own = draw(st.one_of(st.none(), schedules()))
    societies, expected, adoptions = [], {}, {}
    for number in range(1, draw(st.integers(1, 3)) + 1):
        before, target = draw(pays(max_difference=300_000))
        amount = (
            Fraction(draw(st.integers(1, 20_000_000))) * unit
            if unit == CENT
            else Fraction(draw(st.integers(1, 200_000)))
        )
        other = Fraction(draw(st.integers(0, int(amount * 100))), 100)
        table = own if own is not None and draw(st.booleans()) else REFORM_2025
        named = ", schedule: law-2031" if table is own else ""
        block = f"{{before: {written(before)}, target: {written(target)}, other: {written(other)}{named}}}"
        on_item = draw(st.booleans())
        society = f"  - id: s{number}\n    name: Društvo {number}\n    short: S{number}\n    lines:\n"
        if on_item:
            society += (
                f"      - id: staff\n        label: Stroški zaposlenih\n        kind: staff\n        items:\n"
                f"          - {{label: Delavka, pay_grade: 34, funded_share: 1, amount: {written(amount)}, pay: {block}}}\n"
            )
        else:
            society += f"      - {{id: staff, label: Stroški zaposlenih, kind: staff, amount: {written(amount)}, pay: {block}}}\n"
        societies.append(society)
        adopted = {}
        if draw(st.booleans()):  # an amount adopted for a year: at least that year's O, on the unit grid
            year = draw(st.integers(base + 1, end))
            adopted[year] = indexed(other, rates, base, end, unit)[year] + draw(st.integers(0, 100_000)) * unit
            path = f"s{number}/staff/1" if on_item else f"s{number}/staff"
            adoptions.setdefault(year, []).append(f"    {path}: {written(adopted[year])}\n")
        block_law = PayBlock(before, target, other, table)
        expected[f"s{number}"] = by_law(block_law, amount, rates, base, end, unit, adopted)
    schedules_text = "" if own is None else "pay_schedules:\n  law-2031:\n" + schedule_yaml(own, "    ")
    text = (
        f"strategy: Pay law\nperiod: [{base}, {end}]\nbase_year: {base}\ncurrency: EUR\nunit: {written(unit)}\n"
        "payers:\n  - {id: a, name: Občina A, share: 60.5}\n  - {id: b, name: Občina B, share: 39.5}\n"
        f"indexation:\n  staff: {{default: 2, {', '.join(rate_texts)}}}\n  programme: {{default: 2}}\n"
        f"{schedules_text}societies:\n{''.join(societies)}"
    )
    if adoptions:
        text += "adopted:\n" + "".join(f"  {year}:\n" + "".join(paths) for year, paths in adoptions.items())
    return Case(text, expected)


class TestEachYear:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(strategies_with_pay())
    def test_plan_gives_each_years_amount_by_the_rule(self, write, case):
        result = run("plan", "-s", str(write(case.text)), "-f", "json")
        assert result.exit_code == 0, (result.output, case.text)
        figures = {society["id"]: society["figures"] for society in json.loads(result.stdout)["societies"]}
        for society, amounts in case.expected.items():
            assert {int(year): exact(amount) for year, amount in figures[society].items()} == amounts, case.text

    def test_the_issues_item_year_by_year(self, write):
        """README's worked example: 31.968 in 2025, then 34.178, 36.746, 38.488 and 39.258."""
        strategy = write(ISSUE)
        expected = by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029)
        assert list(expected.values()) == [31968, 34178, 36746, 38488, 39258]
        assert amounts_of(strategy, "vezi/staff/1") == expected
        assert amounts_of(strategy, "vezi/staff/2") == indexed(Fraction(15000), TWO_PERCENT, 2025, 2029)

    def test_an_adopted_rate_is_the_rate_of_the_rule(self, write):
        text = ISSUE.replace("staff: {default: 2}", 'staff: {default: 2, 2027: {rate: 3.4, source: "Izhodišča 2027"}}')
        rates = {**TWO_PERCENT, 2027: Fraction("3.4")}
        assert amounts_of(write(text), "vezi/staff/1") == by_law(ISSUE_PAY, Fraction(31968), rates, 2025, 2029)
        part = parts_of(write(text), 2027)["vezi/staff/1"]
        assert (part["rate"], part["rate_basis"], part["rate_source"]) == ("3.4", "adopted", "Izhodišča 2027")

    def test_an_adopted_amount_replaces_the_computed_one_and_is_the_next_years_base(self, write):
        strategy = write(ISSUE + "adopted:\n  2027:\n    vezi/staff/1: 37000\n")
        expected = by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029, adopted={2027: Fraction(37000)})
        assert amounts_of(strategy, "vezi/staff/1") == expected
        assert parts_of(strategy, 2027)["vezi/staff/1"]["source"] == "adopted"
        # O went on by its own rule, 3.500 -> 3.570 -> 3.641 -> 3.714: 2028 is (37.000 - 3.641) x f(2028)/f(2027) + 3.641, x 1,02
        f2027, f2028 = Fraction("30157.80"), Fraction("31057.20")
        assert expected[2028] == round_half_up(((37000 - 3641) * f2028 / f2027 + 3641) * Fraction(102, 100), 1)
        assert parts_of(strategy, 2028)["vezi/staff/1"]["source"] == "indexed"

    def test_an_adopted_amount_may_be_the_other_part_itself(self, write):
        strategy = write(ISSUE + "adopted:\n  2027:\n    vezi/staff/1: 3641\n")
        expected = by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029, adopted={2027: Fraction(3641)})
        assert amounts_of(strategy, "vezi/staff/1") == expected
        assert expected[2028] == round_half_up(Fraction(3641) * Fraction(102, 100), 1)  # nothing left to raise

    def test_an_adopted_amount_below_the_other_part_is_a_located_error(self, write):
        text = ISSUE + "adopted:\n  2027:\n    vezi/staff/1: 3640\n"
        strategy = write(text)
        assert refusal(strategy) == [
            f"{strategy}:{place(text, '3640')}: adopted[2027].vezi/staff/1: adopted 3640 is below 3641, the part of "
            "the amount that is not pay in 2027 (its pay block's other, indexed by the staff rate)"
        ]
        assert run("allocate", "2026", "-s", str(strategy)).exit_code == 0  # a year before it is computed

    def test_a_line_adopted_as_one_amount_is_indexed_as_one_amount_by_the_staff_rate(self, write):
        strategy = write(ISSUE + "adopted:\n  2027:\n    vezi/staff: 50000\n")
        for year, amount, source in (
            (2027, "50000", "adopted"),
            (2028, "51000", "indexed"),
            (2029, "52020", "indexed"),
        ):
            parts = parts_of(strategy, year)
            assert "vezi/staff/1" not in parts and "vezi/staff/2" not in parts
            assert (parts["vezi/staff"]["amount"], parts["vezi/staff"]["source"]) == (amount, source)
        before = parts_of(strategy, 2026)
        assert (
            exact(before["vezi/staff/1"]["amount"]) == by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2026)[2026]
        )

    def test_a_staff_line_without_items(self, write):
        strategy = write(LINE_WITHOUT_ITEMS)
        assert amounts_of(strategy, "vezi/staff") == by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029)

    def test_an_amount_adopted_for_a_staff_line_without_items_is_the_base_of_the_law(self, write):
        """Its path is the line's, but it is not a line of items adopted whole: its pay goes on."""
        strategy = write(LINE_WITHOUT_ITEMS + "adopted:\n  2027:\n    vezi/staff: 37000\n")
        expected = by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029, adopted={2027: Fraction(37000)})
        assert amounts_of(strategy, "vezi/staff") == expected
        assert expected[2028] != round_half_up(Fraction(37000) * Fraction(102, 100), 1)  # not the staff rate alone
        text = LINE_WITHOUT_ITEMS + "adopted:\n  2027:\n    vezi/staff: 3640\n"
        assert refusal(write(text))[0].endswith(": adopted[2027].vezi/staff: adopted 3640 is below 3641, the part of "
                                                "the amount that is not pay in 2027 (its pay block's other, indexed by "
                                                "the staff rate)")  # fmt: skip

    def test_a_strategys_own_schedule_is_used_when_named(self, write):
        own = (Tranche(date(2027, 1, 1), Fraction(50), Fraction(0)), Tranche(date(2029, 1, 1), None))
        text = ISSUE.replace(
            "societies:\n", "pay_schedules:\n  law-2027:\n" + schedule_yaml(own, "    ") + "societies:\n"
        )
        named = text.replace('aneks 2025"}', 'aneks 2025", schedule: law-2027}')
        assert amounts_of(write(named), "vezi/staff/1") == by_law(
            PayBlock(ISSUE_PAY.before, ISSUE_PAY.target, ISSUE_PAY.other, own), Fraction(31968), TWO_PERCENT, 2025, 2029
        )
        # Declared and not named, it changes nothing: the shipped schedule holds.
        assert amounts_of(write(text), "vezi/staff/1") == by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029)

    def test_declaring_the_shipped_id_yourself_is_refused(self, write):
        text = ISSUE.replace(
            "societies:\n", "pay_schedules:\n  reform-2025:\n" + schedule_yaml(REFORM_2025, "    ") + "societies:\n"
        )
        strategy, where = write(text), place(text, 'source: "Zakon o plačah')
        assert refusal(strategy) == [
            f"{strategy}:{where}: pay_schedules.reform-2025: reform-2025 is the "
            "schedule sofin ships; give yours another id (and name it in each pay's schedule)"
        ]

    def test_a_line_that_starts_later_follows_the_rule_from_its_first_year(self, write):
        text = ISSUE.replace("        kind: staff\n", "        kind: staff\n        from: 2027\n")
        text = text.replace(
            "    lines:\n", "    lines:\n      - {id: other, label: Drugo, kind: programme, amount: 100}\n"
        )
        amounts = amounts_of(write(text), "vezi/staff/1", years=range(2027, 2030))
        assert amounts == {y: a for y, a in by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2027, 2029).items()}


# --- Bad pay blocks: refused at their place ------------------------------------------------------

PAY = '{before: 2123.45, target: 2588.10, other: 3500, source: "Pogodba o zaposlitvi, aneks 2025"}'
ITEM = "societies[0].lines[0].items[0].pay"
SCHEDULE = "pay_schedules:\n  law-2031:\n    source: Zakon\n    tranches:\n      - {from: 2031-01-01, share: 40, minimum: 10}\n      - {from: 2032-01-01, rest: true}\nsocieties:\n"


def with_pay(block: str) -> str:
    assert PAY in ISSUE
    return ISSUE.replace(PAY, block)


def with_schedule(tranches: str) -> str:
    return ISSUE.replace(
        "societies:\n", SCHEDULE.replace(SCHEDULE.split("tranches:\n")[1].split("societies:")[0], tranches)
    )


# (the strategy's text, the needle where the message points, its field, its message)
REFUSALS = {
    "before missing": (with_pay("{target: 2588.10}"), "{target", f"{ITEM}.before", "required field is missing"),
    "target missing": (with_pay("{before: 2123.45}"), "{before", f"{ITEM}.target", "required field is missing"),
    "before negative": (with_pay("{before: -2123.45, target: 2588.10}"), "-2123.45", f"{ITEM}.before", "must be greater than 0"),
    "before 0": (with_pay("{before: 0, target: 2588.10}"), "0, target", f"{ITEM}.before", "must be greater than 0"),
    "target negative": (with_pay("{before: 2123.45, target: -1}"), "-1", f"{ITEM}.target", "must be greater than or equal to 0"),
    "other negative": (with_pay("{before: 2123.45, target: 2588.10, other: -0.01}"), "-0.01", f"{ITEM}.other", "must be greater than or equal to 0"),
    "before 3 decimals": (with_pay("{before: 2123.455, target: 2588.10}"), "2123.455", f"{ITEM}.before", "2123.455 has 3 decimals; pay has at most 2"),
    "target 3 decimals": (with_pay("{before: 2123.45, target: 2588.100}"), "2588.100", f"{ITEM}.target", "2588.100 has 3 decimals; pay has at most 2"),
    "other 3 decimals": (with_pay("{before: 2123.45, target: 2588.10, other: 0.001}"), "0.001", f"{ITEM}.other", "0.001 has 3 decimals; pay has at most 2"),
    "before as text": (with_pay("{before: '2123.45', target: 2588.10}"), "'2123.45'", f"{ITEM}.before", "must be a number, not '2123.45'"),
    "target below before": (with_pay("{before: 2123.45, target: 2123.44}"), "2123.44", f"{ITEM}.target", "target 2123.44 is below before 2123.45: the reform does not lower pay"),
    "other more than the amount": (with_pay("{before: 2123.45, target: 2588.10, other: 31968.01}"), "31968.01", f"{ITEM}.other", "other 31968.01 is more than the amount 31968"),
    "unknown schedule": (with_pay("{before: 2123.45, target: 2588.10, schedule: reform-2030}"), "reform-2030", f"{ITEM}.schedule", "'reform-2030' is not a pay schedule; known: reform-2025"),
    "unknown field": (with_pay("{before: 2123.45, target: 2588.10, grade: 34}"), "grade: 34}", f"{ITEM}.grade", "unknown field (not part of the schema)"),
    "pay on a programme line": (
        ISSUE.replace("amount: 4568}", "amount: 4568, pay: {before: 1, target: 2}}"), "{before: 1", "societies[0].lines[1].pay",
        "pay is for staff costs: this is a programme line, indexed by its rate",
    ),
    "pay on an item of a programme line": (
        ISSUE.replace("{id: programme, label: Materialni stroški programa, kind: programme, amount: 4568}",
                      "{id: programme, label: Program, kind: programme, items: [{label: P, amount: 4568, pay: {before: 1, target: 2}}]}"),
        "{before: 1", "societies[0].lines[1].items[0].pay", "pay is for staff costs: this is a programme line, indexed by its rate",
    ),
    "pay on a staff line with items": (
        ISSUE.replace("        kind: staff\n", "        kind: staff\n        pay: {before: 1, target: 2}\n"), "{before: 1",
        "societies[0].lines[0].pay", "a line with items: give each item its own pay",
    ),
    "dates not increasing": (
        with_schedule("      - {from: 2031-01-01, share: 40, minimum: 10}\n      - {from: 2031-01-01, rest: true}\n"),
        "2031-01-01, rest", "pay_schedules.law-2031.tranches[1].from", "2031-01-01 is not after 2031-01-01: write the tranches in date order",
    ),
    "shares over 100 %": (
        with_schedule("      - {from: 2031-01-01, share: 60, minimum: 10}\n      - {from: 2032-01-01, share: 40.5, minimum: 0}\n"),
        "- {from: 2031", "pay_schedules.law-2031.tranches", "the shares sum to 100.5 %, more than the whole difference (100 %)",
    ),
    "the rest before the last": (
        with_schedule("      - {from: 2031-01-01, rest: true}\n      - {from: 2032-01-01, share: 40, minimum: 0}\n"),
        "true}", "pay_schedules.law-2031.tranches[0].rest", "only the last tranche can be the rest",
    ),
    "a share and the rest": (
        with_schedule("      - {from: 2031-01-01, share: 40, rest: true}\n"),
        "{from: 2031", "pay_schedules.law-2031.tranches[0]", "a tranche is either the rest or a share with its minimum, not both",
    ),
    "a date written as a number": (
        with_schedule("      - {from: 0, share: 40, minimum: 10}\n      - {from: 2032-01-01, rest: true}\n"),
        "0, share", "pay_schedules.law-2031.tranches[0].from",
        "must be a date written year-month-day, such as 2026-06-01, not 0",
    ),
    "a year for a date": (
        with_schedule("      - {from: 2031, share: 40, minimum: 10}\n      - {from: 2032-01-01, rest: true}\n"),
        "2031, share", "pay_schedules.law-2031.tranches[0].from",
        "must be a date written year-month-day, such as 2026-06-01, not 2031",
    ),
    "a tranche of nothing": (
        with_schedule("      - {from: 2031-01-01}\n"),
        "{from: 2031", "pay_schedules.law-2031.tranches[0]", "a tranche needs a share (percent of the difference), or rest: true",
    ),
}  # fmt: skip


class TestProjected:
    def test_an_amount_computed_from_an_adopted_one_rests_on_the_planning_rates_behind_its_other_part(self, write):
        """O is never adopted: after an adopted 2027 amount, 2028 rests on O(2027), and so on the planning
        rate of 2026 and 2027 even when 2028's rate is adopted."""
        text = (
            ISSUE.replace("staff: {default: 2}", 'staff: {default: 2, 2028: {rate: 2, source: "TEI 2028"}}')
            + "adopted:\n  2027:\n    vezi/staff/1: 37000\n"
        )
        part = parts_of(write(text), 2028)["vezi/staff/1"]
        assert part["source"] == "indexed" and part["rate_basis"] == "adopted"
        assert part["projected"] is True
        adopted = parts_of(write(text), 2027)["vezi/staff/1"]
        assert adopted["source"] == "adopted" and adopted["projected"] is False


class TestRefusals:
    @pytest.mark.parametrize(("text", "needle", "field", "message"), REFUSALS.values(), ids=list(REFUSALS))
    def test_each_mistake_is_refused_at_its_place(self, write, text, needle, field, message):
        strategy = write(text)
        assert refusal(strategy) == [f"{strategy}:{place(text, needle)}: {field}: {message}"]

    def test_every_command_refuses_them(self, write):
        strategy = str(write(with_pay("{target: 2588.10}")))
        for command in (["allocate", "2025"], ["explain", "2025", "vezi/staff"], ["diff", "2025", "2026"]):
            result = run(*command, "-s", strategy)
            assert result.exit_code == 2 and f"{ITEM}.before" in result.stderr, command

    def test_several_mistakes_are_reported_together(self, write):
        text = ISSUE.replace(PAY, "{before: 2123.455, target: 2588.10, schedule: reform-2030}")
        text = text.replace("amount: 15000}", "amount: 15000, pay: {before: 900, target: 800}}")
        text = text.replace("amount: 4568}", "amount: 4568, pay: {before: 1, target: 2}}")
        text = text.replace(
            "      - id: staff\n",
            "      - {id: second, label: Druga, kind: staff, amount: 10, pay: {before: 1, target: 2, other: 11}}\n      - id: staff\n",
        )
        strategy = write(text)
        lines = "societies[0].lines"
        assert refusal(strategy) == [
            f"{strategy}:{place(text, '11}')}: {lines}[0].pay.other: other 11 is more than the amount 10",
            f"{strategy}:{place(text, '2123.455')}: {lines}[1].items[0].pay.before: 2123.455 has 3 decimals; pay has at most 2",
            f"{strategy}:{place(text, 'reform-2030')}: {lines}[1].items[0].pay.schedule: 'reform-2030' is not a pay schedule; known: reform-2025",
            f"{strategy}:{place(text, '800}')}: {lines}[1].items[1].pay.target: target 800 is below before 900: the reform does not lower pay",
            f"{strategy}:{place(text, '{before: 1', 2)}: {lines}[2].pay: pay is for staff costs: this is a programme line, indexed by its rate",
        ]  # fmt: skip

    def test_before_0_says_what_is_wrong_in_words(self, write):
        """f would be 0 and the year factor f(Y)/f(Y-1) divide by it: refused, with the bound."""
        (message,) = refusal(write(with_pay("{before: 0, target: 0}")))
        assert message.endswith(f"{ITEM}.before: must be greater than 0")

    def test_the_schema_says_the_same_of_pay(self):
        """The JSON Schema for editors: before more than 0, other's default the number 0, the fields the issue names."""
        definitions = strategy_schema()["$defs"]
        block = definitions["Pay"]
        assert list(block["properties"]) == ["before", "target", "other", "source", "schedule"]
        assert block["required"] == ["before", "target"] and block["additionalProperties"] is False
        assert block["properties"]["before"]["exclusiveMinimum"] == 0 and "minimum" not in block["properties"]["before"]
        other = block["properties"]["other"]
        jsonschema.validate(other["default"], other)
        assert other["default"] == 0
        own = ISSUE.replace(
            "societies:\n", "pay_schedules:\n  law-2031:\n" + schedule_yaml(REFORM_2025, "    ") + "societies:\n"
        )
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(own), default=str)), strategy_schema())

    def test_the_schema_copy_is_sofin_schema(self):
        result = run("schema")
        assert result.exit_code == 0 and result.stdout == (ROOT / "schema" / "strategy.schema.json").read_text(
            encoding="utf-8"
        )


# --- --pay PATH=BEFORE:TARGET ----------------------------------------------------------------------

PAY_MISTAKES = {
    "no target": ("vezi/staff/1=2123.45", "'vezi/staff/1=2123.45': write PATH=BEFORE:TARGET, e.g. vezi/staff/1=2123.45:2588.10"),
    "no path": ("2123.45:2588.10", "'2123.45:2588.10': write PATH=BEFORE:TARGET, e.g. vezi/staff/1=2123.45:2588.10"),
    "not numbers": ("vezi/staff/1=a:b", "'vezi/staff/1=a:b': write PATH=BEFORE:TARGET, e.g. vezi/staff/1=2123.45:2588.10"),
    "unknown path": ("vezi/nurse=1:2", "'vezi/nurse=1:2': 'vezi/nurse' is not a staff item or a staff line without items; they are: vezi/staff/1, vezi/staff/2"),
    "programme path": ("vezi/programme=1:2", "'vezi/programme=1:2': 'vezi/programme' is not a staff item or a staff line without items; they are: vezi/staff/1, vezi/staff/2"),
    "a line with items": ("vezi/staff=1:2", "'vezi/staff=1:2': 'vezi/staff' is not a staff item or a staff line without items; they are: vezi/staff/1, vezi/staff/2"),
    "target below before": ("vezi/staff/1=2000:1999.99", "'vezi/staff/1=2000:1999.99': BEFORE is more than 0 and TARGET at least BEFORE"),
    "before 0": ("vezi/staff/1=0:10", "'vezi/staff/1=0:10': BEFORE is more than 0 and TARGET at least BEFORE"),
    "beyond the bound": ("vezi/staff/1=2000:1000000000.01", "'vezi/staff/1=2000:1000000000.01': a monthly pay is at most 1,000,000,000"),
    "3 decimals": ("vezi/staff/1=2123.451:2588.10", "'vezi/staff/1=2123.451:2588.10': 2123.451 has 3 decimals; pay has at most 2"),
}  # fmt: skip


class TestPayOption:
    @pytest.mark.parametrize(("option", "message"), PAY_MISTAKES.values(), ids=list(PAY_MISTAKES))
    def test_a_mistake_is_one_line(self, write, option, message):
        assert refusal(write(ISSUE), "--pay", option) == [f"command line: --pay: {message}"]

    def test_the_same_path_twice(self, write):
        options = ("--pay", "vezi/staff/1=2000:2500", "--pay", "vezi/staff/1=2000:2600")
        assert refusal(write(ISSUE), *options) == ["command line: --pay: an amount's pay is given more than once"]

    @pytest.mark.parametrize("command", [["allocate", "2027"], ["plan"], ["payments", "2027", "--payer", "a"]])
    def test_the_banner_shows_it(self, write, command):
        strategy = str(write(ISSUE))
        option = ("--pay", "vezi/staff/2=1000:1200.5")
        english = run(*command, "-s", strategy, *option, "--lang", "en").stdout
        slovene = run(*command, "-s", strategy, *option).stdout
        banner = "vezi/staff/2: {} before the reform, {} after it"
        assert (
            EN.scenario.format(what=EN.scenario_pay.format(path="vezi/staff/2", before="1,000.00", target="1,200.50"))
            in english
        )
        assert banner.format("pay 1,000.00", "1,200.50") in english
        assert SL.scenario.format(what="vezi/staff/2: plača pred reformo 1.000,00, po reformi 1.200,50") in slovene

    def test_on_an_item_without_a_pay_block_later_years_follow_the_law(self, write):
        """No pay block: --pay gives it one, with no other part and the shipped schedule."""
        strategy = write(ISSUE)
        option = ("--pay", "vezi/staff/2=1000:1200")
        scenario = amounts_of(strategy, "vezi/staff/2", *option)
        assert scenario == by_law(PayBlock(Fraction(1000), Fraction(1200)), Fraction(15000), TWO_PERCENT, 2025, 2029)
        plain = amounts_of(strategy, "vezi/staff/2")
        assert scenario[2025] == plain[2025] == 15000
        assert all(scenario[year] != plain[year] for year in range(2026, 2030))
        assert amounts_of(strategy, "vezi/staff/1", *option) == amounts_of(strategy, "vezi/staff/1")

    def test_on_an_item_with_a_pay_block_it_replaces_before_and_target_only(self, write):
        strategy = write(ISSUE)
        scenario = amounts_of(strategy, "vezi/staff/1", "--pay", "vezi/staff/1=2000:2600")
        assert scenario == by_law(
            PayBlock(Fraction(2000), Fraction(2600), Fraction(3500)), Fraction(31968), TWO_PERCENT, 2025, 2029
        )

    def test_on_a_staff_line_without_items(self, write):
        text = ISSUE.replace("{id: programme, label: Materialni stroški programa, kind: programme, amount: 4568}",
                             "{id: cleaning, label: Čiščenje, kind: staff, amount: 6000}")  # fmt: skip
        scenario = amounts_of(write(text), "vezi/cleaning", "--pay", "vezi/cleaning=800:900")
        assert scenario == by_law(PayBlock(Fraction(800), Fraction(900)), Fraction(6000), TWO_PERCENT, 2025, 2029)

    def test_json_carries_the_pays(self, write):
        strategy = str(write(ISSUE))
        result = run("allocate", "2027", "-s", strategy, "-f", "json", "--pay", "vezi/staff/2=1000:1200,50")
        assert json.loads(result.stdout)["scenario"] == {
            "shares": {},
            "rates": [],
            "pays": [{"path": "vezi/staff/2", "before": "1000", "target": "1200.50"}],
        }
        assert json.loads(run("allocate", "2027", "-s", strategy, "-f", "json").stdout)["scenario"] is None
        plan = json.loads(run("plan", "-s", strategy, "-f", "json", "--pay", "vezi/staff/2=1000:1200").stdout)
        assert plan["scenario"]["pays"] == [{"path": "vezi/staff/2", "before": "1000", "target": "1200"}]

    def test_diff_of_a_year_with_itself_shows_what_it_would_cost_each_municipality(self, write):
        strategy = str(write(ISSUE))
        result = run("diff", "2027", "2027", "-s", strategy, "-f", "json", "--pay", "vezi/staff/1=2000:2600")
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["before"]["scenario"] is None
        assert document["after"]["scenario"]["pays"] == [{"path": "vezi/staff/1", "before": "2000", "target": "2600"}]
        row = next(row for row in document["rows"] if row["path"] == ["vezi", "staff"])
        law = by_law(PayBlock(Fraction(2000), Fraction(2600), Fraction(3500)), Fraction(31968), TWO_PERCENT, 2025, 2027)
        issue = by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2027)
        assert exact(row["total"]["after"]) - exact(row["total"]["before"]) == law[2027] - issue[2027]
        changes = [exact(figure["change"]) for figure in row["figures"].values()]
        assert sum(changes) == law[2027] - issue[2027] and all(change != 0 for change in changes)

    def test_a_table_read_back_keeps_the_pays(self, write, tmp_path):
        strategy, table = str(write(ISSUE)), tmp_path / "2027.json"
        options = ("-f", "json", "-o", str(table), "--pay", "vezi/staff/2=1000:1200")
        assert run("allocate", "2027", "-s", strategy, *options).exit_code == 0
        document = json.loads(run("diff", "2027", str(table), "-s", strategy, "-f", "json").stdout)
        assert document["after"]["scenario"]["pays"] == [{"path": "vezi/staff/2", "before": "1000", "target": "1200"}]


# --- The shipped strategy's commented pay block, and README's worked example -----------------------

SHIPPED = (ROOT / "data" / "strategija_2025.yaml").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n### Staff costs by the pay law\n", 1)[1].split("\n### ", 1)[0]


def uncommented(text: str) -> str:
    """The shipped strategy with its commented pay block in force: "# " taken off its five lines."""
    lines = text.splitlines(keepends=True)
    start = next(number for number, line in enumerate(lines) if line.strip() == "# pay:")
    for number in range(start, start + 5):
        lines[number] = lines[number].replace("# ", "", 1)
    return "".join(lines)


class TestShippedAndReadme:
    def test_the_shipped_strategy_has_no_pay_in_force(self):
        strategy = strategy_from_text(SHIPPED)
        assert not strategy.pay_schedules
        assert all(
            line.pay is None and all(item.pay is None for item in line.items or ())
            for society in strategy.societies
            for line in society.lines
        )
        assert SHIPPED.count("# pay:") == 1

    def test_its_commented_block_in_force_is_the_readmes_example_and_changes_that_item_only(self, write):
        moja = write(uncommented(SHIPPED), "moja.yaml")
        shipped = write(SHIPPED, "shipped.yaml")
        assert amounts_of(moja, "vezi/staff/1") == by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029)
        for year in (2025, 2027):
            with_pay, without = parts_of(moja, year), parts_of(shipped, year)
            assert {path: part for path, part in with_pay.items() if path != "vezi/staff/1"} == {
                path: part for path, part in without.items() if path != "vezi/staff/1"
            }
        [example] = [block for block in re.findall(r"```yaml\n(.*?)```", SECTION, flags=re.S) if "pay:" in block]
        item = yaml.safe_load(textwrap.dedent(example))[0]
        vezi = yaml.safe_load(uncommented(SHIPPED))["societies"][1]["lines"][0]["items"][0]
        assert {**vezi["pay"], "schedule": "reform-2025"} == item["pay"] and vezi | {"pay": None} == item | {
            "pay": None
        }

    def test_the_readme_shows_the_figures_by_hand(self):
        """The months of 2027, and each year's A(Y) in bold, are the rule's (computed here, not by sofin)."""
        assert "jan–jun 2.463,15; jul–dec 2.563,15" in SECTION
        for year, amount in by_law(ISSUE_PAY, Fraction(31968), TWO_PERCENT, 2025, 2029).items():
            if year > 2025:
                figure = f"{int(amount):,}".replace(",", ".")
                assert re.search(rf"^\| {year} \|.*\| \*\*{re.escape(figure)}\*\* \|$", SECTION, flags=re.M), year
        flat = indexed(Fraction(31968), TWO_PERCENT, 2025, 2029)
        assert "At the flat 2 % alone the item would be 32.607, 33.259, 33.924 and 34.602." in SECTION
        assert [flat[year] for year in range(2026, 2030)] == [32607, 33259, 33924, 34602]

    def test_the_readme_shows_what_sofin_prints(self, write):
        """The output pasted under the commands is what they print."""
        moja = write(uncommented(SHIPPED), "moja.yaml")
        command, printed = re.findall(r"```sh\n(.*?)```\n\n```\n(.*?)```", SECTION, flags=re.S)[0]
        assert "grep -A3 '\"vezi/staff/1\"'" in command and "2026 2027 2028 2029" in command
        lines = []
        for year in range(2026, 2030):
            output = run("allocate", str(year), "-s", str(moja), "-f", "json").stdout.splitlines()
            start = next(number for number, line in enumerate(output) if '"vezi/staff/1"' in line)
            lines += output[start : start + 4]
        assert printed == "\n".join(lines) + "\n"
        plan = json.loads(run("plan", "-s", str(moja), "-f", "json").stdout)
        flat = json.loads(run("plan", "-s", str(write(SHIPPED, "shipped.yaml")), "-f", "json").stdout)
        for document, words in (
            (plan, "VEZI at {}, {}, {} and {} in 2026–2029"),
            (flat, "against\n{}, {}, {} and {} at"),
        ):
            [vezi] = [society for society in document["societies"] if society["id"] == "vezi"]
            figures = [f"{int(vezi['figures'][str(year)]):,}".replace(",", ".") for year in range(2026, 2030)]
            assert words.format(*figures) in SECTION

    def test_the_messages_the_readme_quotes(self, write, monkeypatch):
        quoted = " ".join(SECTION.split())  # README wraps its lines
        monkeypatch.chdir(write(uncommented(SHIPPED), "moja.yaml").parent)
        write(uncommented(SHIPPED).replace("target: 2588.10", "target: 2000"), "moja.yaml")
        [message] = refusal(Path("moja.yaml"))
        assert message in quoted, message
        write(uncommented(SHIPPED) + "adopted:\n  2027:\n    vezi/staff/1: 3000\n", "moja.yaml")
        [message] = refusal(Path("moja.yaml"))
        assert message.split(": ", 1)[1].split(" (its")[0] in quoted, message
        write(uncommented(SHIPPED), "moja.yaml")
        [message] = refusal(Path("moja.yaml"), "--pay", "vezi/staff/1=2000:1999")
        assert message in quoted, message
        result = run("allocate", "2027", "-s", "moja.yaml", "--lang", "en", "--pay", "vezi/staff/1=2000:2600")
        assert result.stdout.splitlines()[0] in quoted
        result = run("allocate", "2027", "-s", "moja.yaml", "-f", "json", "--pay", "vezi/staff/1=2000:2600")
        assert json.dumps(json.loads(result.stdout)["scenario"]["pays"], ensure_ascii=False) in quoted

    def test_the_readmes_later_law_is_a_schedule_sofin_takes(self, write):
        [example] = [
            block for block in re.findall(r"```yaml\n(.*?)```", SECTION, flags=re.S) if "pay_schedules:" in block
        ]
        text = uncommented(SHIPPED).replace("societies:\n", example + "societies:\n", 1)
        text = text.replace('aneks 2025"', 'aneks 2025"\n              schedule: reform-2027', 1)
        own = (Tranche(date(2027, 1, 1), Fraction(50), Fraction(100)), Tranche(date(2028, 1, 1), None))
        assert amounts_of(write(text), "vezi/staff/1") == by_law(
            PayBlock(ISSUE_PAY.before, ISSUE_PAY.target, ISSUE_PAY.other, own), Fraction(31968), TWO_PERCENT, 2025, 2029
        )
