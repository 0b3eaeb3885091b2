"""Projected figures and scenarios in the formats people read: allocate's table, Markdown, HTML,
workbook and journal, and plan (societies that start or end, a key that changes)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from sofin.pipeline import allocate_year, plan_period
from sofin.render.allocate.layout import section4_layout
from sofin.render.allocate.table import render_table
from sofin.render.section4 import _words
from sofin.render.text import one_cell_each, plain_text
from sofin.words import Language

from .helpers import MINIMAL, assert_golden, balances, run
from .helpers.section4 import allocation_table
from .helpers.workbooks import load

MARK = "†"
FOOTNOTE_2027 = (
    "† Projekcija, ne sprejeti zneski: izračunano s stopnjami rasti, ki niso sprejete (materialni stroški programa "
    "2026–2027: 2\u00a0%; stroški zaposlenih 2026–2027: 2\u00a0%); načrtovana stopnja velja, "
    "dokler občine ne sprejmejo zneskov ali stopnje za posamezno leto."
)
WHAT_IF = ("--rate", "staff:2027=3.5", "--share", "komen=16.32", "--share", "sezana=49.78")
BANNER = (
    "SCENARIJ, ne sprejeta strategija: Občina Komen: delež 16,32\u00a0%; Občina Sežana: delež 49,78\u00a0%; "
    "stroški zaposlenih 2027: 3,5\u00a0%"
)
TEXT_FORMATS = ["table", "markdown", "html", "ledger"]

# MINIMAL with both kinds' 2026 rate adopted (with its source): 2026 rests on nothing that is not adopted.
ADOPTED_2026 = MINIMAL.replace(
    "  staff: {default: 2}\n  programme: {default: 2, 2027: 2.5}\n",
    '  staff: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}}\n'
    '  programme: {default: 2, 2026: {rate: 3.1, source: "Izhodišča 2026, oktober 2025"}, 2027: 2.5}\n',
)

# A society that starts in 2027 (listed first), one that ends in 2028, and a key that changes in 2027.
STARTS_AND_ENDS = """\
strategy: Test strategy
period: [2025, 2029]
base_year: 2025
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: {2025: 60.5, 2027: 55}}
  - {id: b, name: Občina B, share: {2025: 39.5, 2027: 45}}
indexation:
  staff: {default: 2}
  programme: {default: 2}
societies:
  - id: s
    name: Društvo S
    short: S
    until: 2028
    lines:
      - {id: staff, label: Stroški zaposlenih, kind: staff, amount: 1001}
  - id: n
    name: Novo društvo
    short: N
    from: 2027
    lines:
      - {id: programme, label: Program N, kind: programme, amount: 500}
  - id: t
    name: Društvo T
    short: T
    lines:
      - {id: programme, label: Program T, kind: programme, amount: 100}
"""


def output(*args: str) -> str:
    """What sofin writes for `args`; a workbook as the text of every cell of every sheet, row by row."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    if "xlsx" not in args:
        return result.stdout
    book = load(result.stdout_bytes)
    return "\n".join(
        "\t".join("" if value is None else str(value) for value in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def labels(text: str) -> set[str]:
    """Every label the output marks as projected: the text of its line or cell before the mark."""
    chunks = text.split(f" {MARK}")[:-1]
    return {re.split(r"[\n\t|>]", chunk)[-1].strip(" *") for chunk in chunks}


class TestAllocateMarksProjectedRows:
    @pytest.mark.parametrize("output_format", ["table", "markdown", "html", "xlsx"])
    def test_2027_marks_every_row_and_names_the_planning_rates(self, output_format):
        text = output("allocate", "2027", "-f", output_format)
        allocation = allocate_year(None, 2027)
        names = {row.label for row in allocation.rows if row.path} | {"SKUPAJ OBČINE"}
        assert names <= labels(text), names - labels(text)
        assert FOOTNOTE_2027 in text

    def test_2027_journal_marks_every_transaction_in_a_comment_and_names_the_planning_rates(self):
        lines = output("allocate", "2027", "-f", "ledger").splitlines()
        headers = [number for number, line in enumerate(lines) if line.startswith("2027-01-01 ")]
        assert len(headers) == 8 and all(lines[number + 1] == f"    ; {MARK}" for number in headers)
        assert f"; {FOOTNOTE_2027}" in lines[: lines.index("commodity 1000. EUR")]

    @pytest.mark.parametrize("output_format", [*TEXT_FORMATS, "xlsx"])
    def test_2025_is_declared_and_carries_no_mark(self, output_format):
        text = output("allocate", "2025", "-f", output_format)
        assert MARK not in text and "Projekcija" not in text and "SCENARIJ" not in text

    def test_the_in_kind_marks_stay_on_the_payers_figure(self):
        lines = output("allocate", "2027").splitlines()
        vezi = next(line for line in lines if line.startswith(" Društvo VEZI"))
        assert vezi.split()[:5] == ["Društvo", "VEZI", MARK, "53.617", "27.227"] and vezi.split()[5] == "**"
        assert any(line.startswith("**Občina Sežana zagotavlja Društvu »VEZI«") for line in lines)
        assert lines[-1] == FOOTNOTE_2027  # after the in-kind footnotes

    def test_every_line_of_the_table_is_marked_in_the_workbook_and_figures_stay_numbers(self):
        book = load(run("allocate", "2027", "-f", "xlsx").stdout_bytes)
        sheet = book["Pregled 2027"]
        allocation = allocate_year(None, 2027)
        grand_total, *rest = allocation.rows
        for offset, row in enumerate([*rest, grand_total]):
            assert sheet.cell(5 + offset, 1).value.endswith(f" {MARK}"), row.path
            if row.level == 2:
                assert [Decimal(str(sheet.cell(5 + offset, c).value)) for c in range(3, 7)] == list(row.allocation)
        assert sheet["C8"].number_format == '#,##0"**"_*'  # VEZI, Sežana: the in-kind mark, as in 2025
        for each in book.worksheets:
            assert any(FOOTNOTE_2027 == cell.value for row in each.iter_rows() for cell in row), each.title

    def test_the_english_footnote(self):
        text = output("allocate", "2027", "--lang", "en")
        assert "ALL MUNICIPALITIES †" in text
        assert (
            "† Projection, not adopted figures: computed with rates that are not adopted (programme material costs "
            "2026–2027: 2%; staff costs 2026–2027: 2%)"
        ) in text

    def test_golden_2027_table(self):
        assert_golden("allocate_2027.txt", output("allocate", "2027"))

    def test_the_journal_still_balances_in_hledger(self, tmp_path):
        """The marks, the footnote and the banner are comments: hledger reads the journal as before."""
        journal = output("allocate", "2027", "-f", "ledger", *WHAT_IF)
        assert f"    ; {MARK}" in journal.splitlines() and f"; {BANNER}" in journal.splitlines()
        by_account = balances(journal, tmp_path, depth=2)
        scenario = json.loads(output("allocate", "2027", "-f", "json", *WHAT_IF))
        assert {payer: -by_account[f"obcine:{payer}"] for payer in scenario["rows"][0]["allocation"]} == {
            payer: Decimal(figure) for payer, figure in scenario["rows"][0]["allocation"].items()
        }


class TestAdoptedRates:
    @pytest.mark.parametrize("output_format", [*TEXT_FORMATS, "xlsx"])
    def test_a_year_at_adopted_rates_carries_no_mark(self, write, output_format):
        text = output("allocate", "2026", "-s", str(write(ADOPTED_2026)), "-f", output_format)
        assert MARK not in text and "Projekcija" not in text

    @pytest.mark.parametrize("output_format", [*TEXT_FORMATS, "xlsx"])
    def test_the_next_year_rests_on_its_own_planning_rates_only(self, write, output_format):
        text = output("allocate", "2027", "-s", str(write(ADOPTED_2026)), "-f", output_format)
        assert "(materialni stroški programa 2027: 2,5\u00a0%; stroški zaposlenih 2027: 2\u00a0%)" in text
        assert "2026:" not in text
        if output_format == "ledger":
            assert text.count(f"\n    ; {MARK}\n") == 2  # both lines
        else:
            assert {"S", "Stroški zaposlenih", "SKUPAJ OBČINE"} <= labels(text)


class TestScenario:
    @pytest.mark.parametrize("output_format", [*TEXT_FORMATS, "xlsx"])
    def test_the_banner_comes_first(self, output_format):
        text = output("allocate", "2027", "-f", output_format, *WHAT_IF)
        first = {
            "table": lambda: text.splitlines()[0],
            "markdown": lambda: text.splitlines()[0],
            "html": lambda: text.split("<body>\n", 1)[1].splitlines()[0],
            "ledger": lambda: next(line for line in text.splitlines() if "SCENARIJ" in line),
            "xlsx": lambda: text.splitlines()[1],
        }[output_format]()
        assert BANNER in first
        if output_format == "ledger":
            assert first == f"; {BANNER}" and text.index(first) < text.index("commodity")
        assert "stroški zaposlenih 2027: 3,5\u00a0% (stopnja scenarija)" in text  # in the footnote, named a what-if

    def test_every_sheet_of_the_workbook_has_the_banner_under_its_title(self):
        book = load(run("allocate", "2027", "-f", "xlsx", *WHAT_IF).stdout_bytes)
        for sheet in book.worksheets:
            assert sheet["A2"].value == BANNER, sheet.title

    def test_without_what_ifs_there_is_no_banner(self):
        assert "SCENARIJ" not in output("allocate", "2027") + output("plan")


class TestPlainTableWithMarks:
    @pytest.mark.parametrize("lang", list(Language))
    def test_the_plain_table_is_what_rich_prints_with_marks_and_a_banner(self, lang):
        """The mark is East Asian Ambiguous; rich draws it one cell wide, so the plain layout still applies."""
        allocation = allocate_year(None, 2027)
        assert one_cell_each(_words(section4_layout(allocation, lang)))
        rich_table, footnotes = allocation_table(allocation, lang)
        assert render_table(allocation, lang) == plain_text(rich_table, *footnotes)

    def test_with_a_banner(self):
        from sofin.scenario import WhatIf

        allocation = allocate_year(None, 2027, what_if=WhatIf(("komen=16.32", "sezana=49.78"), ("staff:2027=3.5",)))
        rich_table, footnotes = allocation_table(allocation, Language("sl"))
        assert render_table(allocation, Language("sl")) == plain_text(BANNER, "", rich_table, *footnotes)


class TestPlan:
    def test_societies_keep_the_strategys_order_even_when_they_never_run_together(self, write):
        """X (from 2028) is listed before Y (until 2027) in the strategy: so in the plan, too."""
        society = "  - id: {id}\n    name: D {id}\n    short: {id}\n    {years}\n    lines:\n      - {{id: p, label: P, kind: programme, amount: 100}}\n"
        text = MINIMAL + society.format(id="x", years="from: 2028") + society.format(id="y", years="until: 2027")
        rows = [line.split()[0] for line in output("plan", "-s", str(write(text))).splitlines()[4:7]]
        assert rows == ["S", "x", "y"]

    def test_years_are_marked_from_the_first_projected_one(self):
        header = output("plan").splitlines()[2].split()
        assert header == [
            "Društvo",
            "2025",
            "2026",
            MARK,
            "2027",
            MARK,
            "2028",
            MARK,
            "2029",
            MARK,
            "Skupaj",
            "2025–2029",
            MARK,
        ]
        assert "stroški zaposlenih 2026–2029: 2\u00a0%" in output("plan")

    def test_a_year_at_adopted_rates_is_not_marked(self, write):
        path = str(write(ADOPTED_2026))
        header = output("plan", "-s", path).splitlines()[2].split()
        assert header[:5] == ["Društvo", "2025", "2026", "2027", MARK]
        document = json.loads(output("plan", "-s", path, "-f", "json"))
        assert document["projected"] == {"2025": False, "2026": False, "2027": True, "2028": True, "2029": True}
        assert {(a["year"], a["kind"]) for a in document["assumptions"]} == {
            (year, kind) for year in (2027, 2028, 2029) for kind in ("staff", "programme")
        }

    def test_a_society_shows_no_figure_in_years_it_does_not_run(self, write):
        path = str(write(STARTS_AND_ENDS))
        rows = {line.split()[0]: line.split()[1:] for line in output("plan", "-s", path).splitlines()[4:7]}
        assert list(rows) == ["S", "N", "T"]  # the strategy's order
        assert rows["N"] == ["—", "—", "500", "510", "520", "1.530"]
        assert rows["S"] == ["1.001", "1.021", "1.041", "1.062", "—", "4.125"]
        assert "0" not in rows["N"] + rows["S"]

    def test_json_csv_markdown_and_workbook_of_a_society_that_starts(self, write):
        path = str(write(STARTS_AND_ENDS))
        document = json.loads(output("plan", "-s", path, "-f", "json"))
        n = next(row for row in document["societies"] if row["id"] == "n")
        assert n["figures"] == {"2025": None, "2026": None, "2027": "500", "2028": "510", "2029": "520"}
        assert n["period_total"] == "1530"
        # CSV: 0 in the years it does not run, a number for pandas (issue 23 item 2)
        assert "society,n,N,1,0,0,500,510,520,1530" in output("plan", "-s", path, "-f", "csv").splitlines()
        assert "| N | — | — | 500 | 510 | 520 | 1.530 |" in output("plan", "-s", path, "-f", "markdown")
        sheet = load(run("plan", "-s", path, "-f", "xlsx").stdout_bytes, values=True).active
        assert [sheet.cell(5, column).value for column in range(1, 8)] == ["N", "—", "—", 500, 510, 520, 1530]
        formulas = load(run("plan", "-s", path, "-f", "xlsx").stdout_bytes).active
        assert formulas.cell(5, 7).value == "=SUM(B5:F5)"  # the text of a missing year counts for nothing

    def test_a_key_that_changes_is_shown_from_each_year_it_applies(self, write):
        path = str(write(STARTS_AND_ENDS))
        text = output("plan", "-s", path)
        assert "Ključ od 2025   Ključ od 2027" in text
        assert ["Občina", "A", "60,50", "%", "55,00", "%"] in [line.split() for line in text.splitlines()]
        document = json.loads(output("plan", "-s", path, "-f", "json"))
        assert document["shares"]["2026"] == {"a": "60.5", "b": "39.5"}
        assert document["shares"]["2027"] == {"a": "55", "b": "45"}
        markdown = output("plan", "-s", path, "-f", "markdown")
        assert (
            "| Občina | Ključ od 2025 | Ključ od 2027 |" in markdown
            and "| Občina B | 39,50\u00a0% | 45,00\u00a0% |" in markdown
        )
        sheet = load(run("plan", "-s", path, "-f", "xlsx").stdout_bytes).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        at = rows.index(["Občina", "Ključ od 2025", "Ključ od 2027", None, None, None, None])
        assert rows[at + 1][:3] == ["Občina A", 60.5, 55] and rows[at + 2][:3] == ["Občina B", 39.5, 45]

    def test_a_key_that_never_changes_is_not_repeated(self):
        plan = plan_period(None)
        assert not plan.key_changes and len(plan.keys) == 1
        assert "Ključ od" not in output("plan") + output("plan", "-f", "markdown") + output("plan", "-f", "xlsx")

    def test_the_period_totals_are_over_the_years_a_society_runs(self, write):
        plan = plan_period(write(STARTS_AND_ENDS))
        for row in plan.societies:
            assert row.period_total == sum(figure for figure in row.figures if figure is not None)
        assert sum(row.period_total for row in plan.societies) == plan.grand_total.period_total

    @pytest.mark.parametrize("output_format", ["table", "markdown", "xlsx"])
    def test_the_scenario_banner_comes_first(self, output_format):
        text = output("plan", "-f", output_format, *WHAT_IF)
        assert BANNER in text.splitlines()[1 if output_format == "xlsx" else 0]

    def test_the_json_names_the_scenario(self):
        document = json.loads(output("plan", "-f", "json", *WHAT_IF))
        assert document["scenario"] == {
            "shares": {"komen": "16.32", "sezana": "49.78"},
            "rates": [{"kind": "staff", "year": 2027, "rate": "3.5"}],
        }
        assert json.loads(output("plan", "-f", "json"))["scenario"] is None


class TestFootnoteSpans:
    def test_a_kinds_consecutive_years_at_one_rate_are_one_span(self):
        from sofin.domain.amounts import Assumption, RateBasis
        from sofin.render.projection import projection_footnote

        planned, scenario = RateBasis.planned, RateBasis.scenario
        assumptions = [
            Assumption(2026, "staff", Decimal(2), planned),
            Assumption(2028, "staff", Decimal(2), planned),
            Assumption(2029, "staff", Decimal(2), planned),
            Assumption(2026, "programme", Decimal(2), planned),
            Assumption(2027, "programme", Decimal("2.5"), planned),
            Assumption(2027, "staff", Decimal("3.5"), scenario),
        ]
        footnote = projection_footnote(assumptions)
        assert footnote is not None
        listed = footnote.split("(", 1)[1].rsplit("); načrtovana stopnja velja", 1)[0]
        assert listed.split("; ") == [
            "materialni stroški programa 2026: 2\u00a0%",
            "stroški zaposlenih 2026: 2\u00a0%",
            "materialni stroški programa 2027: 2,5\u00a0%",
            "stroški zaposlenih 2027: 3,5\u00a0% (stopnja scenarija)",
            "stroški zaposlenih 2028–2029: 2\u00a0%",
        ]


class TestCsvSaysSo:
    """CSV has lines only: a projected row has 1 in its `projected` column and the notes are `#` lines after
    the data, which `sofin check` skips, so that a projection or a scenario handed on as CSV still says what it is."""

    def test_allocate_marks_and_notes_and_check_still_reads_it(self, tmp_path):
        path = tmp_path / "2027.csv"
        assert run("allocate", "2027", "-f", "csv", "--rate", "2027=3.5", "-o", str(path)).exit_code == 0
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[1].split(",")[2:4] == ["Skupaj občine", "1"]
        notes = [line for line in lines if line.startswith("#")]
        assert len(notes) == 2 and "SCENARIJ" in notes[0] and notes[1].startswith('#,"projected=1: Projekcija')
        assert lines[-2:] == notes  # after the data
        result = run("check", str(path), "--year", "2027", "--rate", "2027=3.5")
        assert result.exit_code == 0, result.stdout

    def test_the_base_year_has_no_note(self):
        """None but the printed table's (issue 23 item 9), which is no projection's or scenario's."""
        notes = [line for line in output("allocate", "2025", "-f", "csv").splitlines() if line.startswith("#")]
        assert len(notes) == 1 and "natisnjena v strategiji" in notes[0]

    @pytest.mark.parametrize("command", [("plan",), ("payments", "2027", "--payer", "komen")])
    def test_plan_and_payments_end_with_the_note(self, command):
        last = output(*command, "-f", "csv").splitlines()[-1]
        assert last.startswith('#,"projected=1: Projekcija')

    def test_a_spreadsheets_csv_keeps_a_label_that_looks_like_a_formula_text(self, write):
        text = MINIMAL.replace("short: S", "short: =HYPERLINK(1)")
        lines = output("allocate", "2025", "-s", str(write(text)), "-f", "csv", "--dialect", "sl").splitlines()
        assert lines[2].split(";")[2] == "'=HYPERLINK(1)"
