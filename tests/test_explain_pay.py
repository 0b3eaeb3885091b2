"""`sofin explain` of staff pay by the pay law: an item's path, the months, f(Y), the factor, the other
part, the rate, the rounding; and the same content as JSON.

Every figure the tests expect is computed from the issue's rule with plain Fractions, not by sofin.pay
(tests/helpers/pay_rule.py): the tranches of the 2025 reform as the ministry described them, month by month.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from sofin.words import Language, catalogue

from .helpers import assert_golden, run
from .helpers import pay_rule as rule
from .helpers.pay_rule import ISSUE_STAFF_LINE, PayBlock, every_year, month_pays, round_half_up, years_by_law

# The issue's example item, in a small strategy of its own: two more payers than one, so that the
# line's split has something to round.
STRATEGY = (
    """\
strategy: Test strategy with pay
period: [2025, 2029]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 45.5}
  - {id: b, name: Občina B, share: 30.25}
  - {id: c, name: Občina C, share: 24.25}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: vezi
    name: Društvo za duševno zdravje in kreativno preživljanje prostega časa »VEZI«
    short: Društvo VEZI
    lines:
"""
    + ISSUE_STAFF_LINE
    + """\
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 6721}
"""
)

BEFORE, TARGET, OTHER, AMOUNT, RATE = Fraction("2123.45"), Fraction("2588.10"), Fraction(3500), Fraction(31968), 2


def monthly(year: int, month: int) -> Fraction:
    return month_pays(BEFORE, TARGET, year)[month - 1]


def f(year: int) -> Fraction:
    return rule.f(BEFORE, TARGET, year)


def amounts(last_year: int) -> dict[int, tuple[Fraction, Fraction, Fraction]]:
    """A(Y) rounded, O(Y) and A(Y) before rounding, year by year, at the planning rate."""
    years = years_by_law(PayBlock(BEFORE, TARGET, OTHER), AMOUNT, every_year(RATE, 2026, last_year), 2025, last_year)
    return {year: (step.amount, step.other, step.exact) for year, step in years.items()}


def plain(value: Fraction, places: int) -> str:
    """A value on the grid of `places` decimals, written with them all: 30157.80."""
    scaled = value * 10**places
    assert scaled.denominator == 1
    whole, rest = divmod(scaled.numerator, 10**places)
    return f"{whole},{rest:0{places}d}" if places else str(whole)


def sl(value: Fraction, places: int) -> str:
    """As Slovenian writes it: 30.157,80."""
    whole, _, rest = plain(value, places).partition(",")
    return f"{int(whole):,}".replace(",", ".") + (f",{rest}" if rest else "")


def en(value: Fraction, places: int) -> str:
    """As English writes it: 30,157.80."""
    whole, _, rest = plain(value, places).partition(",")
    return f"{int(whole):,}" + (f".{rest}" if rest else "")


def about(value: Fraction, places: int) -> str:
    """A value that does not end, cut after `places` decimals for display (never rounded past its half-up)."""
    unit = Fraction(1, 10**places)
    return sl(value // unit * unit, places)


def ends(value: Fraction) -> bool:
    """Whether the decimal expansion ends: the denominator has no prime factor but 2 and 5."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def explain(strategy: str, write, *args: str):
    result = run("explain", *args, "-s", str(write(strategy)))
    assert result.exit_code == 0, result.output
    return result.stdout


def explain_json(strategy: str, write, *args: str) -> dict:
    return json.loads(explain(strategy, write, *args, "-f", "json"))


class TestTheItemsMonths:
    def test_the_rule_gives_the_issues_months(self):
        """The independent computation itself, against the issue's worked figures."""
        assert [monthly(2027, m) for m in (1, 6, 7, 12)] == [Fraction("2463.15")] * 2 + [Fraction("2563.15")] * 2

    def test_2027_shows_the_months_the_sums_the_factor_the_other_part_and_the_rate(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff/1")
        a, o, exact = amounts(2027)[2027]
        a_before, o_before, _ = amounts(2027)[2026]
        assert "mesečne plače 2027: jan–jun 2.463,15; jul–dec 2.563,15" in text
        assert f"f(2027) = {sl(f(2027), 2)}, f(2026) = {sl(f(2026), 2)}" in text
        factor = f(2027) / f(2026)
        assert not ends(factor) and not ends(exact)  # so both are shown with ≈, and the factor's fraction too
        assert (
            f"f(2027) / f(2026) ≈ {about(factor, 10)} (odrezano le za prikaz; točno {factor.numerator}/{factor.denominator})"
            in text
        )
        assert (
            f"O(2026) = {sl(o_before, 0)}; O(2027) = O(2026) × (1 + 2\u00a0%), zaokroženo pol navzgor na 1 = {sl(o, 0)}"
            in text
        )
        assert "po plačnem zakonu, stopnja 2\u00a0% (načrtovana stopnja):" in text
        formula = f"A(2027) = (({sl(a_before, 0)} − {sl(o_before, 0)}) × {sl(f(2027), 2)} / {sl(f(2026), 2)} + {sl(o_before, 0)}) × (1 + 2\u00a0%)"
        assert f"{formula} ≈ {about(exact, 6)} (odrezano le za prikaz), zaokroženo pol navzgor na 1" in text
        assert f"Znesek postavke: {sl(a, 0)}†" in text
        assert f"    2027  {sl(a, 0):>10}†  po plačnem zakonu" in text

    def test_a_month_alone_and_the_year_the_reform_ends(self, write):
        text = explain(STRATEGY, write, "2029", "vezi/staff/1")
        assert "mesečne plače 2026: jan–maj 2.323,45; jun–nov 2.393,45; dec 2.463,15" in text
        assert "mesečne plače 2028: jan–dec 2.588,10" in text
        assert f(2029) == f(2028) == 12 * TARGET
        assert "f(2029) / f(2028) = 1\n" in text  # the reform is complete: the factor is 1, exactly

    def test_what_the_law_rests_on_and_the_declared_base_year(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff/1")
        assert (
            "plačni zakon: lestvica reform-2025 (Zakon o skupnih temeljih sistema plač v javnem sektorju; MJU, november 2025); "
            "mesečna osnovna plača pred reformo 2.123,45, po reformi 2.588,10 (vir: Pogodba o zaposlitvi, aneks 2025); del, ki ni plača: 3.500"
        ) in text
        assert "2025      31.968   znesek v strategiji; plača od 2026 dalje sledi lestvici reform-2025" in text

    def test_the_item_reaches_the_payers_through_its_line(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff/1")
        line = explain(STRATEGY, write, "2027", "vezi/staff")
        assert text.startswith("Društvo VEZI / Stroški zaposlenih / Strokovna delavka, leto 2027 (v EUR)\n")
        assert "Postavka se ne deli sama: njen znesek pride do občin skozi zneske vrstice „Stroški zaposlenih“." in text
        assert "Laični delavec" not in text  # the item's own history, not its line's other items
        assert text.split("Delitev po ključu")[1] == line.split("Delitev po ključu")[1]  # the line's split
        a = amounts(2027)[2027][0]
        assert f"Skupaj 2027: {sl(a, 0)} + 15.606 = {sl(a + 15606, 0)}†" in text

    def test_the_line_shows_the_pay_law_for_its_item(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff")
        assert "mesečne plače 2027: jan–jun 2.463,15; jul–dec 2.563,15" in text
        assert (
            "2027      15.606†  = 15.300 × (1 + 2\u00a0%) = 15.606, zaokroženo pol navzgor na 1 (načrtovana stopnja)"
            in text
        )

    def test_in_english(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff/1", "--lang", "en")
        assert "monthly pay 2027: Jan–Jun 2,463.15; Jul–Dec 2,563.15" in text
        assert "monthly pay 2026: Jan–May 2,323.45; Jun–Nov 2,393.45; Dec 2,463.15" in text
        assert "by the pay law, rate 2% (planning rate):" in text
        assert f"f(2027) = {en(f(2027), 2)}, f(2026) = {en(f(2026), 2)}" in text

    def test_an_adopted_rate_is_named_with_its_source(self, write):
        adopted_rate = STRATEGY.replace(
            "staff: {default: 2}", 'staff: {default: 2, 2027: {rate: 3.1, source: "Izhodišča 2027"}}'
        )
        text = explain(adopted_rate, write, "2027", "vezi/staff/1")
        assert "po plačnem zakonu, stopnja 3,1\u00a0% (sprejeta stopnja; vir: Izhodišča 2027):" in text

    def test_a_what_if_pay_is_named_as_one(self, write):
        text = explain(STRATEGY, write, "2027", "vezi/staff/1", "--pay", "vezi/staff/1=2000:2600")
        assert "pred reformo 2.000,00, po reformi 2.600,00 (scenarij ukazne vrstice --pay)" in text

    def test_the_golden_text(self, write):
        assert_golden("explain_2027_vezi_staff_1.txt", explain(STRATEGY, write, "2027", "vezi/staff/1"))


class TestAdopted:
    def test_an_adopted_item_says_its_other_part_goes_on(self, write):
        adopted = STRATEGY + "adopted:\n  2027:\n    vezi/staff/1: 37000\n"
        text = explain(adopted, write, "2028", "vezi/staff/1")
        o_2027 = amounts(2027)[2027][1]
        assert (
            "2027      37.000   sprejeti znesek (nadomesti izračunanega po plačnem zakonu); "
            f"del, ki ni plača, gre naprej po svojem pravilu: O(2027) = {sl(o_2027, 0)}"
        ) in text
        # 2028 grows from the adopted amount by the law: A(2027) = 37.000, O(2027) as above
        exact = ((37000 - o_2027) * f(2028) / f(2027) + o_2027) * Fraction(102, 100)
        assert f"A(2028) = ((37.000 − {sl(o_2027, 0)}) × {sl(f(2028), 2)} / {sl(f(2027), 2)}" in text
        assert f"Znesek postavke: {sl(round_half_up(exact), 0)}†" in text

    def test_a_line_adopted_whole_ends_its_items_pay_law(self, write):
        whole = STRATEGY + "adopted:\n  2028:\n    vezi/staff: 60000\n"
        said = (
            "2028      60.000   sprejeti znesek vrstice kot celote: od 2028 je vrstica en znesek, indeksiran s stopnjo "
            "za stroške zaposlenih; plača po plačnem zakonu (pay vrstice ali njenih postavk) ne velja več"
        )
        line = explain(whole, write, "2029", "vezi/staff")
        item = explain(whole, write, "2029", "vezi/staff/1")
        assert said in line and said in item
        assert "2029      61.200†  = 60.000 × (1 + 2\u00a0%) = 61.200" in item
        assert "Znesek postavke: —" in item  # the item has no amount of its own in 2029
        years = explain_json(whole, write, "2029", "vezi/staff/1", "-f", "json")["items"]
        assert [item["path"] for item in years] == ["vezi/staff/1", "vezi/staff"]
        assert [year["ends_law"] for year in years[1]["years"]] == [True, False]

    def test_a_line_adopted_whole_without_pay_says_nothing_of_the_law(self, write):
        no_pay = re.sub(r"            pay:\n(?:              .*\n)+", "", STRATEGY)
        assert "pay:" not in no_pay
        text = explain(no_pay + "adopted:\n  2028:\n    vezi/staff: 60000\n", write, "2029", "vezi/staff")
        assert "2028      60.000   sprejeti znesek (nadomesti indeksiranega)" in text


class TestJson:
    def test_carries_the_same_figures(self, write):
        document = explain_json(STRATEGY, write, "2027", "vezi/staff/1")
        a, o, exact = amounts(2027)[2027]
        assert document["row"]["path"] == ["vezi", "staff"]
        assert document["row"]["labels"] == ["Društvo VEZI", "Stroški zaposlenih"]
        assert document["item"] == {
            "path": "vezi/staff/1",
            "label": "Strokovna delavka",
            "amount": str(a),
            "projected": True,
        }
        (item,) = document["items"]
        assert item["law"]["before"] == "2123.45" and item["law"]["target"] == "2588.10"
        assert item["law"]["schedule"] == "reform-2025" and item["law"]["scenario"] is False
        year = item["years"][-1]
        assert (year["year"], year["amount"], year["rate"], year["rate_basis"]) == (2027, str(a), "2", "planned")
        step = year["pay_law"]
        assert step["periods"] == [{"from": 1, "to": 6, "pay": "2463.15"}, {"from": 7, "to": 12, "pay": "2563.15"}]
        assert Fraction(step["f"]) == f(2027) and Fraction(step["f_previous"]) == f(2026)
        factor = f(2027) / f(2026)
        assert step["factor"] == {
            "fraction": f"{factor.numerator}/{factor.denominator}",
            "decimal": about(factor, 10).replace(".", "").replace(",", "."),
            "decimal_exact": False,
        }
        assert Fraction(step["exact"]["fraction"]) == exact and step["exact"]["decimal_exact"] is False
        assert 0 <= exact - Fraction(step["exact"]["decimal"]) < Fraction(1, 10**6)
        assert Fraction(step["other_before"]) == amounts(2026)[2026][1] and Fraction(step["other_after"]) == o
        assert step["rounded"] == str(a)

    def test_every_payers_figure_as_the_text_gives_it(self, write):
        document = explain_json(STRATEGY, write, "2027", "vezi/staff/1")
        text = explain(STRATEGY, write, "2027", "vezi/staff/1")
        total = int(document["row"]["total"])
        for figure in document["figures"]:
            exact = Fraction(total) * Fraction(figure["share"]) / 100
            assert Fraction(figure["exact"]) == exact
            assert int(figure["rounded"]) in (exact.__floor__(), exact.__ceil__())
            assert figure["direction"] in ("up", "down", "exact") and figure["decided_by"]
            assert set(figure["constraints"]) == {"row", "column"} and "flip_cost" in figure
            assert f"{figure['name']} (" in text
        assert document["fair_period"] is False and document["scenario"] is None
        assert [a["year"] for a in document["assumptions"]] == [2026, 2027]

    def test_money_is_never_a_float_and_the_bytes_are_the_same_each_run(self, write):
        first = explain(STRATEGY, write, "2027", "vezi/staff/1", "-f", "json")
        assert first == explain(STRATEGY, write, "2027", "vezi/staff/1", "-f", "json")
        assert first == explain(STRATEGY, write, "2027", "vezi/staff/1", "-f", "json", "--lang", "en")

        def no_floats(value: object) -> None:
            assert not isinstance(value, float), value
            for each in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
                no_floats(each)

        no_floats(json.loads(first, parse_float=float))

    def test_a_what_if_pay_is_in_the_scenario_and_the_law(self, write):
        document = explain_json(STRATEGY, write, "2027", "vezi/staff/1", "--pay", "vezi/staff/1=2000:2600")
        assert document["scenario"]["pays"] == [{"path": "vezi/staff/1", "before": "2000", "target": "2600"}]
        assert document["items"][0]["law"]["scenario"] is True
        assert document["items"][0]["law"]["before"] == "2000.00"

    def test_the_golden_json(self, write):
        assert_golden("explain_2027_vezi_staff_1.json", explain(STRATEGY, write, "2027", "vezi/staff/1", "-f", "json"))


class TestPaths:
    @pytest.mark.parametrize(("path", "message"), [
        ("vezi/staff/3", "'vezi/staff/3' is not an item of vezi/staff; its items: vezi/staff/1 (Strokovna delavka), vezi/staff/2 (Laični delavec)"),
        ("vezi/staff/0", "'vezi/staff/0' is not an item of vezi/staff; its items: vezi/staff/1"),
        ("vezi/staff/x", "'vezi/staff/x' is not an item of vezi/staff"),
        ("vezi/programme/1", "'vezi/programme/1' is not an item: vezi/programme has no items"),
        ("vezi/nope/1", "'vezi/nope/1' is not a row; rows: /, vezi, vezi/staff, vezi/programme"),
        ("vezi/staff/1/2", "'vezi/staff/1/2' is not a row"),
    ])  # fmt: skip
    def test_a_bad_item_is_a_command_line_problem(self, write, path, message):
        result = run("explain", "2027", path, "-s", str(write(STRATEGY)), "--lang", "en")
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
        assert result.stderr.startswith("command line: PATH: ")

    def test_an_item_path_with_slashes_around_it(self, write):
        assert explain(STRATEGY, write, "2027", "/vezi/staff/1/") == explain(STRATEGY, write, "2027", "vezi/staff/1")


class TestWithoutPay:
    def test_the_shipped_strategys_json_has_the_allocations_figures(self):
        explained = json.loads(run("explain", "2027", "vezi/staff", "-f", "json").stdout)
        allocated = json.loads(run("allocate", "2027", "-f", "json").stdout)
        (row,) = [row for row in allocated["rows"] if row["path"] == ["vezi", "staff"]]
        assert {f["payer"]: f["rounded"] for f in explained["figures"]} == row["allocation"]
        assert {f["payer"]: f["exact"] for f in explained["figures"]} == row["exact"]
        assert all(year["pay_law"] is None for item in explained["items"] for year in item["years"])
        first = explained["items"][0]["years"][1]
        assert (first["indexed_from"], first["exact"], first["amount"]) == ("31968", "32607.36", "32607")


def test_every_language_names_twelve_months():
    """The months come from words/, one a month, not from Babel at run time."""
    for lang in Language:
        months = catalogue(lang).explain.months
        assert len(months) == len(set(months)) == 12, lang


def test_a_value_shown_with_about_is_cut_never_rounded_past_its_half_up():
    """221,66499999… is shown ≈ 221,664999 beside its amount 221,66, not ≈ 221,665000 (which reads as 221,67)."""
    from sofin.explain import approximation

    value = Fraction(221665, 1000) - Fraction(1, 3 * 10**8)
    shown = approximation(value, 6)
    assert not shown.exact and shown.decimal == Decimal("221.664999")
    assert approximation(Fraction(1, 4), 6).decimal == Decimal("0.25")
