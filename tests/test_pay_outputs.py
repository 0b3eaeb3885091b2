"""What a staff figure computed by the pay law rests on, in every output: allocate's JSON (its parts'
`pay`, the schema, read back by check and diff), its footnotes for people (text, Markdown, HTML, CSV,
workbook), plan's effect of the law year by year, and diff's cause `pay_law`.

The figures are checked against the rule of the issue computed on its own, in plain Fractions, in
tests/helpers/pay_rule.py (the tranches typed from the issue's table, not read from sofin's schedule),
never by sofin.pay.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest

from .helpers import ROOT, assert_golden, run
from .helpers.pay_rule import (
    ISSUE_STAFF_LINE,
    PayBlock,
    every_year,
    f,
    paid_by_tranche,
    round_half_up,
    years_by_law,
)
from .helpers.workbooks import load

# The issue's example item, an item without pay and a programme line; a second society's staff line
# without items follows the law as a whole (its pay block names no source).
PAY_STRATEGY = (
    """\
strategy: Strategija s plačnim zakonom
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
    name: Društvo VEZI
    short: VEZI
    lines:
"""
    + ISSUE_STAFF_LINE
    + """\
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 10000}
  - id: pomoc
    name: Društvo POMOČ
    short: POMOČ
    lines:
      - id: staff
        label: Plača koordinatorke
        kind: staff
        amount: 24000
        pay: {before: 1800, target: 1950}
"""
)

SCHEDULE_SOURCE = "Zakon o skupnih temeljih sistema plač v javnem sektorju; MJU, november 2025"
TABLE_SCHEMA = ROOT / "schema" / "table.schema.json"
# Which lines and items follow the law, by the source of their pays before and after the reform, and the schedule.
PAY_FOOTNOTE_2027 = (
    "Stroški zaposlenih po plačni zakonodaji (tranše plačne reforme, nato stopnja rasti stroškov zaposlenih): "
    "VEZI – Stroški zaposlenih: Strokovna delavka (vir plač pred reformo in po njej: Pogodba o zaposlitvi, "
    "aneks 2025); POMOČ – Plača koordinatorke (vir plač pred reformo in po njej: ni naveden). "
    f"Razpored tranš reform-2025: {SCHEDULE_SOURCE}."
)
WHAT_IF = ("--pay", "vezi/staff/1=2200:2700")


def cents(value: Fraction) -> str:
    """A sum of monthly pays as euros and cents: 30157.80."""
    whole = value * 100
    assert whole.denominator == 1
    return f"{whole.numerator // 100}.{whole.numerator % 100:02d}"


def by_the_law(amount: int, other: Fraction, before: str, target: str, years: range, rate: int = 2) -> dict:
    """Each year's A, O, f and what the rate alone would have given: {year: (A, O, f, rate alone)}."""
    block = PayBlock(Fraction(before), Fraction(target), other)
    steps = years_by_law(block, Fraction(amount), every_year(rate, years[0] + 1, years[-1]), years[0], years[-1])
    history = {years[0]: (amount, other, steps[years[0]].f, None)}
    for year in years[1:]:
        rate_alone = round_half_up(steps[year - 1].amount * (1 + Fraction(rate, 100)))
        history[year] = (int(steps[year].amount), steps[year].other, steps[year].f, int(rate_alone))
    return history


STRATEGY_PROFESSIONAL = by_the_law(31968, Fraction(3500), "2123.45", "2588.10", range(2025, 2030))
COORDINATOR = by_the_law(24000, Fraction(0), "1800", "1950", range(2025, 2030))
# What the law adds each year over the rate alone: A(Y) - round_half_up(A(Y-1) x 1.02), over both amounts.
EFFECT = {
    year: sum(history[year][0] - history[year][3] for history in (STRATEGY_PROFESSIONAL, COORDINATOR))
    for year in range(2026, 2030)
}


# Helpers


@pytest.fixture
def strategy(write) -> Path:
    path: Path = write(PAY_STRATEGY)
    return path


def output(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> dict:
    document: dict = json.loads(output(*args, "-f", "json"))
    return document


def parts_by_path(document: dict) -> dict[str, dict]:
    return {part["path"]: part for row in document["rows"] for part in row.get("parts", [])}


def rows_by_path(document: dict) -> dict[tuple[str, ...], dict]:
    return {tuple(row["path"]): row for row in document["rows"]}


def schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(TABLE_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


class TestTheIndependentRule:
    def test_it_gives_the_issues_months(self):
        """jan–jun 2.463,15; jul–dec 2.563,15 in 2027: the rule in helpers/pay_rule.py reads the issue's table as sofin must."""
        before, target = Fraction("2123.45"), Fraction("2588.10")
        paid = paid_by_tranche(before, target)
        assert paid == [100, 100, 70, Fraction("69.70"), 100, Fraction("24.95")]
        assert f(before, target, 2027) == 6 * Fraction("2463.15") + 6 * Fraction("2563.15")


class TestAllocateJson:
    def test_golden(self, strategy):
        assert_golden("pay_allocate_2027.json", output("allocate", "2027", "-s", str(strategy), "-f", "json"))

    @pytest.mark.parametrize("year", [2026, 2027, 2028, 2029])
    def test_a_part_computed_by_the_law_carries_every_figure_of_its_step(self, strategy, year):
        part = parts_by_path(as_json("allocate", str(year), "-s", str(strategy)))["vezi/staff/1"]
        amount, other, f, _ = STRATEGY_PROFESSIONAL[year]
        last_amount, last_other, last_f, _ = STRATEGY_PROFESSIONAL[year - 1]
        assert part["amount"] == str(amount) and part["source"] == "indexed"
        assert (part["rate"], part["rate_basis"], part["projected"]) == ("2", "planned", True)
        pay = dict(part["pay"])
        factor = pay.pop("factor")
        assert pay == {
            "schedule": "reform-2025",
            "schedule_source": SCHEDULE_SOURCE,
            "source": "Pogodba o zaposlitvi, aneks 2025",
            "scenario": False,
            "before": "2123.45",
            "target": "2588.10",
            "year_pay": cents(f),
            "previous_year_pay": cents(last_f),
            "previous_amount": str(last_amount),
            "previous_other": str(last_other),
            "other": str(other),
        }
        assert abs(Fraction(factor) - f / last_f) <= Fraction(1, 2 * 10**12)  # half-up to 12 decimals
        assert len(factor.split(".")[1]) == 12

    def test_the_figure_is_re_derived_from_the_json_alone(self, strategy):
        """A program reading the table recomputes each law figure from its members and the rule of README."""
        for year in (2026, 2027, 2028):
            for part in parts_by_path(as_json("allocate", str(year), "-s", str(strategy))).values():
                if "pay" in part:
                    pay, rate = part["pay"], 1 + Fraction(part["rate"]) / 100
                    previous, other = Fraction(pay["previous_amount"]), Fraction(pay["previous_other"])
                    exact = (previous - other) * Fraction(pay["year_pay"]) / Fraction(pay["previous_year_pay"]) + other
                    assert round_half_up(exact * rate) == int(part["amount"]), (year, part["path"])
                    assert round_half_up(other * rate) == int(pay["other"])

    def test_a_line_without_items_follows_the_law_as_a_whole(self, strategy):
        part = parts_by_path(as_json("allocate", "2026", "-s", str(strategy)))["pomoc/staff"]
        assert part["amount"] == str(COORDINATOR[2026][0])
        assert part["pay"]["source"] is None and part["pay"]["before"] == "1800.00"

    def test_no_pay_member_on_the_base_year_an_item_without_pay_a_programme_line_or_an_adopted_amount(self, write):
        adopted = write(PAY_STRATEGY + "adopted:\n  2027:\n    vezi/staff/1: 40000\n")
        for year, path in ((2025, "vezi/staff/1"), (2027, "vezi/staff/2"), (2027, "vezi/programme")):
            assert "pay" not in parts_by_path(as_json("allocate", str(year), "-s", str(adopted)))[path]
        part = parts_by_path(as_json("allocate", "2027", "-s", str(adopted)))["vezi/staff/1"]
        assert part["source"] == "adopted" and "pay" not in part
        after = parts_by_path(as_json("allocate", "2028", "-s", str(adopted)))["vezi/staff/1"]
        assert after["pay"]["previous_amount"] == "40000"  # the adopted amount is the next year's base

    def test_a_what_if_says_so_and_names_no_source(self, strategy):
        document = as_json("allocate", "2027", "-s", str(strategy), *WHAT_IF)
        pay = parts_by_path(document)["vezi/staff/1"]["pay"]
        assert (pay["scenario"], pay["source"], pay["before"], pay["target"]) == (True, None, "2200.00", "2700.00")
        assert parts_by_path(document)["pomoc/staff"]["pay"]["scenario"] is False  # only the path it names
        assert document["scenario"]["pays"] == [{"path": "vezi/staff/1", "before": "2200", "target": "2700"}]


def as_adopted(part: dict) -> None:
    """The part as an adopted amount is written, its pay member kept: nothing else is wrong with it."""
    part.update(source="adopted")
    del part["rate"], part["rate_basis"]


class TestTableSchema:
    @pytest.mark.parametrize("args", [("2025",), ("2026",), ("2027",), ("2029", "--fair"), ("2027", *WHAT_IF)])
    def test_tables_with_pay_are_valid(self, strategy, args):
        schema_validator().validate(as_json("allocate", *args, "-s", str(strategy)))

    @pytest.mark.parametrize(
        ("mistake", "change"),
        [
            ("a pay member without its factor", lambda pay, part: pay.pop("factor")),
            ("an unknown member in pay", lambda pay, part: pay.update(months="12")),
            ("a monthly pay with three decimals", lambda pay, part: pay.update(before="2123.450")),
            ("a year's pay as a JSON number", lambda pay, part: pay.update(year_pay=30157.8)),
            ("pay on an adopted amount", lambda pay, part: as_adopted(part)),
        ],
    )
    def test_refuses_what_sofin_never_writes(self, strategy, mistake, change):
        document = as_json("allocate", "2027", "-s", str(strategy))
        part = parts_by_path(document)["vezi/staff/1"]
        change(part["pay"], part)
        assert list(schema_validator().iter_errors(document)), f"the schema takes {mistake}"


class TestReadBack:
    def test_check_reads_a_table_with_pay(self, strategy, tmp_path):
        table = tmp_path / "2027.json"
        output("allocate", "2027", "-s", str(strategy), "-f", "json", "-o", str(table))
        result = run("check", str(table), "-s", str(strategy))
        assert result.exit_code == 0 and "tabela je usklajena" in result.stdout, result.output

    def test_check_refuses_a_pay_member_sofin_never_writes(self, strategy, tmp_path):
        document = as_json("allocate", "2027", "-s", str(strategy))
        parts_by_path(document)["vezi/staff/1"]["pay"]["year_pay"] = "-1"
        table = tmp_path / "bad.json"
        table.write_text(json.dumps(document), encoding="utf-8")
        result = run("check", str(table), "-s", str(strategy))
        assert result.exit_code == 2 and "year_pay" in result.output

    def test_tables_read_back_give_the_diff_of_the_years(self, strategy, tmp_path):
        """The same rows, causes and amount notes, the pay law's factor included, from the files as from the years."""
        tables = []
        for year in ("2026", "2027"):
            tables.append(tmp_path / f"{year}.json")
            output("allocate", year, "-s", str(strategy), "-f", "json", "-o", str(tables[-1]))
        from_years = as_json("diff", "2026", "2027", "-s", str(strategy))
        from_files = as_json("diff", *map(str, tables))
        assert from_files["rows"] == from_years["rows"]
        text = output("diff", *map(str, tables))
        assert "plačni zakon (reform-2025, faktor 1,06036, nato 2\u00a0%, načrtovana stopnja)" in text


class TestFootnotes:
    def test_golden_text(self, strategy):
        assert_golden("pay_allocate_2027.txt", output("allocate", "2027", "-s", str(strategy)))

    @pytest.mark.parametrize("output_format", ["table", "markdown", "html", "csv"])
    def test_every_format_names_the_law_and_keeps_the_projection(self, strategy, output_format):
        text = output("allocate", "2027", "-s", str(strategy), "-f", output_format)
        assert "Projekcija, ne sprejeti zneski" in text
        if output_format == "csv":  # the mark is the `projected` column; the notes are `#` lines after the data
            notes = [line[1] for line in csv.reader(io.StringIO(text)) if line[0] == "#"]
            assert len(notes) == 2 and notes[0].startswith("projected=1: Projekcija") and notes[1] == PAY_FOOTNOTE_2027
            assert "2,vezi/staff,Stroški zaposlenih,1," in text
        else:
            assert PAY_FOOTNOTE_2027 in text and "Stroški zaposlenih †" in text

    def test_the_workbook_has_the_note_on_every_sheet(self, strategy):
        book = load(run("allocate", "2027", "-s", str(strategy), "-f", "xlsx").stdout_bytes)
        for sheet in book.worksheets:
            cells = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
            assert PAY_FOOTNOTE_2027 in cells, sheet.title
            assert any(str(cell).startswith("† Projekcija") for cell in cells), sheet.title

    def test_the_base_year_has_none(self, strategy):
        assert "plačni zakonodaji" not in output("allocate", "2025", "-s", str(strategy))

    def test_the_journal_names_the_law_in_its_header(self, strategy):
        header = [line for line in output("allocate", "2027", "-s", str(strategy), "-f", "ledger").splitlines()]
        assert f"; {PAY_FOOTNOTE_2027}" in header[: header.index("")]

    @pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "ledger", "html"])  # html: issue 26 item 3
    def test_a_municipalitys_payments_name_the_law(self, strategy, output_format):
        """The contracts rest on the lines' figures: what those follow is said under the instalments too."""
        text = output("payments", "2027", "-p", "a", "-s", str(strategy), "-f", output_format)
        assert PAY_FOOTNOTE_2027 in text
        assert "plačni zakonodaji" not in output("payments", "2025", "-p", "a", "-s", str(strategy))

    def test_a_what_if_is_named_as_the_source(self, strategy):
        text = output("allocate", "2027", "-s", str(strategy), *WHAT_IF)
        assert (
            "VEZI – Stroški zaposlenih: Strokovna delavka (vir plač pred reformo in po njej: scenarij ukazne vrstice "
            "(--pay), ne strategija); POMOČ – Plača koordinatorke (vir plač pred reformo in po njej: ni naveden)"
        ) in text

    def test_adopted_rates_leave_the_law_figure_unmarked_and_still_named(self, write):
        """Projected while a planning rate is used: with every staff rate up to 2027 adopted, the law's 2027
        figure rests on adopted figures only, and its footnote says what it follows."""
        adopted = PAY_STRATEGY.replace(
            "  staff: {default: 2}\n",
            "  staff: {default: 2, 2026: {rate: 2, source: Izhodišča 2026}, 2027: {rate: 2, source: Izhodišča 2027}}\n",
        ).replace("      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 10000}\n", "")
        text = output("allocate", "2027", "-s", str(write(adopted)))
        assert "†" not in text and PAY_FOOTNOTE_2027 in text
        planned = output("allocate", "2028", "-s", str(write(adopted)))
        assert "Stroški zaposlenih †" in planned and "stroški zaposlenih 2028: 2\u00a0%" in planned

    def test_in_english(self, strategy):
        text = output("allocate", "2027", "-s", str(strategy), "--lang", "en")
        assert (
            "Staff costs by the pay law (the pay reform's tranches, then the staff cost rate): VEZI – Stroški "
            "zaposlenih: Strokovna delavka (source of the monthly pay before and after the reform: Pogodba o "
            "zaposlitvi, aneks 2025); POMOČ – Plača koordinatorke (source of the monthly pay before and after the "
            f"reform: none given). Tranche schedule reform-2025: {SCHEDULE_SOURCE}."
        ) in text


class TestPlan:
    def test_golden(self, strategy):
        assert_golden("pay_plan.txt", output("plan", "-s", str(strategy)))
        assert_golden("pay_plan.json", output("plan", "-s", str(strategy), "-f", "json"))

    def test_the_effect_is_the_laws_figure_minus_the_rate_alone(self, strategy):
        """Each year: for every amount the law computed, A(Y) - round_half_up(A(Y-1) x 1.02), summed."""
        expected = {str(year): str(effect) for year, effect in EFFECT.items()}
        document = as_json("plan", "-s", str(strategy))
        assert document["pay_law"]["figures"] == {"2025": None, **expected}
        assert document["pay_law"]["period_total"] == str(sum(map(int, expected.values())))
        assert expected["2029"] == "0"  # the reform is complete: the factor is 1, the law adds nothing

    def test_a_year_with_the_law_item_adopted_has_no_effect_of_its_own(self, write):
        adopted = write(PAY_STRATEGY + "adopted:\n  2027:\n    vezi/staff/1: 40000\n")
        figures = as_json("plan", "-s", str(adopted))["pay_law"]["figures"]
        assert figures["2027"] == str(COORDINATOR[2027][0] - COORDINATOR[2027][3])  # the other line's alone
        rate_alone = round_half_up(Fraction(40000) * Fraction(102, 100))
        exact = (40000 - Fraction(STRATEGY_PROFESSIONAL[2027][1])) * STRATEGY_PROFESSIONAL[2028][2]
        exact = (exact / STRATEGY_PROFESSIONAL[2027][2] + STRATEGY_PROFESSIONAL[2027][1]) * Fraction(102, 100)
        assert figures["2028"] == str(round_half_up(exact) - rate_alone + COORDINATOR[2028][0] - COORDINATOR[2028][3])

    def test_markdown_and_csv_show_it(self, strategy):
        markdown = output("plan", "-s", str(strategy), "-f", "markdown", "--lang", "en")
        figures = [f"{effect:,}" for effect in (*EFFECT.values(), sum(EFFECT.values()))]
        assert f"| Added by the pay law | — | {' | '.join(figures)} |" in markdown
        text = output("plan", "-s", str(strategy), "-f", "csv")
        rows = [row for row in csv.reader(io.StringIO(text)) if row[0] == "pay_law"]
        figures = [str(effect) for effect in (*EFFECT.values(), sum(EFFECT.values()))]
        # 0 in the base year, which the law computes nothing for (JSON: null): every data cell a number
        assert rows == [["pay_law", "", "Več zaradi plačnega zakona", "1", "0", *figures]]

    def test_the_workbook_shows_it(self, strategy):
        sheet = load(run("plan", "-s", str(strategy), "-f", "xlsx").stdout_bytes, values=True).worksheets[0]
        row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Več zaradi plačnega zakona")
        assert row[1] == "—" and list(row[2:]) == [*EFFECT.values(), sum(EFFECT.values())]

    def test_nothing_without_pay(self, write):
        pay_blocks = (
            "            pay:\n              before: 2123.45\n              target: 2588.10\n              other: 3500\n"
            '              source: "Pogodba o zaposlitvi, aneks 2025"\n',
            "        pay: {before: 1800, target: 1950}\n",
        )
        text = PAY_STRATEGY
        for block in pay_blocks:
            assert block in text
            text = text.replace(block, "")
        without = write(text)
        assert "pay_law" not in as_json("plan", "-s", str(without))
        assert "plačnega zakona" not in output("plan", "-s", str(without))
        assert "pay_law" not in output("plan", "-s", str(without), "-f", "csv")


class TestDiff:
    def test_golden(self, strategy):
        assert_golden("pay_diff_2026_2027.txt", output("diff", "2026", "2027", "-s", str(strategy)))
        assert_golden("pay_diff_2026_2027.json", output("diff", "2026", "2027", "-s", str(strategy), "-f", "json"))

    def test_the_cause_is_the_pay_law(self, strategy):
        rows = rows_by_path(as_json("diff", "2026", "2027", "-s", str(strategy)))
        assert rows["vezi", "staff"]["causes"] == ["amount", "pay_law"]  # the item without pay: by the rate
        assert rows["vezi",]["causes"] == ["amount", "pay_law"] and rows[()]["causes"] == ["amount", "pay_law"]
        assert rows["vezi", "programme"]["causes"] == ["amount"]
        # Its raise of 150 was paid whole by October 2025: f(2027) = f(2026), only the rate moved it.
        assert rows["pomoc", "staff"]["causes"] == rows["pomoc",]["causes"] == ["amount"]
        notes = {note["path"]: note for note in rows["vezi", "staff"]["amounts"]}
        assert "pay" not in notes["vezi/staff/2"]
        pay = notes["vezi/staff/1"]["pay"]
        f = STRATEGY_PROFESSIONAL[2027][2] / STRATEGY_PROFESSIONAL[2026][2]
        assert abs(Fraction(pay["factor"]) - f) <= Fraction(1, 2 * 10**12)
        assert (pay["schedule"], pay["year_pay"], pay["previous_year_pay"]) == ("reform-2025", "30157.80", "28441.10")

    def test_the_note_says_how_in_english(self, strategy):
        text = output("diff", "2026", "2027", "-s", str(strategy), "--lang", "en")
        assert "pay law (reform-2025, factor 1.06036, then 2%, planning rate)" in text
        # Complete in 2025, factor 1: the law did not move it, the rate did.
        lines = text.splitlines()
        heading = lines.index("  POMOČ / Plača koordinatorke")
        assert lines[heading + 1].split() == ["Total", "24,960†", "25,459†", "+499"]
        assert lines[heading + 4] == "    Cause: amount (indexation 2%, planning rate)"  # below its two municipalities
        assert "factor 1," not in text

    def test_a_what_if_shows_what_it_costs_each_municipality(self, strategy):
        """`diff 2027 2027 --pay`: the later side computed with the what-if; each municipality's change is
        its figure with the what-if minus its figure without."""
        document = as_json("diff", "2027", "2027", "-s", str(strategy), *WHAT_IF)
        with_it = rows_by_path(as_json("allocate", "2027", "-s", str(strategy), *WHAT_IF))
        without = rows_by_path(as_json("allocate", "2027", "-s", str(strategy)))
        rows = rows_by_path(document)
        for path in ((), ("vezi",), ("vezi", "staff")):
            for payer in ("a", "b"):
                change = int(with_it[path]["allocation"][payer]) - int(without[path]["allocation"][payer])
                assert int(rows[path]["figures"][payer]["change"]) == change != 0, (path, payer)
            assert rows[path]["causes"] == ["pay_law"], path
        assert not rows["pomoc", "staff"]["changed"] and not rows["vezi", "programme"]["changed"]
        assert document["after"]["scenario"]["pays"] == [{"path": "vezi/staff/1", "before": "2200", "target": "2700"}]
        text = output("diff", "2027", "2027", "-s", str(strategy), *WHAT_IF)
        flat = " ".join(text.split())  # diff wraps its sentences within 80 columns
        assert "Zdaj (2027): SCENARIJ, ne sprejeta strategija: vezi/staff/1: plača pred reformo 2.200,00" in flat
        assert "plači iz scenarija (--pay)" in text

    def test_without_pay_the_causes_are_as_before(self, strategy, write):
        """A line indexed by the rate alone keeps the cause `amount`, and its society too."""
        rows = rows_by_path(as_json("diff", "2027", "2028", "-s", str(strategy)))
        assert rows["vezi", "programme"]["causes"] == ["amount"]
        assert all("pay" not in note for note in rows["vezi", "programme"]["amounts"])
